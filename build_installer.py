#!/usr/bin/env python3
"""Build ALL Guide to hand over: the content database, then the app frozen with PyInstaller
and pruned hard, then a compressed archive of it.

    python build_installer.py [--onefile] [--dist DIR] [--work DIR] [--no-archive]
                              [--no-self-test]

The app lands in dist/all-guide/all-guide (all-guide.exe on Windows), the archive beside it
as dist/all-guide-<version>-<platform>.tar.gz (.zip on Windows). On Linux the folder also
holds a .desktop entry, AppStream metainfo and icons under share/. At the end the build runs
the bundle's own `--self-test` and prints its size and file count.

The parts live in desktop_app/packaging/ (prune, bundle, desktop_files, archive, app_data,
elf); this script only runs them in order. docs/installer.md explains each choice.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from desktop_app.packaging.archive import make_archive
from desktop_app.packaging.bundle import build_bundle, bundle_size, run_self_test
from desktop_app.packaging.desktop_files import (
    platform_icon,
    render_icons,
    write_desktop_files,
)
from desktop_app.packaging.identity import (
    APP_NAME,
    APP_TITLE,
    ENTRY_SCRIPT,
    IS_LINUX,
    IS_MACOS,
    REPO_ROOT,
    platform_tag,
)

# what bench/frozen.py freezes its bare window with, under the same pruning
__all__ = ["ENTRY_SCRIPT", "build_bundle", "bundle_size", "main", "make_archive"]


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--onefile", action="store_true",
                        help="one self-extracting executable instead of a folder")
    parser.add_argument("--dist", type=Path, default=REPO_ROOT / "dist",
                        help="where the bundle and archive go (default: dist/)")
    parser.add_argument("--work", type=Path, default=REPO_ROOT / "build" / "installer",
                        help="PyInstaller's working folder (default: build/installer/)")
    parser.add_argument("--no-archive", action="store_true", help="skip the archive")
    parser.add_argument("--no-self-test", action="store_true",
                        help="skip running the bundle's --self-test at the end")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    started = time.monotonic()

    from db.build import BuildFailed, build
    from desktop_app.core.content_format import CONTENT_FILE_NAME
    from desktop_app.packaging.app_data import content_sources

    try:  # built afresh into the work folder: the bundle never ships a stale database
        report = build(content_sources(), args.work.resolve() / "content" / CONTENT_FILE_NAME)
    except BuildFailed as failure:
        for problem in failure.problems:
            print(problem, file=sys.stderr)
        print("the content database did not build; no installer made", file=sys.stderr)
        return 1
    print(f"built {report.path} (content {report.content_version})")

    pngs = render_icons(args.work / "icons")
    executable = build_bundle(ENTRY_SCRIPT, APP_NAME, args.dist, args.work,
                              onefile=args.onefile, content_db=report.path,
                              icon=platform_icon(pngs, args.work))
    bundle_dir = executable.parent
    if IS_LINUX:
        write_desktop_files(bundle_dir, pngs)
    size, files = bundle_size(bundle_dir)
    print(f"bundle: {bundle_dir} ({'one file' if args.onefile else 'one folder'})")
    print(f"  executable: {executable}")
    print(f"  size: {_megabytes(size)} unpacked, {files} files")
    if not args.no_archive:
        from desktop_app import __version__

        app_bundle = args.dist / f"{APP_TITLE}.app"  # macOS hands over the .app itself
        packed = app_bundle if IS_MACOS and not args.onefile else bundle_dir
        archive = make_archive(packed,
                               args.dist / f"{APP_NAME}-{__version__}-{platform_tag()}")
        print(f"  archive: {archive} ({_megabytes(archive.stat().st_size)})")
    print(f"  build time: {time.monotonic() - started:.0f} s")
    if args.no_self_test:
        return 0
    passed, self_test = run_self_test(executable)
    checks = self_test.get("checks", []) if self_test else []
    print(f"  self-test: {'passed' if passed else 'FAILED'} "
          f"({sum(c.get('passed', False) for c in checks)}/{len(checks)} checks)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
