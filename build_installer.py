#!/usr/bin/env python3
"""Build ALL Guide to hand over: the content database, then the app frozen with PyInstaller
and pruned hard, then a compressed archive of it.

    python build_installer.py [--onefile] [--dist DIR] [--work DIR] [--no-archive]
                              [--no-self-test]

The app lands in dist/all-guide/all-guide (all-guide.exe on Windows), the archive beside it
as dist/all-guide-<version>-<platform>.tar.gz (.zip on Windows). On Linux the folder also
holds a .desktop entry, AppStream metainfo and icons under share/. At the end the build runs
the bundle's own `--self-test` and prints its size and file count.

Hospitals copy the app onto old ward PCs and kiosks, so it must be small: everything the
bundle leaves out of PySide6 (Qt modules, plugins, translations, libraries) and of Python is
decided here, in one place. tests/test_installer.py checks the pruning never drops a Qt
module the app imports, and `python -m bench` freezes its bare window with the same
`build_bundle()` to compare sizes. docs/installer.md explains each choice.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import os
import pkgutil
import platform
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent
APP_NAME = "all-guide"  # the executable, the bundle folder and the archive
APP_TITLE = "ALL Guide"
# reverse-DNS id for the .desktop file, AppStream and the macOS bundle
APP_ID = "org.allguide.AllGuide"
ENTRY_SCRIPT = REPO_ROOT / "desktop_app" / "__main__.py"
ICON_SVG = REPO_ROOT / "resources" / "icons" / "all-guide.svg"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
QT_BINDING = "PySide6"

IS_WINDOWS = sys.platform == "win32"
IS_MACOS = sys.platform == "darwin"
IS_LINUX = sys.platform.startswith("linux")
EXE_SUFFIX = ".exe" if IS_WINDOWS else ""

# --- Which Qt modules the bundle keeps -------------------------------------------------

# A widgets app always needs these bindings, whatever else it imports.
QT_BASE_MODULES = frozenset({"QtCore", "QtGui", "QtWidgets"})


def app_qt_modules(package_dir: Path = REPO_ROOT / "desktop_app") -> set[str]:
    """The PySide6 modules (such as "QtPrintSupport") the app imports anywhere.

    Read from the source with `ast` rather than by importing the app: importing would miss
    the modules only imported inside functions (printing, the kiosk profile).
    """
    found: set[str] = set()
    for path in sorted(package_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            for name in names:
                parts = name.split(".")
                if parts[0] == QT_BINDING and len(parts) > 1 and parts[1].startswith("Qt"):
                    found.add(parts[1])
    return found


def kept_qt_modules() -> frozenset[str]:
    """The Qt modules every bundle keeps: the app's own and the base a widgets app needs."""
    return QT_BASE_MODULES | app_qt_modules()


def installed_qt_modules() -> set[str]:
    """Every PySide6.Qt* module installed here (found without importing them)."""
    spec = importlib.util.find_spec(QT_BINDING)
    if spec is None or not spec.submodule_search_locations:
        return set()
    return {info.name for info in pkgutil.iter_modules(spec.submodule_search_locations)
            if info.name.startswith("Qt")}


def excluded_qt_modules() -> list[str]:
    """Dotted names of the installed Qt modules the bundle leaves out (QtQml, QtQuick, QtPdf,
    QtNetwork, QtWebEngine*, …): everything the app does not import."""
    return sorted(f"{QT_BINDING}.{name}" for name in installed_qt_modules() - kept_qt_modules())


# --- Which Qt plugins and files the bundle keeps ----------------------------------------

