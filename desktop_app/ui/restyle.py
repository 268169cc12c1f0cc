"""Restyling the main window part by part, and each part only when it can be seen.

The window's look (text size, colour theme, a kiosk's screen factor) is one Qt style
sheet. Set on the window itself, every change of it repolishes every widget of every
screen made so far, shown or not: about 900 widgets on a kiosk after one reader's
session, 1 to 4 s on a loaded 2-core machine (docs/reliability.md). So the sheet is given
to the parts instead (the bar, the footer, each screen, each overlay): the parts that
show take it at once, the hidden ones when they are next shown.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget

from desktop_app.ui.widgets import guarded_event_filter

GIVEN = "allGuideSheet"  # a widget's property: the sheet this module gave it


class Restyler(QObject):
    """Holds the window's current sheet and hands it to the parts (MainWindow._restyle)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.sheet = ""

    def restyle(self, sheet: str, parts: Iterable[QWidget]) -> None:
        """The new sheet: visible parts take it now, hidden ones when shown (and ones
        not polished yet now too: for them it costs nothing, as at start-up)."""
        self.sheet = sheet
        for part in parts:
            if part.isVisible() or not part.testAttribute(
                    Qt.WidgetAttribute.WA_WState_Polished):
                self.give(part)
            elif self.is_stale(part):
                part.installEventFilter(self)  # once: Qt does not add a filter twice

    def is_stale(self, widget: QWidget) -> bool:
        """Whether `widget` is ours and has an older sheet than the current one."""
        sheet = widget.styleSheet()
        return bool(self.sheet) and sheet != self.sheet and (
            not sheet or sheet == widget.property(GIVEN))

    def give(self, widget: QWidget) -> None:
        """The current sheet, unless `widget` has it already or keeps a sheet of its own
        (the on-screen keyboard sizes its keys with one)."""
        if self.is_stale(widget):
            widget.setProperty(GIVEN, self.sheet)
            widget.setStyleSheet(self.sheet)

    @guarded_event_filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            self.give(watched)
        return False
