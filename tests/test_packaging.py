"""The app finds its files the same way in a wheel, a checkout and a frozen bundle
(core/paths.py), the wheel's build hook writes them (setup.py, packaging/app_data.py), and
the installer's parts work on their own (packaging/elf.py, prune.py).

The full check, a wheel in a fresh venv with no checkout, is .ci/wheel-smoke.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import PySide6
import pytest

from desktop_app.core import paths
from desktop_app.core.content_format import CONTENT_FILE_NAME
from desktop_app.packaging import app_data, elf, identity, prune

REPO_ROOT = Path(__file__).resolve().parents[1]
QT_DIR = Path(str(PySide6.__file__)).parent / "Qt"
LINUX_ONLY = pytest.mark.skipif(not identity.IS_LINUX, reason="ELF binaries")
TEST_CONTENT = Path(os.environ.get("ALL_GUIDE_TEST_CONTENT", REPO_ROOT / "resources/content"))

# Prints where a copy of the package finds its files, imported from sys.argv[1] alone.
LAYOUT_PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
if len(sys.argv) > 2:
    sys._MEIPASS = sys.argv[2]
from desktop_app.core import paths
layout = paths.data_layout()
print(json.dumps({"kind": layout.kind, "resources": str(layout.resources),
                  "content_db": str(paths.default_content_db()),
                  "fonts": str(paths.fonts_dir()), "module": paths.__file__}))
"""


def _copy_of_the_package(folder: Path) -> Path:
    """desktop_app without its build tooling, as a wheel installs it, under `folder`."""
    shutil.copytree(REPO_ROOT / "desktop_app", folder / "desktop_app",
                    ignore=shutil.ignore_patterns("__pycache__", "packaging"))
    return folder


def _layout(site: Path, *extra: str, cwd: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != paths.CONTENT_DB_ENV}
    done = subprocess.run([sys.executable, "-I", "-c", LAYOUT_PROBE, str(site), *extra],
                          capture_output=True, text=True, check=False, cwd=cwd, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_checkout_reads_resources_and_db_where_they_are(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.CONTENT_DB_ENV, raising=False)
    assert paths.package_data_dir() is None  # the checkout has no desktop_app/data/
    layout = paths.data_layout()
    assert layout.kind == "checkout"
    assert layout.resources == REPO_ROOT / "resources"
    assert paths.default_content_db() == REPO_ROOT / "db" / CONTENT_FILE_NAME
    assert paths.fonts_dir() == REPO_ROOT / "resources" / "fonts"
    assert paths.icons_dir() == REPO_ROOT / "resources" / "icons"


def test_the_content_db_variable_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(paths.CONTENT_DB_ENV, str(tmp_path / "other.sqlite"))
    assert paths.default_content_db() == tmp_path / "other.sqlite"


def test_an_installed_package_reads_its_package_data(tmp_path: Path, content_db: Path) -> None:
    site = _copy_of_the_package(tmp_path / "site-packages")
    staged = app_data.stage_app_data(site / "desktop_app" / "data", TEST_CONTENT,
                                     content_db=content_db)
    found = _layout(site, cwd=tmp_path)
    data = site / "desktop_app" / "data"
    assert Path(found["module"]).is_relative_to(site)  # not the checkout's copy
    assert found["kind"] == "package"
    assert Path(found["content_db"]) == data / CONTENT_FILE_NAME == staged.files[0]
    assert Path(found["fonts"]) == data / "fonts"


def test_package_data_comes_before_an_old_bundle_layout(tmp_path: Path) -> None:
    site = _copy_of_the_package(tmp_path / "bundle")
    (site / "desktop_app" / "data").mkdir()
    assert _layout(site, str(site), cwd=tmp_path)["kind"] == "package"


def test_a_bundle_without_package_data_reads_its_top_folder(tmp_path: Path) -> None:
    site = _copy_of_the_package(tmp_path / "bundle")
    found = _layout(site, str(site), cwd=tmp_path)
    assert found["kind"] == "bundle"
    assert Path(found["content_db"]) == site / "db" / CONTENT_FILE_NAME
    assert Path(found["resources"]) == site / "resources"


def test_the_app_data_holds_what_the_app_reads(tmp_path: Path, content_db: Path) -> None:
    staged = app_data.stage_app_data(tmp_path / "data", TEST_CONTENT, content_db=content_db)
    names = {path.relative_to(staged.folder).as_posix() for path in staged.files}
    fonts = {f"fonts/{path.name}" for path in (REPO_ROOT / "resources/fonts").iterdir()
             if path.suffix in (".ttf", ".txt")}
    assert {CONTENT_FILE_NAME, "fonts/OFL.txt", "icons/all-guide.svg",
            "diagram/cells.yaml"} | fonts <= names
    assert (staged.folder / CONTENT_FILE_NAME).read_bytes() == content_db.read_bytes()
    assert (staged.folder / "diagram/cells.yaml").read_bytes() == (
        TEST_CONTENT.parent / "diagram" / "cells.yaml").read_bytes()


def test_the_build_hook_puts_the_built_content_into_the_package(tmp_path: Path) -> None:
    """setup.py's build_py, as `pip wheel .` runs it: the content is built, not copied."""
    build_lib = tmp_path / "lib"
    env = {**os.environ, app_data.CONTENT_SOURCES_ENV: str(TEST_CONTENT)}
    done = subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib",
                           str(build_lib), "--force"], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    data = build_lib / "desktop_app" / "data"
    from desktop_app.core.repository import ContentRepository

    repository = ContentRepository.open(data / CONTENT_FILE_NAME)
    try:
        assert repository.sections()
    finally:
        repository.close()
    assert sorted(path.name for path in (data / "fonts").glob("*.ttf"))
    assert (data / "diagram" / "cells.yaml").is_file()
    assert (build_lib / "desktop_app" / "cli.py").is_file()
    assert not (build_lib / "desktop_app" / "packaging").exists()  # tooling stays out


