"""The files the app reads at run time, laid out as its package data (desktop_app/data/).

The wheel's build hook (setup.py) writes them into the wheel, and the frozen bundle puts the
same folder inside itself, so core/paths.py finds them the same way in both. The content
database is always built afresh from the sources here, never copied from db/, so neither
ships a stale one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.content_format import CONTENT_FILE_NAME
from desktop_app.core.paths import DATA_FOLDER, DATA_PACKAGE
from desktop_app.packaging.identity import REPO_ROOT

# Build from another copy of resources/content (its diagram folder beside it), for example
# a checked snapshot while the working tree is being edited.
CONTENT_SOURCES_ENV = "ALL_GUIDE_CONTENT_SOURCES"
RESOURCES = REPO_ROOT / "resources"
# folder in the data -> (where it comes from, which files of it the app reads)
COPIED: dict[str, tuple[str, tuple[str, ...]]] = {
    "fonts": ("fonts", ("*.ttf", "*.txt")),  # the typeface and its licence
    "icons": ("icons", ("*.svg",)),
    "diagram": ("diagram", ("cells.yaml",)),
    "translations": ("translations", ("*.qm",)),
}
DATA_PATH = f"{DATA_PACKAGE}/{DATA_FOLDER}"  # the folder inside a wheel or a bundle


@dataclass(frozen=True)
class StagedData:
    folder: Path
    content_version: str
    files: tuple[Path, ...]  # every file written, the database first


def content_sources() -> Path:
    """The content folder to build: $ALL_GUIDE_CONTENT_SOURCES, else resources/content."""
    override = os.environ.get(CONTENT_SOURCES_ENV)
    return Path(override).resolve() if override else RESOURCES / "content"


def stage_app_data(target: Path, content_dir: Path | None = None, *,
                   content_db: Path | None = None,
                   log: Callable[[str], None] | None = None) -> StagedData:
    """Write the app's data into `target` (emptied first): the content database built from
    `content_dir` (or a copy of `content_db`), then fonts, icons, diagram data and any
    translations. Raises db.build.BuildFailed if the content does not check clean."""
    content_dir = content_dir or content_sources()
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    database = target / CONTENT_FILE_NAME
    if content_db is None:
        from db.build import build

        version = build(content_dir, database).content_version
    else:
        shutil.copyfile(content_db, database)
        database.chmod(0o644)
        version = "copied"
    written = [database]
    sources = {"diagram": content_dir.parent / "diagram"}
    for folder, (source_name, patterns) in COPIED.items():
        source = sources.get(folder, RESOURCES / source_name)
        for pattern in patterns:
            for path in sorted(source.glob(pattern)) if source.is_dir() else []:
                copied = target / folder / path.name
                copied.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, copied)
                written.append(copied)
    if log:
        log(f"app data: {len(written)} files in {target} (content {version})")
    return StagedData(target, version, tuple(written))
