"""`all-guide --screenshot` renders a real page offscreen to a PNG and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage


def test_screenshot_command_writes_a_real_picture(tmp_path: Path, content_db: Path) -> None:
    picture = tmp_path / "article.png"
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--content-db", str(content_db),
         "--screenshot", str(picture), "--page", "app:article/what-is-all",
         "--size", "900x600"],
        capture_output=True, text=True, timeout=120,
        env={k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"},
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(picture))
    assert (image.width(), image.height()) == (900, 600)
    colours = {image.pixel(x, y) for x in range(0, 900, 7) for y in range(0, 600, 7)}
    assert len(colours) > 20, "the picture is nearly blank"


def test_bad_page_address_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--screenshot", str(tmp_path / "x.png"),
         "--page", "https://example.org"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "not an in-app address" in result.stderr
