"""One interface for the three places ALL Guide runs (a ward kiosk, a clinic tablet, a
family laptop): each profile owns its start-up, the controls it adds to the top bar and
what it keeps or forgets. ui/kiosk.py, ui/tablet.py and ui/laptop.py implement it;
`application.make_profile` is the one place that picks one by name."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLayout, QLineEdit, QTextEdit, QWidget

from desktop_app.ui.widgets import guarded_event_filter

if TYPE_CHECKING:

    from desktop_app.core.addresses import Address
    from desktop_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class Profile(QObject):
    """What makes the main window one of the three; subclasses add their controls in
    __init__ and set `window.controller` to themselves."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.controller = self

    def start(self, app: QApplication, page: Address | None) -> Address:
        """Show the window as this place needs it; returns the first page to open."""
        raise NotImplementedError

    def import_saved(self, path: Path) -> None:
        """`--import-saved`: only a laptop keeps saved data."""
        log.warning("--import-saved is ignored: this profile keeps nothing")

    def close_files(self) -> None:
        """Close the files this place holds open, so a rendering's scratch folder can go
        (only a laptop holds any: its saved data)."""


def fill_screen(window: MainWindow) -> None:
    """Full screen even where no window manager acts on the full-screen hint (a bare
    `xinit` kiosk): the window is also given the whole screen's geometry itself, and
    goes back to full screen if anything takes it out (pages scroll or wrap rather than
    need more room than a screen has).

    The window's size is the screen's, never its contents' minimum: by default a window
    takes its layout's minimum size, and one larger than the window (a row of a page met
    earlier that does not wrap at 200% text, since a stack counts hidden pages too)
    makes Qt resize it, which drops full screen silently, with no WindowStateChange for
    the guard to hear. Contents that want more than the screen are squeezed instead."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    layout = window.layout()
    if layout is not None:
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    window.setMinimumSize(0, 0)
    window.setGeometry(screen.geometry())
    window.showFullScreen()
    if not hasattr(window, "_keep_full_screen"):
        window._keep_full_screen = _KeepFullScreen(window)  # type: ignore[attr-defined]


class _KeepFullScreen(QObject):
    """Puts a kiosk or tablet window back to full screen after any state change."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.installEventFilter(self)

    @guarded_event_filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.WindowStateChange and watched is self.window
                and not self.window.isFullScreen() and self.window.isVisible()):
            QTimer.singleShot(0, self.window, self.window.showFullScreen)
        return False


class NoTextDrag(QObject):
    """Kiosk and tablet: a press on selected text would start Qt's text drag, which can
    carry words out of the window (and a drag's own event loop once held a kiosk). The
    selection is dropped at the press, so no drag can start; selecting still works."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        app = QApplication.instance()
        assert app is not None  # a window exists, so the application does
        app.installEventFilter(self)
        window.destroyed.connect(self._remove)

    def _remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    @guarded_event_filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            editor = watched.parent() if isinstance(watched, QWidget) else None
            if isinstance(editor, QTextEdit) and editor.textCursor().hasSelection():
                cursor = editor.textCursor()
                cursor.clearSelection()
                editor.setTextCursor(cursor)
            elif isinstance(watched, QLineEdit) and watched.hasSelectedText():
                watched.deselect()
        return False