# Qt plugins kept, by plugin folder: the file name without "lib" and extension
# (libqxcb.so, qwindows.dll, libqcocoa.dylib). Every other plugin and folder is left out:
# imageformats (PNG is built into QtGui and the app shows no other format; the QR codes
# are PNG), iconengines (SVG, needs QtSvg), generic and egldeviceintegrations (input and
# screens for eglfs), xcbglintegrations and wayland-graphics-integration-client (OpenGL:
# the app paints with the raster engine), tls and networkinformation (QtNetwork),
# sqldrivers (the app uses Python's sqlite3), qmltooling, designer, …
KEPT_QT_PLUGINS: dict[str, frozenset[str]] = {
    # xcb: X11 desktops (and Wayland desktops through XWayland); wayland: Wayland-only
    # kiosk compositors such as cage or weston, where xcb cannot run; offscreen:
    # --self-test, --screenshot and --print-pdf; windows and cocoa for those systems.
    # Left out: eglfs, linuxfb, vnc, minimal, vkkhrdisplay (no desktop, or debugging only).
    "platforms": frozenset({"qxcb", "qwayland", "qoffscreen", "qwindows", "qcocoa"}),
    # Wayland needs a shell protocol to show a window, and draws its own title bar where
    # the compositor does not (GNOME): bradient is Qt's plain one. (adwaita, GNOME's look,
    # is left out: it needs QtSvg.)
    "wayland-shell-integration": frozenset({"xdg-shell"}),
    "wayland-decoration-client": frozenset({"bradient"}),
    # Native file dialogs (the laptop's export and import) through the desktop portal.
    # The GTK theme plugin is left out: it drags the build machine's GTK, Pango, Cairo and
    # ATK into the bundle, and the app styles itself anyway.
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    # Typing accented letters with a compose key, and IBus on-screen keyboards on tablets.
    "platforminputcontexts": frozenset({"composeplatforminputcontextplugin",
                                        "ibusplatforminputcontextplugin"}),
    # Printing to the system's printers: CUPS on Linux, the print spooler on Windows (on
    # macOS the cocoa platform plugin prints).
    "printsupport": frozenset({"cupsprintersupport", "windowsprintersupport"}),
    # The native look of standard dialogs on Windows and macOS; elsewhere Qt's built-in
    # Fusion style, under the app's own style sheet.
    "styles": frozenset({"qmodernwindowsstyle", "qwindowsvistastyle", "qmacstyle"}),
}

# Folders of PySide6's Qt tree that only unused modules need: QML files, WebEngine's
# resources and helper process, and Qt's own translations (the app ships English only and
# installs no Qt translator; a translated app would keep qtbase_<lang>.qm here).
DROPPED_QT_FOLDERS = frozenset({"translations", "qml", "resources", "libexec", "metatypes"})

# Libraries left out even though something kept links them (basenames, as regexes).
DROPPED_LIBRARIES = (
    # CUPS: the system's own client library must match the system's CUPS, and bundling it
    # pulls GnuTLS, Kerberos and Avahi with it. Without CUPS Qt still prints to PDF.
    r"libcups\.so(\..*)?",
    # Windows' software OpenGL (about 20 MB) and ANGLE: the app paints without OpenGL.
    r"opengl32sw\.dll",
    r"d3dcompiler_\d+\.dll",
    r"libegl\.dll",
    r"libglesv2\.dll",
    # Linux: the desktop's own C++ runtime, GLib, D-Bus, fonts and X11 client libraries.
    # Every Linux desktop has them (the PySide6 wheel itself expects them from the system,
    # see .ci/system-deps), and copies from the build machine clash with the target's: an
    # older libstdc++ breaks its graphics driver, an older fontconfig misreads its font
    # configuration. The small xcb and xkbcommon helpers stay in: desktops often lack them.
    r"libstdc\+\+\.so(\..*)?",
    r"libgcc_s\.so(\..*)?",
    r"libglib-2\.0\.so(\..*)?",
    r"libgthread-2\.0\.so(\..*)?",
    r"libdbus-1\.so(\..*)?",
    r"libfontconfig\.so(\..*)?",
    r"libfreetype\.so(\..*)?",
    r"libx11\.so(\..*)?",
    r"libx11-xcb\.so(\..*)?",
)

# Python's standard library modules the app never imports but PyInstaller would find
# (through PySide6's tools, pydoc, unittest …). NOT hashlib: PySide6 imports logging,
# which needs it, and the kiosk PIN uses hashlib.scrypt. tests/test_installer.py checks
# the app imports none of these.
EXCLUDED_PYTHON_MODULES = (
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "pydoc", "pydoc_data",
    "doctest", "unittest", "pdb", "lib2to3", "ensurepip", "venv", "distutils",
    "setuptools", "pkg_resources", "pip", "test", "xmlrpc", "multiprocessing",
    "concurrent", "asyncio", "curses", "readline", "sqlite3.test", "PySide6.scripts",
    # East Asian text codecs (the app reads and writes UTF-8 only) and Unicode's
    # character database (only IDNA host names need it; the app opens no host)
    "_codecs_cn", "_codecs_hk", "_codecs_iso2022", "_codecs_jp", "_codecs_kr", "_codecs_tw",
    "_multibytecodec", "unicodedata", "stringprep", "encodings.idna",
    "decimal", "_decimal", "_pydecimal",
)


