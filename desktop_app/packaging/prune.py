"""What the frozen bundle leaves out of PySide6 (Qt modules, plugins, translations,
libraries) and of Python, decided here in one place.

Hospitals copy the app onto old ward PCs and kiosks, so it must be small. The app and the
bench's bare window are frozen under the same rules (`bundle.build_bundle`), and
tests/test_installer.py checks the pruning never drops a Qt module the app imports.
docs/installer.md explains each choice.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import pkgutil
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from desktop_app.packaging.elf import direct_imports
from desktop_app.packaging.identity import QT_BINDING, REPO_ROOT

PACKAGING_DIR = Path(__file__).resolve().parent

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
        if PACKAGING_DIR in path.parents:  # build tooling (icons drawn with QtSvg), not the app
            continue
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
# sqldrivers (the app reads its database with Python's own module), qmltooling, designer, …
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
    # Read-aloud (ui/read_aloud.py): speech-dispatcher on Linux (what the wheel ships),
    # flite where a Qt build has it, WinRT and SAPI on Windows, AVSpeech ("darwin") and
    # NSSpeech ("macos") on macOS. Left out: "mock", Qt's test engine. The multimedia
    # plugins (FFmpeg, some 20 MB) stay out: only flite plays sound through Qt.
    "texttospeech": frozenset({"qtexttospeech_speechd", "qtexttospeech_flite",
                               "qtexttospeech_winrt", "qtexttospeech_sapi",
                               "qtexttospeech_darwin", "qtexttospeech_macos"}),
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
    # Speech and sound (QtTextToSpeech links QtMultimedia, which links PulseAudio): the
    # system's own libspeechd must match its speech-dispatcher, and its libpulse its sound
    # server (PipeWire's or PulseAudio's). Without them the app says it has no voice.
    r"libspeechd\.so(\..*)?",
    r"libpulse(-simple|-mainloop-glib)?\.so(\..*)?",
    r"libpulsecommon-.*\.so",
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
    "concurrent", "asyncio", "curses", "readline", "PySide6.scripts",
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
            cache[source] = {os.path.basename(name).lower() for name in direct_imports(source)}
    return cache[source]


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
