"""Shared fixtures: the real content built once per test run, and a main window on it.

Qt runs offscreen: QT_QPA_PLATFORM is set here, before anything imports Qt.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep tests away from the machine's real folders and site settings: user data, config
# and cache go to a throwaway folder, and the site settings file is empty unless a test
# writes its own.
_SANDBOX = tempfile.mkdtemp(prefix="all-guide-tests-")
atexit.register(shutil.rmtree, _SANDBOX, ignore_errors=True)  # nothing left in /tmp
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = os.path.join(_SANDBOX, _name.lower())
# "Documents", where Save as PDF and Export first look, is a folder of the sandbox too
os.environ["HOME"] = os.path.join(_SANDBOX, "home")
os.makedirs(os.path.join(os.environ["HOME"], "Documents"))
os.environ["ALL_GUIDE_SETTINGS"] = os.path.join(_SANDBOX, "site.toml")
with open(os.environ["ALL_GUIDE_SETTINGS"], "w", encoding="utf-8") as _empty:
    _empty.write("# no site settings: the defaults (laptop)\n")

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.build import build
from db.sources import CONTENT_DIR
from desktop_app.core.repository import ContentRepository


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true",
                     help="also run the slow tests (freezing the app); CI always does")


def pytest_configure(config: pytest.Config) -> None:
    _track_app_filters()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Slow tests (a frozen build) run in CI (CI=true) or with --run-slow, not locally."""
    if config.getoption("--run-slow") or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="slow: runs in CI, or locally with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def content_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content sources, built into a database the tests may not change."""
    target = tmp_path_factory.mktemp("content") / "content.sqlite"
    # ALL_GUIDE_TEST_CONTENT: run the tests on another copy of resources/content
    build(Path(os.environ.get("ALL_GUIDE_TEST_CONTENT", CONTENT_DIR)), target)
    target.chmod(0o444)
    return target


@pytest.fixture()
def repository(content_db: Path) -> Iterator[ContentRepository]:
    repo = ContentRepository.open(content_db)
    yield repo
    repo.close()


@pytest.fixture()
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the content sources, for tests that break them on purpose."""
    resources = tmp_path / "resources"
    shutil.copytree(CONTENT_DIR, resources / "content")
    shutil.copytree(CONTENT_DIR.parent / "diagram", resources / "diagram")
    return resources / "content"


class FakeClock:
    """A clock the tests move by hand, for idle timeouts and PIN lockouts."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture()
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture()
def window(qtbot, content_db: Path, tmp_path: Path):
    """The real main window on the real content, laptop profile, shown offscreen."""
    from desktop_app.ui.application import create_main_window

    main_window = create_main_window(content_db, user_data=tmp_path / "user.sqlite")
    qtbot.addWidget(main_window)
    main_window.resize(1280, 800)
    main_window.show()
    qtbot.waitExposed(main_window)
    # the window's shortcuts (Alt+Left, Ctrl+F) act only once it is the active window,
    # which on a busy machine can come after it is exposed
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    return main_window


@pytest.fixture()
def start_app(qtbot, content_db: Path, tmp_path: Path, monkeypatch, clock):
    """Start ALL Guide as the `all-guide` command does, with real arguments, and return
    the Person in front of it (tests/person.py). The kiosk's idle clock is `clock`.

    `start_app("--profile", "kiosk", settings=TOML, user_data=PATH, content=PATH)`.
    """
    from desktop_app import cli
    from desktop_app.ui import kiosk
    from tests.person import Person

    monkeypatch.setattr(kiosk, "CLOCK", clock)
    people: list[Person] = []

    def start(*arguments: str, settings: str | None = None, user_data: Path | None = None,
              content: Path | None = None) -> Person:
        argv = ["--content-db", str(content or content_db),
                "--user-data", str(user_data or tmp_path / "user.sqlite")]
        if settings is not None:
            settings_file = tmp_path / f"site-{len(people)}.toml"
            settings_file.write_text(settings, "utf-8")
            argv += ["--settings", str(settings_file)]
        started = cli.launch([*argv, *arguments])
        assert isinstance(started, cli.Started), f"all-guide exited with {started}"
        qtbot.addWidget(started.window)
        qtbot.waitExposed(started.window)
        started.window.activateWindow()  # what a window manager does for a new window
        qtbot.waitUntil(started.window.isActiveWindow)
        person = Person(qtbot, started)
        people.append(person)
        return person

    yield start
    for person in people:  # the window is closed by now (kiosks unlocked: see below)
        controller = person.window.controller
        if getattr(controller, "user_data", None) is not None:
            controller.user_data.close()


def _unlock_kiosk(widget: object) -> None:
    """Staff leave a kiosk the test is done with, so that its window can close."""
    from desktop_app.ui.kiosk import KioskController

    controller = getattr(widget, "controller", None)
    if isinstance(controller, KioskController):
        controller.admin_exiting = True
        controller.remove()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """pytest-qt closes the windows a test gave to qtbot before any fixture's teardown
    runs; a kiosk refuses to close, so it is unlocked first. Otherwise the kiosk stays on
    screen, and while it does its app-wide guard swallows Escape and Alt+Left in every
    later test's window."""
    for reference, _ in getattr(item, "qt_widgets", []):
        widget = reference()
        if widget is not None:
            _unlock_kiosk(widget)
    return (yield)


_APP_FILTERS: dict[int, object] = {}  # app-wide event filters our code has installed


def _track_app_filters() -> None:
    """Note every app-wide event filter installed from Python, to find the ones a test
    leaves behind (Qt cannot list them)."""
    from PySide6.QtWidgets import QApplication

    install, remove = QApplication.installEventFilter, QApplication.removeEventFilter

    def installed(app: QApplication, watcher: object) -> None:
        _APP_FILTERS[id(watcher)] = watcher
        install(app, watcher)

    def removed(app: QApplication, watcher: object) -> None:
        _APP_FILTERS.pop(id(watcher), None)
        remove(app, watcher)

    QApplication.installEventFilter = installed  # type: ignore[method-assign]
    QApplication.removeEventFilter = removed  # type: ignore[method-assign]


def _leftovers() -> list[str]:
    """Visible top-level windows and live app-wide event filters, by class name."""
    import shiboken6
    from PySide6.QtWidgets import QApplication

    for key, watcher in list(_APP_FILTERS.items()):
        if not shiboken6.isValid(watcher):  # deleted: Qt removed it from the app itself
            del _APP_FILTERS[key]
    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    return ([f"window {type(w).__name__} {w.windowTitle()!r}" for w in windows]
            + [f"app-wide event filter {type(f).__name__}" for f in _APP_FILTERS.values()])


@pytest.fixture(autouse=True)
def _no_leftover_windows_or_filters(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test must leave no window up and no app-wide event filter installed: either
    changes what the next test's keys and clicks do. Torn down last, after qtbot has
    closed the test's windows; what is left is closed and removed, so only this test
    fails."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    # what the event loop does once a window has closed: delete it, and its filters with it
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if not _leftovers():
        return
    gc.collect()  # a window no one closed, held only in a reference cycle, goes too
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    left = _leftovers()
    if not left:
        return
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            _unlock_kiosk(widget)
            widget.hide()
    for watcher in list(_APP_FILTERS.values()):
        app.removeEventFilter(watcher)  # type: ignore[arg-type]
    pytest.fail(f"{request.node.nodeid} left behind: " + "; ".join(left), pytrace=False)