def _plugin_stem(file_name: str) -> str:
    stem = file_name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep_bundle_file(dest: str) -> bool:
    """Whether a file PyInstaller collected belongs in the bundle; `dest` is its path inside
    the bundle, such as "PySide6/Qt/plugins/platforms/libqxcb.so"."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if not parts:
        return True
    if any(re.fullmatch(pattern, parts[-1], re.IGNORECASE) for pattern in DROPPED_LIBRARIES):
        return False
    if parts[0] != QT_BINDING:
        return True
    inner = parts[1:]
    if inner and inner[0] == "Qt":  # Linux and macOS: PySide6/Qt/…; Windows: PySide6/…
        inner = inner[1:]
    if len(inner) < 2:
        return True
    if inner[0] in DROPPED_QT_FOLDERS:
        return False
    if inner[0] == "plugins":
        return len(inner) >= 3 and _plugin_stem(inner[-1]) in KEPT_QT_PLUGINS.get(
            inner[1], frozenset())
    return True


TocEntry = tuple[str, str, str]  # (path in the bundle, source path, PyInstaller's type)


def prune_toc(toc: Iterable[TocEntry]) -> list[TocEntry]:
    """The entries of a PyInstaller Analysis TOC (binaries or datas) the bundle keeps.

    Leaving out a plugin or library leaves the libraries only it needed (the GTK theme's
    GTK, eglfs's EGL device library, CUPS's GnuTLS …); those go too.
    """
    entries = list(toc)
    kept = [entry for entry in entries if keep_bundle_file(entry[0])]
    dropped = [entry for entry in entries if not keep_bundle_file(entry[0])]
    kept = _without_orphans(kept, dropped)
    # PyInstaller links libraries it moved into subfolders from the top; drop the links
    # to libraries that are gone
    present = {PurePosixPath(entry[0].replace("\\", "/")) for entry in kept}
    return [entry for entry in kept if entry[2] != "SYMLINK" or _link_target(entry) in present]


def _link_target(entry: TocEntry) -> PurePosixPath:
    """Where a SYMLINK entry points: its source is the target's path in the bundle."""
    return PurePosixPath(entry[1].replace("\\", "/"))


def _linked_names(entry: TocEntry, cache: dict[str, set[str]]) -> set[str]:
    """Basenames of the libraries a binary links directly (empty for data files)."""
    source = entry[1]
    if source not in cache:
        cache[source] = set()
        if entry[2] in ("BINARY", "EXTENSION") and os.path.isfile(source):
            cache[source] = {os.path.basename(name).lower() for name in _direct_imports(source)}
    return cache[source]


def _direct_imports(path: str) -> set[str]:
    """The libraries a binary names itself. On Linux PyInstaller asks `ldd`, which also
    lists what those libraries link in turn, so read the ELF file's DT_NEEDED instead."""
    if IS_LINUX:
        return _elf_needed(path)
    from PyInstaller.depend import bindepend

    try:
        return {name for name, _ in bindepend.get_imports(path)}
    except Exception:  # not a binary this platform's tools can read
        return set()


def _elf_needed(path: str) -> set[str]:
    """The DT_NEEDED names of an ELF shared library or executable (empty if not ELF)."""
    with open(path, "rb") as elf:
        ident = elf.read(16)
        if len(ident) < 16 or ident[:4] != b"\x7fELF":
            return set()
        wide, order = ident[4] == 2, "<" if ident[5] == 1 else ">"
        elf.seek(0x28 if wide else 0x20)
        (table,) = struct.unpack(order + ("Q" if wide else "I"), elf.read(8 if wide else 4))
        elf.seek(0x3A if wide else 0x2E)
        entry_size, count = struct.unpack(order + "HH", elf.read(4))
        sections = []  # (type, offset, size, link) of each section header
        for index in range(count):
            elf.seek(table + index * entry_size)
            header = elf.read(entry_size)
            fields = struct.unpack_from(order + ("IIQQQQI" if wide else "IIIIIII"), header)
            sections.append((fields[1], fields[4], fields[5], fields[6]))
        for kind, offset, size, link in sections:
            if kind != 6:  # SHT_DYNAMIC
                continue
            elf.seek(offset)
            dynamic = elf.read(size)
            step, layout = (16, order + "qQ") if wide else (8, order + "iI")
            names = []
            for position in range(0, len(dynamic) - step + 1, step):
                tag, value = struct.unpack_from(layout, dynamic, position)
                if tag == 0:  # DT_NULL
                    break
                if tag == 1:  # DT_NEEDED: an offset into the linked string table
                    names.append(value)
            elf.seek(sections[link][1])
            strings = elf.read(sections[link][2])
            return {strings[start:strings.index(b"\0", start)].decode() for start in names}
    return set()


