"""Where the app finds its bundled files, from a source checkout or a frozen bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop_app.core.content_format import CONTENT_FILE_NAME

CONTENT_DB_ENV = "ALL_GUIDE_CONTENT_DB"


def _bundle_root() -> Path:
    """The folder holding `resources/` and `db/`: the PyInstaller bundle or the checkout."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return _bundle_root() / "resources"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def default_content_db() -> Path:
    """The content database: $ALL_GUIDE_CONTENT_DB if set, else the bundled one."""
    override = os.environ.get(CONTENT_DB_ENV)
    if override:
        return Path(override)
    return _bundle_root() / "db" / CONTENT_FILE_NAME
