"""Small widgets of the diagram screen: a layout that wraps its buttons onto new lines,
and the style that makes the chosen view's button look chosen.

The app's style sheet paints checked buttons white, which reads as "switched off" on a
row of blue buttons. Inside the diagram's own toolbar the chosen view is filled dark
blue with white text and a thick dark edge; the others are white with blue text.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem

from desktop_app.ui import style


def view_button_style(scale: float) -> str:
    """A local style sheet for the view buttons (objectName "diagramViewButton")."""
    size = style.BASE_POINT_SIZE * scale
    return f"""
        QPushButton#diagramViewButton {{
            background: {style.PAPER}; color: {style.ACCENT};
            border: 2px solid {style.ACCENT}; border-radius: 8px;
            padding: 6px 12px; font-size: {size}pt; font-weight: bold;
        }}
        QPushButton#diagramViewButton:hover {{ background: {style.TILE}; }}
        QPushButton#diagramViewButton:checked {{
            background: {style.ACCENT}; color: {style.ACCENT_INK};
            border: 3px solid {style.INK};
        }}
        QPushButton#diagramViewButton:focus {{ border: 3px solid {style.FOCUS}; }}
    """


class FlowLayout(QLayout):
    """Lays widgets left to right and wraps onto a new line when the row is full."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def addWidget(self, widget: QWidget) -> None:  # type: ignore[override]
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() and line > 0:
                x, y, line = rect.x(), y + line + self.spacing(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y + max(0, (line - hint.height()) // 2)),
                                       hint))
            x += hint.width() + self.spacing()
            line = max(line, hint.height())
        return y + line - rect.y()
