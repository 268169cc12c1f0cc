"""Read-aloud's costs: what it adds to the bundle, and that start-up does not pay for it.

- Bundle growth: the bare window (bench/bare_window.py) frozen twice with the app's own
  pruning (desktop_app.packaging), once as it is and once with one more line,
  `import PySide6.QtTextToSpeech`, so the difference is exactly the speech module, the
  libraries it links (QtMultimedia, QtNetwork …) and the texttospeech plugins kept.
- Start-up: the app from source to its first painted home screen, against the same app
  started with QtTextToSpeech and ui/read_aloud.py blocked from importing (same run,
  interleaved); and in a child process which modules are loaded after start-up and after
  opening an article, a glossary word and the diagram (each has a Read aloud bar):
  QtTextToSpeech and QtMultimedia must not be.
- First Read aloud: a person presses Read aloud on an article (in a child with
  ALL_GUIDE_SPEECH=system and no speech-dispatcher yet running) while a 5 ms heartbeat
  timer measures the longest time the window's thread is busy in one go, against the
  same first start done as before, on the window's thread ("no voice" where there is
  none).

    python -m bench --only speech
    python -m bench.speech CONTENT_DB FOLDER                (the same, alone)
    python -m bench.speech --first-use CONTENT_DB FOLDER    (only the first Read aloud)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from bench.common import Figure, quiet_environment

REPO_ROOT = Path(__file__).resolve().parents[1]
BARE_WINDOW = REPO_ROOT / "bench" / "bare_window.py"

LOADED_CHILD = textwrap.dedent("""
    import sys, time
    from desktop_app import cli
    started = cli.launch(sys.argv[1:])
    for page in ("app:article/what-is-all", "app:glossary/stem-cell", "app:diagram"):
        started.window.open(page)
        started.app.processEvents()
    print("LOADED", sum(name in sys.modules for name in
                        ("PySide6.QtTextToSpeech", "PySide6.QtMultimedia")))
""")

# The first press as it was before the engine started in the background: made on the
# window's thread (the speechd probe, then QTextToSpeech and its voices), timed alone
BEFORE_CHILD = textwrap.dedent("""
    import json, time
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from desktop_app.ui import read_aloud
    started = time.perf_counter()
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as error:
        print("FIRST " + json.dumps({"problem": str(error)}))
        raise SystemExit(0)
    names = read_aloud.ordered_engines(QTextToSpeech.availableEngines())
    if not names:
        print("FIRST " + json.dumps({"problem": "Qt has no speech engine here"}))
        raise SystemExit(0)
    socket_path = read_aloud.speechd_socket()
    if names[0] == "speechd" and socket_path is not None:
        read_aloud.speechd_answers(socket_path)
    engine = QTextToSpeech(names[0])
    voices = len(engine.availableVoices())
    print("FIRST " + json.dumps({"engine": names[0], "voices": voices,
                                 "blocked_ms": (time.perf_counter() - started) * 1000}))
""")

# The first press now, in the app: a person presses Read aloud on an article while a
# 5 ms heartbeat timer shows how long the window's thread is ever busy in one go
AFTER_CHILD = textwrap.dedent("""
    import json, sys, time
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from desktop_app import cli
    from desktop_app.ui import read_aloud
    started = cli.launch(sys.argv[1:] + ["--page", "app:article/what-is-all"])
    app, window = started.app, started.window
    for _ in range(10):
        app.processEvents()
    bar = window.current_screen().read_aloud
    service = read_aloud.speech_service()
    beats = []
    heart = QTimer()
    heart.setTimerType(Qt.TimerType.PreciseTimer)
    heart.timeout.connect(lambda: beats.append(time.perf_counter()))
    heart.start(5)
    loop = QEventLoop()
    QTimer.singleShot(100, loop.quit)
    loop.exec()  # the heart beats steadily before the press
    pressed = time.perf_counter()
    bar.play_button.click()
    answered = time.perf_counter()
    status = bar.status.text()
    ready = {}
    def check():
        now = time.perf_counter()
        if "voice" not in ready and not service.starting():
            ready["voice"] = now
        engine = service.engine  # what the engine itself says, not the bar's hope
        if "speaking" not in ready and engine is not None and "voice" in ready and \
                read_aloud.phase_of(engine.state()) is read_aloud.Phase.SPEAKING:
            ready["speaking"] = now
        if "speaking" in ready or ("voice" in ready and now - ready["voice"] > 10) \\
                or now - pressed > 60 or service.problem:
            loop.quit()
    poll = QTimer()
    poll.timeout.connect(check)
    poll.start(20)
    loop.exec()
    heart.stop()
    gaps = [(b - a, b - pressed) for a, b in zip(beats, beats[1:]) if b > pressed]
    longest = max(gaps) if gaps else (0.0, 0.0)
    engine = service.engine
    found = {"press_ms": (answered - pressed) * 1000, "status": status,
             "longest_ms": longest[0] * 1000, "longest_at_ms": longest[1] * 1000,
             "engine": engine.engine() if engine is not None else "",
             "problem": service.problem}
    for name in ("voice", "speaking"):
        if name in ready:
            found[f"{name}_ms"] = (ready[name] - pressed) * 1000
    print("FIRST " + json.dumps(found), flush=True)
    service.close()
