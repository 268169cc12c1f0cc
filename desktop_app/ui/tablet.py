"""The clinic tablet: touch first. Kinetic (flick) scrolling on every list and article,
full screen by default. Targets are already at least 44 by 44 px on every profile, and
nothing needs hover or a right click; the diagram handles pinch and pan itself."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QGraphicsView,
    QScroller,
    QWidget,
)

from desktop_app.core.addresses import HOME, Address
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.onscreen_keyboard import install_on_screen_keyboard
from desktop_app.ui.profile import NoTextDrag, Profile, fill_screen


def enable_kinetic_scrolling(root: QWidget) -> int:
    """Let a finger flick every scrolling area under `root`; returns how many."""
    count = 0
    areas = [root] if isinstance(root, QAbstractScrollArea) else []
    for area in [*areas, *root.findChildren(QAbstractScrollArea)]:
        if isinstance(area, QGraphicsView):  # pinch, pan and tap are its own
            continue
        QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        count += 1
    return count


class TabletController(Profile):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        enable_kinetic_scrolling(window)
        window.set_display(touch=True)  # scroll bars wide enough for a finger
        window.screen_created.connect(enable_kinetic_scrolling)
        self.keyboard = install_on_screen_keyboard(window)  # None if the site uses its own

    def start(self, app: QApplication, page: Address | None) -> Address:
        self.no_text_drag = NoTextDrag(self.window)
        fill_screen(self.window)
        return page or HOME
