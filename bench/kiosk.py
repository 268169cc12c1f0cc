"""Memory growth over 1,000 simulated kiosk sessions, in a new process.

The ward kiosk runs for weeks; every reader's session ends with MainWindow.reset_session.
A session here opens a page, a glossary term and the diagram, searches, ticks a question,
then is wiped; deferred deletes are processed between sessions, as the event loop would.
After a warm-up longer than one round of every page and glossary term (so caches that
fill once are full), resident memory is read before and after 1,000 sessions.
Baseline, in its own process: 1,000 cycles of a bare window making, showing and deleting
a label, which shows how far resident memory drifts with no app code at all.
Run a child by hand with `python -m bench.kiosk app|bare CONTENT_DB SESSIONS`.

Restyling and wiping, on the kiosk at 1920x1080 (offscreen) after a reader's session
(every kind of screen made once): a text size change (A+ then A-, on an article and on
the questions page, the largest screen), a colour theme change (dark, then light) and a
wipe (Start over), each until the event loop is idle again. Baseline, in the same run:
one style sheet change on a bare window of as many widgets as the kiosk then has, which
is what each of these cost while the whole window was restyled. `python -m bench.kiosk
restyle` runs these alone (building the content first).
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import Figure, quiet_environment, rss_mb

CHILD = "rss-growth-mb"
RESTYLE = "restyle-ms"  # a child's line: RESTYLE name milliseconds
RESTYLE_ROUNDS = 5
SCREEN = (1920, 1080)
SESSION = ("app:article/what-is-all", "app:section/treatment", "app:glossary",
           "app:questions", "app:diagram?view=all", "app:search?q=blood", "app:about",
           "app:start", "app:journey")
WARM_UP = 250  # sessions: more than one round of the 203 glossary terms and 58 pages
SESSIONS = 1000
SEARCHES = ("low platelets", "hair loss", "lumbar puncture", "steroids")


def _settle() -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def _app_sessions(content_db: Path, sessions: int) -> float:
    from desktop_app.core.settings import SiteSettings
    from desktop_app.ui.application import create_application, create_main_window

    create_application()
    window = create_main_window(content_db, SiteSettings(profile="kiosk"), "kiosk",
                                clock=lambda: 0.0)  # the clock stands still: no idle reset
    window.resize(1280, 800)
    window.show()
    repository = window.repository
    pages = [f"app:{page.kind}/{page.id}" for section in repository.sections()
             for page in repository.documents_in_section(section.id)]
    terms = [f"app:glossary/{term.id}" for term in repository.glossary_terms()]

    def session(number: int) -> None:
        for address in (pages[number % len(pages)], terms[number % len(terms)],
                        "app:diagram?view=all", "app:questions"):
            window.open(address)
            _settle()
        questions = window.current_screen()
        rows = next(iter(questions.rows.values()))  # type: ignore[attr-defined]
        rows[number % len(rows)].box.click()
        window.search_field.setText(SEARCHES[number % len(SEARCHES)])
        window.search_field.textEdited.emit(window.search_field.text())
        _settle()
        window.reset_session()
        _settle()

    return _growth(session, sessions)


def _bare_cycles(sessions: int) -> float:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()

    def cycle(number: int) -> None:
        window.setCentralWidget(QLabel(f"Session {number}"))  # the old label is deleted
        _settle()

    return _growth(cycle, sessions)


def _growth(session, sessions: int) -> float:
    for number in range(WARM_UP):
        session(number)
    gc.collect()
    before = rss_mb()
    for number in range(WARM_UP, WARM_UP + sessions):
        session(number)
    gc.collect()
    return rss_mb() - before


def growth_mb(which: str, content_db: Path, sessions: int,
              environment: dict[str, str]) -> float:
    result = subprocess.run(
        [sys.executable, "-m", "bench.kiosk", which, str(content_db), str(sessions)],
        env=environment, capture_output=True, text=True, timeout=3600, check=True)
    for line in result.stdout.splitlines():
        if line.startswith(CHILD + " "):
            return float(line.split()[1])
    raise RuntimeError(f"bench.kiosk {which} printed no figure:\n{result.stderr[-2000:]}")


def _restyle_times(content_db: Path, rounds: int) -> dict[str, float]:
    """Median milliseconds of each restyle and of a wipe, and of the bare baseline."""
    import statistics
    import time

    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

    from desktop_app import cli
    from desktop_app.ui import kiosk, style

    kiosk.CLOCK = lambda: 0.0  # the clock stands still: no idle reset
    folder = tempfile.TemporaryDirectory(prefix="all-guide-restyle-")  # gone on return
    settings = Path(folder.name) / "site.toml"
    settings.write_text('profile = "kiosk"\nsite_name = "Bench ward"\n', "utf-8")
    started = cli.launch(["--profile", "kiosk", "--settings", str(settings),
                          "--content-db", str(content_db)])
    assert isinstance(started, cli.Started), started
    window = started.window
    controller = window.controller
    assert isinstance(controller, kiosk.KioskController)
    assert window.geometry().size().toTuple() == SCREEN, window.geometry()

    def settle() -> None:
        """Until the loop is idle: posted layouts, deferred deletes, zero timers."""
        for _ in range(3):
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            QApplication.processEvents()

    def session() -> None:
        for address in SESSION:
            window.open(address)
            settle()

    def click(widget: QWidget) -> float:
        start = time.perf_counter()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        settle()
        return (time.perf_counter() - start) * 1000

    def colours(name: str) -> float:
        if not window.theme_panel.isVisible():
            QTest.mouseClick(window.theme_button, Qt.MouseButton.LeftButton)
            settle()
        return click(window.theme_panel.buttons[name])

    settle()
    session()
    widgets = len(window.findChildren(QWidget))
    bare = QWidget()
    column = QVBoxLayout(bare)
    for number in range(widgets // 2):
        column.addWidget(QPushButton(f"Button {number}") if number % 2 else
                         QLabel(f"Label {number}"))
    bare.setGeometry(window.geometry())
    bare.show()
    settle()
    times: dict[str, list[float]] = {}
    for number in range(rounds):
        def timed(name: str, milliseconds: float) -> None:
            times.setdefault(name, []).append(milliseconds)

        scale = style.TEXT_SCALES[1 + number % 2]
        start = time.perf_counter()
        bare.setStyleSheet(style.style_sheet(scale, window.theme, screen=window.screen_factor))
        settle()
        timed("bare", (time.perf_counter() - start) * 1000)
        window.open(SESSION[0])
        settle()
        timed("text article", (click(window.larger_button) + click(window.smaller_button)) / 2)
        window.open("app:questions")
        settle()
        timed("text questions",
              (click(window.larger_button) + click(window.smaller_button)) / 2)
        window.open("app:home")
        settle()
        timed("theme", (colours("dark") + colours("light")) / 2)
        QTest.mouseClick(window.theme_button, Qt.MouseButton.LeftButton)  # panel closed
        window.open(SESSION[0])
        settle()
        QTest.mouseClick(window.larger_button, Qt.MouseButton.LeftButton)  # a wipe undoes it
        settle()
        timed("wipe", click(controller.start_over))
        session()
    controller.admin_exiting = True
    result = {name: statistics.median(values) for name, values in times.items()}
    result["widgets"] = widgets
    return result


def restyle_figures(content_db: Path, environment: dict[str, str],
                    rounds: int = RESTYLE_ROUNDS) -> list[Figure]:
    """The restyles and the wipe, in a child process on a 1920x1080 offscreen screen."""
    screen = Path(environment.get("XDG_CACHE_HOME", tempfile.gettempdir())) / "screen.json"
    screen.parent.mkdir(parents=True, exist_ok=True)
    screen.write_text(json.dumps({"screens": [{
        "name": "kiosk", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1],
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), "utf-8")
    child = dict(environment, QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
    result = subprocess.run(
        [sys.executable, "-m", "bench.kiosk", "restyle", str(content_db), str(rounds)],
        env=child, capture_output=True, text=True, timeout=3600, check=True)
    times = {line[len(RESTYLE) + 1:].rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
             for line in result.stdout.splitlines() if line.startswith(RESTYLE + " ")}
    if "bare" not in times:
        raise RuntimeError(f"bench.kiosk restyle printed no figure:\n{result.stderr[-2000:]}")
    bare = f"bare window of {times['widgets']:.0f} widgets restyled whole"
    names = {
        "text article": "text size change (A+, A-) on an article",
        "text questions": "text size change (A+, A-) on the questions page",
        "theme": "colour theme change (dark, light) on Home",
        "wipe": "wipe (Start over) after a session",
    }
    return [Figure(f"kiosk 1920x1080: {label}, median of {rounds}", times[key], "ms",
                   times["bare"], bare, max_value=300) for key, label in names.items()]


def run(content_db: Path, scratch: Path, sessions: int = SESSIONS) -> list[Figure]:
    environment = quiet_environment(scratch, content_db)
    figures = restyle_figures(content_db, environment)
    baseline = growth_mb("bare", content_db, sessions, environment)
    value = growth_mb("app", content_db, sessions, environment)
    per_thousand = 1000 / sessions
    return [*figures, Figure(
        f"kiosk memory growth per 1,000 sessions (measured over {sessions})",
        value * per_thousand, "MB", baseline * per_thousand,
        "bare window, label made and deleted", max_value=2)]


def _restyle_alone() -> None:
    """`python -m bench.kiosk restyle`: the content built, then the restyle figures."""
    from bench.common import print_table
    from db.build import build
    from db.sources import CONTENT_DIR

    with tempfile.TemporaryDirectory(prefix="all-guide-bench-") as folder:
        scratch = Path(folder)
        content_db = scratch / "content.sqlite"
        build(CONTENT_DIR, content_db)
        print_table("Kiosk restyling and wiping",
                    restyle_figures(content_db, quiet_environment(scratch, content_db)))


if __name__ == "__main__":
    if sys.argv[1:] == ["restyle"]:
        _restyle_alone()
        sys.exit()
    which, database, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    if which == "restyle":
        for name, value in _restyle_times(database, count).items():
            print(f"{RESTYLE} {name} {value:.1f}", flush=True)
        sys.exit()
    grown = _app_sessions(database, count) if which == "app" else _bare_cycles(count)
    print(f"{CHILD} {grown:.2f}", flush=True)