""")


def _freeze_pair(folder: Path) -> tuple[Path, Path]:
    """Freeze the bare window, and the bare window with QtTextToSpeech; their folders.
    In a child process, so PyInstaller's log stays out of the table."""
    done = subprocess.run([sys.executable, "-m", "bench.speech", "--freeze", str(folder)],
                          capture_output=True, text=True, check=False, cwd=REPO_ROOT)
    built = [line.split(" ", 1)[1] for line in done.stdout.splitlines()
             if line.startswith("built ")]
    if done.returncode != 0 or len(built) != 2:
        raise RuntimeError(f"freezing failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return Path(built[0]).parent, Path(built[1]).parent


def _build(folder: Path) -> tuple[Path, Path]:
    from desktop_app.packaging.bundle import build_bundle

    folder.mkdir(parents=True, exist_ok=True)
    speaking = folder / "speaking_window.py"
    speaking.write_text(BARE_WINDOW.read_text(encoding="utf-8").replace(
        "from PySide6.QtWidgets import", "import PySide6.QtTextToSpeech  # noqa: F401\n"
        "from PySide6.QtWidgets import", 1), encoding="utf-8")
    dist, work = folder / "dist", folder / "work"
    bare = build_bundle(BARE_WINDOW, "bare-window", dist, work / "bare",
                        include_app_data=False)
    with_speech = build_bundle(speaking, "speaking-window", dist, work / "speaking",
                               include_app_data=False)
    return bare, with_speech


def _files(bundle: Path) -> dict[str, int]:
    """Each file's size by its path in the bundle; the executable (named after its
    bundle) as "<executable>", so the two bundles' executables compare."""
    return {str(path.relative_to(bundle)).replace(bundle.name, "<executable>", 1)
            if path.parent == bundle and path.name.startswith(bundle.name)
            else str(path.relative_to(bundle)): path.stat().st_size
            for path in bundle.rglob("*") if path.is_file() and not path.is_symlink()}


def _compressed_mb(bundle: Path) -> float:
    from desktop_app.packaging.archive import make_archive

    with tempfile.TemporaryDirectory() as folder:
        return make_archive(bundle, Path(folder) / bundle.name).stat().st_size / 1e6


def bundle_figures(folder: Path) -> tuple[list[Figure], list[str]]:
    bare, speaking = _freeze_pair(folder)
    bare_files, speaking_files = _files(bare), _files(speaking)
    added = {name: size - bare_files.get(name, 0) for name, size in speaking_files.items()
             if size != bare_files.get(name)}
    bare_mb = sum(bare_files.values()) / 1e6
    speaking_mb = sum(speaking_files.values()) / 1e6
    bare_packed, speaking_packed = _compressed_mb(bare), _compressed_mb(speaking)
    base = "frozen bare window, same pruning"
    figures = [
        Figure("bundle growth from read-aloud, unpacked", speaking_mb - bare_mb, "MB",
               bare_mb, base, max_value=8),
        Figure("bundle growth from read-aloud, compressed for hand-over",
               speaking_packed - bare_packed, "MB", bare_packed, base, max_value=3),
        Figure("files read-aloud adds", len(set(speaking_files) - set(bare_files)), "files",
               len(bare_files), base),
    ]
    notes = [f"  {size / 1e6:+6.2f} MB  {name}" for name, size in
             sorted(added.items(), key=lambda item: -item[1])]
    return figures, notes


# The app with speech made impossible to import: if start-up needed it, this would fail
NO_SPEECH = ("import sys; sys.modules['PySide6.QtTextToSpeech'] = None; "
             "sys.modules['desktop_app.ui.read_aloud'] = None; "
             "from desktop_app.cli import main; sys.exit(main())")


def start_up_unchanged(content_db: Path, scratch: Path, runs: int = 7) -> Figure:
    """Start to first paint of the app as it is, against the same app started with the
    speech modules blocked: the same time means start-up does not pay for speech."""
    from bench.common import interleaved, median
    from bench.startup import first_paint_ms
    from desktop_app.ui.first_paint import ENVIRONMENT_VARIABLE

    environment = {**quiet_environment(scratch, content_db), ENVIRONMENT_VARIABLE: "1",
                   "PYTHONPATH": str(REPO_ROOT)}
    app = [Path(sys.executable).parent / "all-guide"]
    blocked = [sys.executable, "-c", NO_SPEECH]
    first_paint_ms(app, environment)  # untimed: both find their files in the page cache
    first_paint_ms(blocked, environment)
    values, baselines = interleaved(runs, lambda: first_paint_ms(app, environment),
                                    lambda: first_paint_ms(blocked, environment))
    return Figure(f"start to first painted home screen (median of {runs})", median(values),
                  "ms", median(baselines), "same app, speech modules blocked",
                  max_ratio=1.1)


def loaded_after_start(content_db: Path, scratch: Path) -> Figure:
    environment = quiet_environment(scratch, content_db)
    done = subprocess.run([sys.executable, "-c", LOADED_CHILD, "--content-db",
                           str(content_db), "--user-data", str(scratch / "user.sqlite")],
                          env={**environment, "PYTHONPATH": str(REPO_ROOT)},
                          capture_output=True, text=True, timeout=120, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("LOADED ")]
    if not lines:
        raise RuntimeError(f"the start-up child printed nothing:\n{done.stderr[-2000:]}")
    return Figure("speech modules loaded by start-up and three pages with a Read aloud bar",
                  float(lines[0].split()[1]), "modules", max_value=1)


def _first_press(child: list[str], content_db: Path, runtime: Path) -> dict[str, object]:
    """One child's FIRST line (or a problem), with speech on, a speech-dispatcher of its
    own (its socket in `runtime`), ended afterwards."""
    from desktop_app.ui.read_aloud import SPEECH_ENV, end_speech_dispatchers_of

    runtime.mkdir(parents=True, exist_ok=True)
    environment = {**quiet_environment(runtime, content_db), SPEECH_ENV: "system",
                   "XDG_RUNTIME_DIR": str(runtime), "PYTHONPATH": str(REPO_ROOT)}
    try:
        done = subprocess.run([sys.executable, "-c", *child], env=environment,
                              capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        return {"problem": "the system's speech service did not answer in 120 s"}
    finally:
        end_speech_dispatchers_of(runtime)
    lines = [line for line in done.stdout.splitlines() if line.startswith("FIRST ")]
    if not lines:
        return {"problem": f"the child failed:\n{done.stderr[-1500:]}"}
    found: dict[str, object] = json.loads(lines[-1].removeprefix("FIRST "))
    return found


def first_use(content_db: Path, scratch: Path) -> tuple[list[Figure], str]:
    """The first Read aloud now (the engine starts in the background) against before
    (made on the window's thread), each in a fresh child with no speech-dispatcher yet
    running, so both pay for starting one."""
    before = _first_press([BEFORE_CHILD], content_db, scratch / "before")
    after = _first_press([AFTER_CHILD, "--content-db", str(content_db),
                          "--user-data", str(scratch / "after" / "user.sqlite")],
                         content_db, scratch / "after")
    if "blocked_ms" not in before:
        return [], f"first Read aloud: no voice here ({before.get('problem', '?')})"
    if "press_ms" not in after:
        return [], f"first Read aloud: the app's child failed ({after.get('problem', '?')})"
    old = _ms(before, "blocked_ms")
    base = f"{before['engine']} engine made on the window's thread, as before"
    figures = [
        Figure("first Read aloud: the press, until the bar answers",
               _ms(after, "press_ms"), "ms", old, base, max_value=200),
        Figure("first Read aloud: longest time the window does not answer, press to voice",
               _ms(after, "longest_ms"), "ms", old, base, max_value=200),
    ]
    if "voice_ms" in after:
        figures.append(Figure(f"first Read aloud: press to the {after['engine']} voice ready "
                              "(in the background)", _ms(after, "voice_ms"), "ms"))
    if "speaking_ms" in after:
        figures.append(Figure("first Read aloud: press to the engine saying it speaks",
                              _ms(after, "speaking_ms"), "ms"))
    note = (f"first Read aloud: the bar said {after['status']!r} at once; the longest "
            f"wait ended {_ms(after, 'longest_at_ms'):.0f} ms after the press")
    if after.get("problem"):
        note += f"; then no voice ({after['problem']})"
    return figures, note


def _ms(found: dict[str, object], key: str) -> float:
    value = found[key]
    return float(value) if isinstance(value, (int, float)) else 0.0


def run(content_db: Path, scratch: Path) -> tuple[list[Figure], list[str]]:
    """The figures, and notes to print under the table (files added, no voice)."""
    scratch.mkdir(parents=True, exist_ok=True)
    figures, notes = bundle_figures(scratch / "frozen")
    figures.append(start_up_unchanged(content_db, scratch / "startup"))
    figures.append(loaded_after_start(content_db, scratch / "loaded"))
    first, note = first_use(content_db, scratch / "first")
    figures += first
    return figures, ["Files read-aloud adds to the bundle:", *notes] + ([note] if note else [])


def print_section(content_db: Path, scratch: Path) -> None:
    from bench.common import print_table

    figures, notes = run(content_db, scratch)
    print_table("Read-aloud: bundle and start-up", figures)
    print()
    for line in notes:
        print(line)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--freeze"]:
        for bundle in _build(Path(sys.argv[2])):
            print(f"built {bundle}", flush=True)
    elif sys.argv[1:2] == ["--first-use"]:
        from bench.common import print_table

        first, note = first_use(Path(sys.argv[2]), Path(sys.argv[3]))
        print_table("Read-aloud: the first Read aloud", first)
        print(f"\n{note}")
    else:
        print_section(Path(sys.argv[1]), Path(sys.argv[2]))
