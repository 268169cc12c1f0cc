"""The installer (build_installer.py and desktop_app/packaging/): its pruning never leaves out
what the app uses, and the frozen app, built once here, passes its own self-test.

The build is marked slow; CI runs it too (the README's test command selects no markers).
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import PySide6
import pytest

import build_installer
from desktop_app.packaging import app_data, bundle, desktop_files, elf, identity, prune
from tests.test_self_test import EXPECTED_CHECKS, failures, run_self_test

REPO_ROOT = Path(__file__).resolve().parents[1]
QT_DIR = Path(str(PySide6.__file__)).parent / "Qt"
LINUX_ONLY = pytest.mark.skipif(not identity.IS_LINUX, reason="Linux bundle layout")

# Imports every module of the app, runs the self-test (every screen, printing, the QR
# code, the PIN hash) and the lazily loaded settings and spelling code, then lists every
# module Python loaded: what a frozen app really needs at run time. The build tooling in
# desktop_app/packaging is no part of the app: the bundle and the wheel leave it out.
RUNTIME_PROBE = """
import importlib, json, pkgutil, sys, tempfile
from pathlib import Path

import desktop_app
for module in pkgutil.walk_packages(desktop_app.__path__, "desktop_app."):
    if not module.name.endswith("__main__") and not module.name.startswith(
            "desktop_app.packaging"):
        importlib.import_module(module.name)
from desktop_app import self_test
from desktop_app.core import settings
from desktop_app.core.pin import hash_pin
from desktop_app.core.repository import ContentRepository

report = self_test.run(Path(sys.argv[1]))
site = Path(tempfile.mkdtemp()) / "site.toml"
site.write_text("profile = 'kiosk'\\n")
settings.set_admin_pin_hash(site, hash_pin("2468"))
settings.load_site_settings(site)
ContentRepository.open(Path(sys.argv[1])).search_forgiving("leukeamia")
print(json.dumps({"passed": report["passed"], "modules": sorted(sys.modules)}))
"""


@pytest.fixture(scope="module")
def runtime_modules(content_db: Path) -> set[str]:
    done = subprocess.run([sys.executable, "-c", RUNTIME_PROBE, str(content_db)],
                          capture_output=True, text=True, timeout=180, cwd=REPO_ROOT,
                          check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["passed"], done.stdout
    return set(result["modules"])


def _loaded_qt_modules(modules: set[str]) -> set[str]:
    prefix = identity.QT_BINDING + ".Qt"
    return {name.split(".")[1] for name in modules if name.startswith(prefix)}


def test_reading_the_source_finds_every_qt_module_the_app_loads(
        runtime_modules: set[str]) -> None:
    loaded = _loaded_qt_modules(runtime_modules)
    assert {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport"} <= loaded
    assert loaded <= prune.kept_qt_modules()
    assert loaded - prune.QT_BASE_MODULES <= prune.app_qt_modules()


def test_no_module_the_app_loads_is_excluded(runtime_modules: set[str]) -> None:
    excluded = [*prune.excluded_qt_modules(), *prune.EXCLUDED_PYTHON_MODULES]
    used = sorted(name for name in runtime_modules for gone in excluded
                  if name == gone or name.startswith(gone + "."))
    assert used == []


def test_unused_qt_modules_are_excluded() -> None:
    excluded = prune.excluded_qt_modules()
    for name in ("QtQml", "QtQuick", "QtNetwork", "QtOpenGL", "QtSvg", "QtSql"):
        if name in prune.installed_qt_modules():
            assert f"PySide6.{name}" in excluded
    assert not {f"PySide6.{name}" for name in prune.kept_qt_modules()} & set(excluded)


@pytest.mark.parametrize(("path", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
    ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
    ("PySide6\\opengl32sw.dll", False),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
    ("libcups.so.2", False),
    ("libstdc++.so.6", False),
    ("libpython3.11.so.1.0", True),
    ("libxcb-cursor.so.0", True),
    ("desktop_app/data/content.sqlite", True),
    ("desktop_app/data/fonts/AtkinsonHyperlegible-Regular.ttf", True),
])
def test_which_collected_files_the_bundle_keeps(path: str, kept: bool) -> None:
    assert prune.keep_bundle_file(path) is kept


@LINUX_ONLY
def test_a_dropped_plugin_takes_the_libraries_only_it_needed() -> None:
    qt = QT_DIR
    toc = [
        ("PySide6/Qt/plugins/platforms/libqeglfs.so",
         str(qt / "plugins/platforms/libqeglfs.so"), "BINARY"),
        ("PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
         str(qt / "lib/libQt6EglFSDeviceIntegration.so.6"), "BINARY"),
        ("libQt6EglFSDeviceIntegration.so.6",
         "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6", "SYMLINK"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so",
         str(qt / "plugins/platforms/libqxcb.so"), "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", str(qt / "lib/libQt6XcbQpa.so.6"), "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", str(qt / "lib/libQt6Gui.so.6"), "BINARY"),
    ]
    kept = [entry[0] for entry in prune.prune_toc(toc)]
    assert kept == ["PySide6/Qt/plugins/platforms/libqxcb.so",
                    "PySide6/Qt/lib/libQt6XcbQpa.so.6", "PySide6/Qt/lib/libQt6Gui.so.6"]


@LINUX_ONLY
def test_elf_needed_lists_direct_links_only() -> None:
    qt = QT_DIR
    needed = elf.elf_needed(str(qt / "plugins/platforms/libqxcb.so"))
    assert "libQt6XcbQpa.so.6" in needed
    assert "libQt6DBus.so.6" not in needed  # linked by QtGui, not by the plugin itself
    assert elf.elf_needed(str(REPO_ROOT / "README.md")) == set()


# --- The frozen app, built once ---------------------------------------------------------

@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python build_installer.py` end to end, into a throwaway folder: the dist folder."""
    root = tmp_path_factory.mktemp("installer")
    with pytest.MonkeyPatch.context() as patch:
        test_content = os.environ.get("ALL_GUIDE_TEST_CONTENT")
        if test_content:  # the same other copy of resources/content the other tests build
            patch.setenv(app_data.CONTENT_SOURCES_ENV, test_content)
        status = build_installer.main(["--dist", str(root / "dist"),
                                       "--work", str(root / "work")])
    assert status == 0, "build_installer.py failed (its own self-test run included)"
    return root / "dist"