def test_the_build_hook_stops_on_broken_content(tmp_path: Path, content_copy: Path) -> None:
    page = next((content_copy / "articles").glob("*.md"))
    page.write_text(page.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    env = {**os.environ, app_data.CONTENT_SOURCES_ENV: str(content_copy)}
    done = subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib",
                           str(tmp_path / "lib"), "--force"], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode != 0
    assert page.name in done.stderr
    assert "the content database did not build" in done.stderr


@LINUX_ONLY
def test_elf_needed_reads_dt_needed_with_pyelftools(tmp_path: Path) -> None:
    plugin = QT_DIR / "plugins/platforms/libqxcb.so"
    needed = elf.elf_needed(str(plugin))
    assert {"libQt6XcbQpa.so.6", "libQt6Gui.so.6", "libQt6Core.so.6"} <= needed
    readelf = shutil.which("readelf")
    if readelf:  # binutils says the same
        listed = subprocess.run([readelf, "-d", str(plugin)], capture_output=True, text=True,
                                check=True).stdout
        assert needed == {line.split("[", 1)[1].split("]", 1)[0]
                          for line in listed.splitlines() if "(NEEDED)" in line}
    truncated = tmp_path / "truncated.so"
    truncated.write_bytes(plugin.read_bytes()[:64])
    assert elf.elf_needed(str(truncated)) == set()
    assert elf.elf_needed(str(REPO_ROOT / "README.md")) == set()


def test_the_build_tooling_is_not_counted_as_the_app() -> None:
    """packaging/desktop_files.py draws icons with QtSvg; the app itself never imports it."""
    assert "QtSvg" not in prune.app_qt_modules()
    assert (REPO_ROOT / "desktop_app" / "packaging") == prune.PACKAGING_DIR


def test_the_sdist_carries_what_the_build_hook_reads(tmp_path: Path) -> None:
    """`python -m build` makes the wheel from the sdist, so the sdist holds db/, the content
    sources, the fonts and the hook's own module."""
    done = subprocess.run([sys.executable, "setup.py", "-q", "sdist", "-d", str(tmp_path)],
                          cwd=REPO_ROOT, capture_output=True, text=True, check=False,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    (archive,) = tmp_path.glob("all-guide-*.tar.gz")
    with tarfile.open(archive) as packed:
        names = {name.split("/", 1)[1] for name in packed.getnames() if "/" in name}
    assert {"setup.py", "pyproject.toml", "LICENSE", "db/build.py",
            "desktop_app/packaging/app_data.py", "resources/content/sections.yaml",
            "resources/diagram/cells.yaml", "resources/fonts/OFL.txt",
            "resources/icons/all-guide.svg"} <= names
    assert not [name for name in names if "__pycache__" in name]
