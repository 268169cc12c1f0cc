"""Rendering a page to a PNG offscreen with QWidget.grab(): for tests and the README."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop_app.core.addresses import Address
from desktop_app.ui.main_window import MainWindow


def render_page(window: MainWindow, address: str | Address, width: int, height: int) -> None:
    """Lay out `window` at a size and show `address`, ready to grab."""
    window.resize(width, height)
    window.show()
    window.open(address)
    for _ in range(3):
        QApplication.processEvents()


def save_screenshot(window: MainWindow, address: str | Address, path: Path,
                    width: int = 1280, height: int = 800) -> bool:
    render_page(window, address, width, height)
    return window.grab().save(str(path), "PNG")
