"""The app's names, shared by the bundle, the desktop files and the archive."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_NAME = "all-guide"  # the executable, the bundle folder and the archive
APP_TITLE = "ALL Guide"
# reverse-DNS id for the .desktop file, AppStream and the macOS bundle
APP_ID = "org.allguide.AllGuide"
ENTRY_SCRIPT = REPO_ROOT / "desktop_app" / "__main__.py"
ICON_SVG = REPO_ROOT / "resources" / "icons" / "all-guide.svg"
QT_BINDING = "PySide6"

IS_WINDOWS = sys.platform == "win32"
IS_MACOS = sys.platform == "darwin"
IS_LINUX = sys.platform.startswith("linux")
EXE_SUFFIX = ".exe" if IS_WINDOWS else ""


def platform_tag() -> str:
    """The archive's platform part, such as "linux-x86_64" or "windows-x86_64"."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower().replace("amd64", "x86_64")
    return f"{system}-{machine}"