def _without_orphans(kept: list[TocEntry], dropped: list[TocEntry]) -> list[TocEntry]:
    """Drop the kept libraries that only dropped binaries linked, until none is left."""
    cache: dict[str, set[str]] = {}
    candidates: set[str] = set()
    for entry in dropped:
        candidates |= _linked_names(entry, cache)
    while candidates:
        still_linked: set[str] = set()
        for entry in kept:
            still_linked |= _linked_names(entry, cache)
        orphans = [entry for entry in kept
                   if entry[2] == "BINARY"
                   and os.path.basename(entry[0]).lower() in candidates - still_linked
                   and not os.path.basename(entry[0]).lower().startswith("libpython")]
        if not orphans:
            break
        kept = [entry for entry in kept if entry not in orphans]
        candidates = set()
        for entry in orphans:
            candidates |= _linked_names(entry, cache)
    return kept


# --- Building one bundle ----------------------------------------------------------------

SPEC_TEMPLATE = '''\
# Generated by build_installer.py: edit that file, not this one.
import json
import sys

sys.path.insert(0, {repo!r})
import build_installer

build_installer.run_spec(globals(), json.loads({options!r}))
'''


def build_bundle(entry_script: Path, name: str, dist_dir: Path, work_dir: Path, *,
                 onefile: bool = False, include_app_data: bool = True,
                 content_db: Path | None = None, icon: Path | None = None) -> Path:
    """Freeze `entry_script` with the app's pruning into `dist_dir/name/` and return the
    executable's path (`dist_dir/name/name`, with .exe on Windows), one-folder or one-file.

    `include_app_data` adds the content database (`content_db`, by default the one
    `python -m db build` wrote) and the fonts; the bench leaves it out for its bare window.
    """
    dist_dir, work_dir = Path(dist_dir).resolve(), Path(work_dir).resolve()
    bundle_dir = dist_dir / name
    if bundle_dir.exists():
        shutil.rmtree(bundle_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    options = {
        "entry": str(Path(entry_script).resolve()),
        "name": name,
        "onefile": onefile,
        "datas": _app_datas(work_dir, content_db) if include_app_data else [],
        "icon": str(icon) if icon else None,
    }
    spec = work_dir / f"{name}.spec"
    spec.write_text(SPEC_TEMPLATE.format(repo=str(REPO_ROOT), options=json.dumps(options)),
                    encoding="utf-8")
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(bundle_dir if onefile else dist_dir),
               "--workpath", str(work_dir), str(spec)]
    subprocess.run(command, check=True, cwd=REPO_ROOT)
    executable = bundle_dir / f"{name}{EXE_SUFFIX}"
    if not executable.is_file():
        raise RuntimeError(f"PyInstaller did not make {executable}")
    return executable


def _app_datas(work_dir: Path, content_db: Path | None) -> list[tuple[str, str]]:
    """The app's own files, as (source, folder in the bundle): where core/paths.py looks."""
    from desktop_app.core.content_format import CONTENT_FILE_NAME

    if content_db is None:
        content_db = REPO_ROOT / "db" / CONTENT_FILE_NAME
    if not Path(content_db).is_file():
        raise FileNotFoundError(f"no content database at {content_db}: run python -m db build")
    staged = work_dir / "app-data" / "db" / CONTENT_FILE_NAME  # the name the app looks for
    staged.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(content_db, staged)
    datas = [(str(staged), "db")]
    fonts = REPO_ROOT / "resources" / "fonts"
    datas += [(str(path), "resources/fonts") for path in sorted(fonts.iterdir())
              if path.suffix in (".ttf", ".txt")]  # the fonts and their licence
    translations = REPO_ROOT / "resources" / "translations"
    if translations.is_dir():
        datas += [(str(path), "resources/translations")
                  for path in sorted(translations.glob("*.qm"))]
    return datas


