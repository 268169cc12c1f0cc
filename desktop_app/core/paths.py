"""Where the app finds its own files, the same way in a wheel, a checkout and a frozen bundle.

The files are found with `importlib.resources`, as package data of `desktop_app`, in the
folder `desktop_app/data/`, laid out like the checkout's `resources/` with the built
content database at its top:

    desktop_app/data/content.sqlite
    desktop_app/data/fonts/*.ttf, OFL.txt
    desktop_app/data/icons/*.svg
    desktop_app/data/diagram/cells.yaml
    desktop_app/data/translations/*.qm   (when the app has translations)

The wheel's build hook (setup.py) and the frozen bundle (desktop_app/packaging/bundle.py)
both write that folder (desktop_app/packaging/app_data.py), so an installed app and a frozen
one find their files alike. A checkout has no such folder: there the files stay where
editors keep them, `resources/` and `db/content.sqlite` (built by `python -m db build`). Last
comes an older bundle layout, `resources/` and `db/` at the top of a PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from desktop_app.core.content_format import CONTENT_FILE_NAME

CONTENT_DB_ENV = "ALL_GUIDE_CONTENT_DB"
DATA_PACKAGE = "desktop_app"
DATA_FOLDER = "data"  # desktop_app/data/ in a wheel or a bundle
# the folders of resources/ the app reads at run time, under the same names everywhere
DATA_SUBFOLDERS = ("fonts", "icons", "diagram", "translations")


@dataclass(frozen=True)
class DataLayout:
    """Where one copy of the app keeps its files: `kind` is "package", "checkout" or
    "bundle" (the old frozen layout)."""

    kind: str
    resources: Path  # holds fonts/, icons/, diagram/, translations/
    content_db: Path


def package_data_dir() -> Path | None:
    """desktop_app/data/ as importlib.resources finds it, or None where it is absent (a
    checkout). In a wheel and in a PyInstaller bundle it is a real folder on disk."""
    try:
        folder = resources.files(DATA_PACKAGE) / DATA_FOLDER
    except (ModuleNotFoundError, TypeError):
        return None
    if not folder.is_dir():
        return None
    path = Path(str(folder))  # a Traversable that is a folder on disk here
    return path if path.is_dir() else None


def _checkout_root() -> Path | None:
    """The checkout this package was imported from, if it is one (it has resources/)."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "resources" / "fonts").is_dir() else None


def data_layout() -> DataLayout:
    """Package data when present, else the checkout, else the top of a frozen bundle."""
    package = package_data_dir()
    if package is not None:
        return DataLayout("package", package, package / CONTENT_FILE_NAME)
    checkout = _checkout_root()
    if checkout is not None:
        return DataLayout("checkout", checkout / "resources", checkout / "db" / CONTENT_FILE_NAME)
    bundle = Path(getattr(sys, "_MEIPASS", "") or Path(__file__).resolve().parents[2])
    return DataLayout("bundle", bundle / "resources", bundle / "db" / CONTENT_FILE_NAME)


def resources_dir() -> Path:
    """The folder holding fonts/, icons/, diagram/ and translations/."""
    return data_layout().resources


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def icons_dir() -> Path:
    return resources_dir() / "icons"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def default_content_db() -> Path:
    """The content database: $ALL_GUIDE_CONTENT_DB if set, else the one shipped with the app."""
    override = os.environ.get(CONTENT_DB_ENV)
    if override:
        return Path(override)
    return data_layout().content_db