@pytest.mark.slow
def test_the_frozen_app_passes_its_self_test(frozen: Path) -> None:
    executable = frozen / identity.APP_NAME / (identity.APP_NAME + identity.EXE_SUFFIX)
    status, report = run_self_test([str(executable)])
    assert status == 0, failures(report)
    assert report["frozen"] is True
    assert [check["name"] for check in report["checks"]] == list(EXPECTED_CHECKS)
    # found through importlib.resources, in the same package data folder as a wheel's
    content_db = Path(report["content_db"])
    assert content_db.is_relative_to(frozen / identity.APP_NAME)
    assert content_db.parent.parts[-2:] == ("desktop_app", "data")


@pytest.mark.slow
def test_the_frozen_app_holds_every_qt_module_the_app_imports(frozen: Path) -> None:
    bundled = bundle.qt_modules_in_bundle(frozen / identity.APP_NAME)
    assert prune.kept_qt_modules() <= bundled
    assert bundled == prune.kept_qt_modules()  # and nothing the app does not use


@pytest.mark.slow
@LINUX_ONLY
def test_the_frozen_app_is_pruned_and_small(frozen: Path) -> None:
    folder = frozen / identity.APP_NAME
    files = [path.relative_to(folder).as_posix() for path in folder.rglob("*")
             if path.is_file()]
    plugins = {path.split("/plugins/", 1)[1] for path in files if "/plugins/" in path}
    assert {"platforms/libqxcb.so", "platforms/libqwayland.so",
            "platforms/libqoffscreen.so"} <= plugins
    assert not [p for p in plugins if p.startswith(("imageformats/", "platformthemes/libqgtk"))]
    unwanted = ["/translations/", "libQt6Qml", "libQt6Quick", "libQt6Pdf", "libQt6WebEngine",
                "libQt6OpenGL", "libgtk", "libgdk", "libcups.so"]
    # Read-aloud's Qt speech library links Qt Multimedia, which links Qt Network: kept
    # only with it (the app still opens no socket: tests/test_printing.py, test_read_aloud)
    if not any("libQt6TextToSpeech" in path for path in files):
        unwanted.append("libQt6Network")
    assert [path for path in files if any(name in path for name in unwanted)] == []
    assert not [path for path in files if "desktop_app/packaging" in path]  # build tooling
    size, count = bundle.bundle_size(folder)
    assert size < 120e6, f"{size / 1e6:.1f} MB unpacked"  # 108 MB, and 6 MB of speech
    assert count == len(files)
    (archive,) = frozen.glob(f"{identity.APP_NAME}-*.tar.gz")
    assert archive.stat().st_size < 50e6, f"{archive.stat().st_size / 1e6:.1f} MB packed"
    with tarfile.open(archive) as packed:
        member = packed.getmember(f"{identity.APP_NAME}/{identity.APP_NAME}")
        assert member.mode & 0o111  # still executable once unpacked


@pytest.mark.slow
@LINUX_ONLY
def test_the_linux_bundle_has_a_desktop_entry_metainfo_and_icons(frozen: Path) -> None:
    app_id = identity.APP_ID
    share = frozen / identity.APP_NAME / "share"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    entry.read(share / "applications" / f"{app_id}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert (desktop["Type"], desktop["Exec"], desktop["Icon"]) == (
        "Application", identity.APP_NAME, app_id)
    metainfo_file = share / "metainfo" / f"{app_id}.metainfo.xml"
    metainfo = ElementTree.parse(metainfo_file)
    assert metainfo.findtext("id") == app_id
    assert metainfo.findtext("launchable") == f"{app_id}.desktop"
    assert metainfo.findtext("project_license") == "MIT AND OFL-1.1"
    assert metainfo.findtext("metadata_license") == "CC0-1.0"
    for size in desktop_files.ICON_SIZES:
        icon = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{app_id}.png"
        assert icon.read_bytes().startswith(b"\x89PNG")
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{app_id}.svg").is_file()
    if shutil.which("appstreamcli"):  # AppStream's own validator, offline
        done = subprocess.run(["appstreamcli", "validate", "--no-net", "--explain",
                               str(metainfo_file)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