def run_spec(spec_globals: dict[str, Any], options: dict[str, Any]) -> None:
    """The body of the generated .spec file: PyInstaller runs it with its build classes."""
    analysis_class = spec_globals["Analysis"]
    analysis = analysis_class(
        [options["entry"]],
        pathex=[str(REPO_ROOT)],
        datas=[tuple(pair) for pair in options["datas"]],
        excludes=[*excluded_qt_modules(), *EXCLUDED_PYTHON_MODULES],
        noarchive=False,
    )
    analysis.binaries = prune_toc(analysis.binaries)
    analysis.datas = prune_toc(analysis.datas)
    pyz = spec_globals["PYZ"](analysis.pure)
    name, icon = options["name"], options["icon"]
    # Windows and macOS: a windowed app, no console window behind it. Stripping symbols
    # (libpython carries 18 MB of them) is for Linux; it breaks Windows and macOS binaries.
    windowed = IS_WINDOWS or IS_MACOS
    if options["onefile"]:
        spec_globals["EXE"](pyz, analysis.scripts, analysis.binaries, analysis.datas, [],
                            name=name, console=not windowed, strip=IS_LINUX, upx=False,
                            icon=icon)
        return
    exe = spec_globals["EXE"](pyz, analysis.scripts, [], exclude_binaries=True, name=name,
                              console=not windowed, strip=IS_LINUX, upx=False, icon=icon)
    collected = spec_globals["COLLECT"](exe, analysis.binaries, analysis.datas,
                                        strip=IS_LINUX, upx=False, name=name)
    if IS_MACOS:
        spec_globals["BUNDLE"](collected, name=f"{APP_TITLE}.app", icon=icon,
                               bundle_identifier=APP_ID)


def bundle_size(path: Path) -> tuple[int, int]:
    """(bytes, files) of a bundle folder, or of a single file."""
    path = Path(path)
    if path.is_file():
        return path.stat().st_size, 1
    files = [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def qt_modules_in_bundle(bundle_dir: Path) -> set[str]:
    """The PySide6 Qt modules (bindings) a one-folder bundle holds."""
    return {path.name.split(".", 1)[0] for path in Path(bundle_dir).rglob("Qt*")
            if path.parent.name == QT_BINDING and path.suffix in (".so", ".pyd")}


# --- Icons, desktop entry, AppStream, archive ------------------------------------------

_APPLICATION: list[Any] = []  # the QApplication render_icons made, kept alive


def render_icons(target_dir: Path) -> dict[int, Path]:
    """PNG icons in every size of ICON_SIZES, drawn from the SVG with Qt."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:  # QPainter needs one; a widgets one suits any caller
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _APPLICATION.append(QApplication([sys.argv[0]]))
    renderer = QSvgRenderer(str(ICON_SVG))
    if not renderer.isValid():
        raise RuntimeError(f"{ICON_SVG} is not a valid SVG")
    target_dir.mkdir(parents=True, exist_ok=True)
    written: dict[int, Path] = {}
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = target_dir / f"{APP_NAME}-{size}.png"
        if not image.save(str(path)):  # the format follows the suffix
            raise RuntimeError(f"could not write {path}")
        written[size] = path
    return written


def platform_icon(pngs: dict[int, Path], work_dir: Path) -> Path | None:
    """The executable's icon: .ico on Windows, .icns on macOS (written by Qt's image
    plugins on the build machine); None on Linux, where the desktop entry names it."""
    from PySide6.QtGui import QImage

    suffix = ".ico" if IS_WINDOWS else ".icns" if IS_MACOS else None
    if suffix is None:
        return None
    target = work_dir / f"{APP_NAME}{suffix}"
    if QImage(str(pngs[256])).save(str(target)):
        return target
    print(f"warning: Qt could not write {target.name}; the executable has no icon")
    return None


DESKTOP_ENTRY = """\
[Desktop Entry]
Type=Application
Version=1.5
Name={title}
GenericName=Leukaemia information
Comment=Offline information about acute lymphoblastic leukaemia for patients and families
Exec={name}
TryExec={name}
Icon={app_id}
Terminal=false
Categories=Education;Science;MedicalSoftware;
Keywords=leukaemia;leukemia;ALL;lymphoblastic;cancer;blood;chemotherapy;
"""

METAINFO = """\
<?xml version="1.0" encoding="UTF-8"?>
<component type="desktop-application">
  <id>{app_id}</id>
  <metadata_license>CC0-1.0</metadata_license>
  <name>{title}</name>
  <summary>Offline information about acute lymphoblastic leukaemia</summary>
  <description>
    <p>
      ALL Guide teaches patients and families about acute lymphoblastic leukaemia (ALL) in
      plain language: articles, treatment explainers, a glossary, search in UK or US
      spelling, and an interactive diagram of how blood cells grow. It needs no network.
    </p>
    <p>It informs and does not advise: every page points the reader to their care team.</p>
  </description>
  <launchable type="desktop-id">{app_id}.desktop</launchable>
  <provides>
    <binary>{name}</binary>
  </provides>
  <categories>
    <category>Education</category>
    <category>MedicalSoftware</category>
  </categories>
  <content_rating type="oars-1.1"/>
  <releases>
    <release version="{version}" date="{date}"/>
  </releases>
