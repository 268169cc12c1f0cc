"""Shared fixtures: the real content built once per test run, and a main window on it.

Qt runs offscreen: QT_QPA_PLATFORM is set here, before anything imports Qt.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep tests away from the machine's real folders and site settings: user data, config
# and cache go to a throwaway folder, and the site settings file is empty unless a test
# writes its own.
_SANDBOX = tempfile.mkdtemp(prefix="all-guide-tests-")
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = os.path.join(_SANDBOX, _name.lower())
os.environ["ALL_GUIDE_SETTINGS"] = os.path.join(_SANDBOX, "site.toml")
with open(os.environ["ALL_GUIDE_SETTINGS"], "w", encoding="utf-8") as _empty:
    _empty.write("# no site settings: the defaults (laptop)\n")

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.build import build
from db.sources import CONTENT_DIR
from desktop_app.core.repository import ContentRepository


@pytest.fixture(scope="session")
def content_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content sources, built into a database the tests may not change."""
    target = tmp_path_factory.mktemp("content") / "content.sqlite"
    build(CONTENT_DIR, target)
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
    return main_window
