"""The frozen app and the frozen bare window, built with the same pruning
(build_installer.build_bundle, one folder each), and the sizes of their bundles.

Both are built afresh on each run (under a minute here), so the figures never describe a
stale build. Sizes: the one-folder bundle unpacked, and compressed the way
build_installer hands it over (.tar.gz; .zip on Windows).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import Figure

REPO_ROOT = Path(__file__).resolve().parents[1]


def build(content_db: Path, folder: Path) -> tuple[Path, Path]:
    """Freeze the app (with this content) and the bare window; their executables. The
    build runs in a child process, so PyInstaller's log stays out of the tables."""
    done = subprocess.run([sys.executable, "-m", "bench.frozen", str(content_db), str(folder)],
                          capture_output=True, text=True, check=False)
    built = [line.split(" ", 1)[1] for line in done.stdout.splitlines()
             if line.startswith("built ")]
    if done.returncode != 0 or len(built) != 2:
        raise RuntimeError(f"freezing failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return Path(built[0]), Path(built[1])


def _build(content_db: Path, folder: Path) -> tuple[Path, Path]:
    from build_installer import ENTRY_SCRIPT, build_bundle

    dist, work = folder / "dist", folder / "work"
    app = build_bundle(ENTRY_SCRIPT, "all-guide", dist, work / "app", content_db=content_db)
    bare = build_bundle(REPO_ROOT / "bench" / "bare_window.py", "bare-window", dist,
                        work / "bare", include_app_data=False)
    return app, bare


def _sizes(bundle_dir: Path) -> tuple[float, float]:
    """(unpacked MB, compressed MB) of a one-folder bundle."""
    from build_installer import bundle_size, make_archive

    unpacked, _files = bundle_size(bundle_dir)
    with tempfile.TemporaryDirectory() as folder:
        archive = make_archive(bundle_dir, Path(folder) / bundle_dir.name)
        compressed = archive.stat().st_size
    return unpacked / 1e6, compressed / 1e6


def size_figures(app: Path, bare: Path) -> list[Figure]:
    app_unpacked, app_compressed = _sizes(app.parent)
    bare_unpacked, bare_compressed = _sizes(bare.parent)
    base = "frozen bare window, same pruning"
    return [
        Figure("bundle size, one folder unpacked", app_unpacked, "MB", bare_unpacked, base,
               max_value=110, max_ratio=1.1),
        Figure("bundle size, compressed for hand-over", app_compressed, "MB", bare_compressed,
               base, max_value=45, max_ratio=1.1),
    ]


if __name__ == "__main__":
    for executable in _build(Path(sys.argv[1]), Path(sys.argv[2])):
        print(f"built {executable}", flush=True)
