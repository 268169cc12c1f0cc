"""`all-guide --screenshot` renders a real page offscreen to a PNG and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage


def _all_guide(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """The command as a person runs it, with its own temporary folder to look in after."""
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    environment = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    return subprocess.run([sys.executable, "-m", "desktop_app", *arguments],
                          capture_output=True, text=True, timeout=120,
                          env={**environment, "TMPDIR": str(scratch)})


def test_screenshot_command_writes_a_real_picture(tmp_path: Path, content_db: Path) -> None:
    picture = tmp_path / "article.png"
    result = _all_guide(tmp_path, "--content-db", str(content_db),
                        "--screenshot", str(picture), "--page", "app:article/what-is-all",
                        "--size", "900x600")
    assert result.returncode == 0, result.stderr
    image = QImage(str(picture))
    assert (image.width(), image.height()) == (900, 600)
    colours = {image.pixel(x, y) for x in range(0, 900, 7) for y in range(0, 600, 7)}
    assert len(colours) > 20, "the picture is nearly blank"


def test_pictures_and_pdfs_leave_no_scratch_folder_behind(tmp_path: Path,
                                                          content_db: Path) -> None:
    """A picture or a PDF is made with an empty saved-data file of its own, so the
    reader's is never touched; the folder it was in goes when the command ends (a
    hospital's screenshot script once left hundreds in /tmp)."""
    for arguments in (("--screenshot", str(tmp_path / "home.png")),
                      ("--print-pdf", str(tmp_path / "page.pdf"), "--page",
                       "app:article/what-is-all")):
        result = _all_guide(tmp_path, "--content-db", str(content_db), *arguments)
        assert result.returncode == 0, result.stderr
        assert list((tmp_path / "tmp").iterdir()) == []
    assert (tmp_path / "page.pdf").read_bytes().startswith(b"%PDF")


def test_bad_page_address_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--screenshot", str(tmp_path / "x.png"),
         "--page", "https://example.org"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "not an in-app address" in result.stderr
