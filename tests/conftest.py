"""Shared fixtures: the real content built once per test run, and a main window on it.

Qt runs offscreen: QT_QPA_PLATFORM is set here, before anything imports Qt.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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


@pytest.fixture()
def window(qtbot, content_db: Path):
    """The real main window on the real content, shown offscreen at a laptop size."""
    from desktop_app.ui.application import create_main_window

    main_window = create_main_window(content_db)
    qtbot.addWidget(main_window)
    main_window.resize(1280, 800)
    main_window.show()
    qtbot.waitExposed(main_window)
    return main_window
