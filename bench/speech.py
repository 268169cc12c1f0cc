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
- First Read aloud: the one-off cost of loading the system's engine, paid on first use
  (in a child with ALL_GUIDE_SPEECH=system; "no voice" where there is none).

    python -m bench --only speech
    python -m bench.speech CONTENT_DB FOLDER      (the same, alone)
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

FIRST_USE_CHILD = textwrap.dedent("""
    import json, time
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from desktop_app.ui import read_aloud
    started = time.perf_counter()
    try:
        import PySide6.QtTextToSpeech
    except ImportError as error:
        print("FIRST " + json.dumps({"problem": str(error)}))
        raise SystemExit(0)
    imported = time.perf_counter()
    try:
        engine = read_aloud.default_factory(app)
    except read_aloud.NoVoice as reason:
        print("FIRST " + json.dumps({"import_ms": (imported - started) * 1000,
                                     "problem": str(reason)}))
        raise SystemExit(0)
    loaded = time.perf_counter()
    print("FIRST " + json.dumps({"import_ms": (imported - started) * 1000,
                                 "engine_ms": (loaded - imported) * 1000,
                                 "engine": engine.engine()}), flush=True)
    if hasattr(engine, "end"):
        engine.end(500)
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


def first_use(content_db: Path, scratch: Path) -> tuple[list[Figure], str]:
    environment = {**quiet_environment(scratch, content_db), "ALL_GUIDE_SPEECH": "system",
                   "XDG_RUNTIME_DIR": str(scratch), "PYTHONPATH": str(REPO_ROOT)}
    try:
        done = subprocess.run([sys.executable, "-c", FIRST_USE_CHILD], env=environment,
                              capture_output=True, text=True, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        return [], "first Read aloud: the system's speech service did not answer in 60 s"
    finally:
        _end_speech_dispatchers_of(scratch)
    lines = [line for line in done.stdout.splitlines() if line.startswith("FIRST ")]
    if not lines:
        return [], f"first Read aloud: the child failed:\n{done.stderr[-1500:]}"
    found = json.loads(lines[0].removeprefix("FIRST "))
    figures = []
    if "import_ms" in found:
        figures.append(Figure("first Read aloud: import QtTextToSpeech (once)",
                              found["import_ms"], "ms"))
    if "engine_ms" in found:
        figures.append(Figure(f"first Read aloud: start the {found['engine']} engine (once)",
                              found["engine_ms"], "ms"))
    note = f"first Read aloud: no voice here ({found['problem']})" if "problem" in found \
        else ""
    return figures, note


def _end_speech_dispatchers_of(folder: Path) -> None:
    """End the speech-dispatcher the child started for this run (its socket is in
    `folder`), by process id, so no daemon outlives the bench."""
    import contextlib
    import os
    import signal

    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "speech-dispatcher" in command and str(folder) in command:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(entry.name), signal.SIGKILL)


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
    else:
        print_section(Path(sys.argv[1]), Path(sys.argv[2]))
