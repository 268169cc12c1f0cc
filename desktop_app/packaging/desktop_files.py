"""The files that make the app look at home on a desktop: its icon in every size (drawn from
the SVG with Qt), and on Linux a .desktop entry and AppStream metainfo, laid out as under
/usr/share so `cp -r share/* ~/.local/share/` installs them.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.packaging.identity import (
    APP_ID,
    APP_NAME,
    APP_TITLE,
    ICON_SVG,
    IS_MACOS,
    IS_WINDOWS,
)

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# The code is MIT; the bundled Atkinson Hyperlegible typeface is under the SIL Open Font
# Licence (resources/fonts/OFL.txt). SPDX expressions, as AppStream wants them.
PROJECT_LICENSE = "MIT AND OFL-1.1"
METADATA_LICENSE = "CC0-1.0"

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
  <metadata_license>{metadata_license}</metadata_license>
  <project_license>{project_license}</project_license>
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
              "version": __version__, "date": _release_date(),
              "metadata_license": METADATA_LICENSE, "project_license": PROJECT_LICENSE}
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
