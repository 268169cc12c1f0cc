"""The start-up probe `python -m bench` times the app and the bare window with."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.ui.first_paint import ENVIRONMENT_VARIABLE, PREFIX

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("command", [["-m", "desktop_app"], [str(REPO_ROOT / "bench" /
                                                                  "bare_window.py")]])
def test_first_paint_is_reported_and_the_app_quits(content_db: Path, tmp_path: Path,
                                                   command: list[str]) -> None:
    environment = {**os.environ, ENVIRONMENT_VARIABLE: "1", "QT_QPA_PLATFORM": "offscreen",
                   "ALL_GUIDE_CONTENT_DB": str(content_db),
                   "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, *command], env=environment, capture_output=True,
                          text=True, timeout=120, check=False, cwd=REPO_ROOT)
    assert done.returncode == 0, done.stderr
    reports = [line.split() for line in done.stdout.splitlines() if line.startswith(PREFIX)]
    assert len(reports) == 1 and float(reports[0][1]) > 0


def test_without_the_variable_nothing_is_watched(qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    from desktop_app.ui.first_paint import report_first_paint

    label = QLabel("ALL Guide")
    qtbot.addWidget(label)
    os.environ.pop(ENVIRONMENT_VARIABLE, None)
    report_first_paint(label)
    assert not label.findChildren(object)
