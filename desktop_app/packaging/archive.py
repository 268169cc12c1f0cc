"""The bundle as one compressed file to hand over: .zip on Windows (Explorer opens it),
.tar.gz elsewhere (it keeps the executable bit)."""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import Path

from desktop_app.packaging.identity import IS_WINDOWS


def make_archive(bundle_dir: Path, archive_base: Path) -> Path:
    """The bundle folder as one compressed file to hand over: .zip on Windows (Explorer
    opens it), .tar.gz elsewhere (keeps the executable bit)."""
    if IS_WINDOWS:
        archive = archive_base.with_name(archive_base.name + ".zip")
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
            for path in sorted(bundle_dir.rglob("*")):
                zipped.write(path, path.relative_to(bundle_dir.parent).as_posix())
        return archive
    archive = archive_base.with_name(archive_base.name + ".tar.gz")
    with tarfile.open(archive, "w:gz", compresslevel=9) as tarred:
        tarred.add(bundle_dir, arcname=bundle_dir.name)
    return archive