</component>
"""


def write_desktop_files(bundle_dir: Path, pngs: dict[int, Path]) -> list[Path]:
    """share/applications, share/metainfo and share/icons/hicolor inside the bundle folder,
    laid out as under /usr/share, so `cp -r share/* ~/.local/share/` installs them."""
    from desktop_app import __version__

    share = bundle_dir / "share"
    fields = {"title": APP_TITLE, "name": APP_NAME, "app_id": APP_ID,
              "version": __version__, "date": _release_date()}
    desktop = share / "applications" / f"{APP_ID}.desktop"
    metainfo = share / "metainfo" / f"{APP_ID}.metainfo.xml"
    written = [desktop, metainfo]
    desktop.parent.mkdir(parents=True, exist_ok=True)
    desktop.write_text(DESKTOP_ENTRY.format(**fields), encoding="utf-8")
    metainfo.parent.mkdir(parents=True, exist_ok=True)
    metainfo.write_text(METAINFO.format(**fields), encoding="utf-8")
    icons = share / "icons" / "hicolor"
    for size, png in pngs.items():
        target = icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, target)
        written.append(target)
    scalable = icons / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICON_SVG, scalable)
    return [*written, scalable]


def _release_date() -> str:
    """Today, or SOURCE_DATE_EPOCH's day for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return (date.fromtimestamp(int(epoch)) if epoch else date.today()).isoformat()


def platform_tag() -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower().replace("amd64", "x86_64")
    return f"{system}-{machine}"


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


def run_self_test(executable: Path) -> tuple[bool, dict[str, Any] | None]:
    """Run the bundle's `--self-test` offscreen; (passed, its JSON report)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([str(executable), "--self-test"], capture_output=True, text=True,
                          env=env, timeout=300, check=False)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(done.stdout + done.stderr, file=sys.stderr)
        report = None
    return done.returncode == 0 and report is not None, report


# --- Command line -----------------------------------------------------------------------

def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--onefile", action="store_true",
                        help="one self-extracting executable instead of a folder")
    parser.add_argument("--dist", type=Path, default=REPO_ROOT / "dist",
                        help="where the bundle and archive go (default: dist/)")
    parser.add_argument("--work", type=Path, default=REPO_ROOT / "build" / "installer",
                        help="PyInstaller's working folder (default: build/installer/)")
    parser.add_argument("--no-archive", action="store_true", help="skip the archive")
    parser.add_argument("--no-self-test", action="store_true",
                        help="skip running the bundle's --self-test at the end")
    args = parser.parse_args(argv)
    started = time.monotonic()

    from db.build import BuildFailed, build
    from db.sources import CONTENT_DIR
    from desktop_app.core.content_format import CONTENT_FILE_NAME

    try:  # built afresh into the work folder: the bundle never ships a stale database
        report = build(CONTENT_DIR, args.work.resolve() / "content" / CONTENT_FILE_NAME)
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
