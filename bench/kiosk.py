"""Memory growth over 1,000 simulated kiosk sessions, in a new process.

The ward kiosk runs for weeks; every reader's session ends with MainWindow.reset_session.
A session here opens a page, a glossary term and the diagram, searches, ticks a question,
then is wiped; deferred deletes are processed between sessions, as the event loop would.
After a warm-up longer than one round of every page and glossary term (so caches that
fill once are full), resident memory is read before and after 1,000 sessions.
Baseline, in its own process: 1,000 cycles of a bare window making, showing and deleting
a label, which shows how far resident memory drifts with no app code at all.
Run a child by hand with `python -m bench.kiosk app|bare CONTENT_DB SESSIONS`.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from bench.common import Figure, quiet_environment, rss_mb

CHILD = "rss-growth-mb"
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


def run(content_db: Path, scratch: Path, sessions: int = SESSIONS) -> list[Figure]:
    environment = quiet_environment(scratch, content_db)
    baseline = growth_mb("bare", content_db, sessions, environment)
    value = growth_mb("app", content_db, sessions, environment)
    per_thousand = 1000 / sessions
    return [Figure(f"kiosk memory growth per 1,000 sessions (measured over {sessions})",
                   value * per_thousand, "MB", baseline * per_thousand,
                   "bare window, label made and deleted", max_value=2)]


if __name__ == "__main__":
    which, database, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    grown = _app_sessions(database, count) if which == "app" else _bare_cycles(count)
    print(f"{CHILD} {grown:.2f}", flush=True)
