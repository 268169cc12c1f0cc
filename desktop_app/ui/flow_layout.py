"""A layout that places its widgets in rows, left to right, and wraps them onto the next
row when the width runs out: top-bar actions and journey steps at 200% text reflow
instead of running off the right edge."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Rows of items; each item keeps its size hint (at most the whole width).
    With `stretch`, items of a row share its spare width (cards of a row line up)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8, *,
                 stretch: bool = False, align_top: bool = True,
                 centre_rows: bool = False) -> None:
        """`centre_rows`: items shorter than their row sit in its middle (a label
        beside buttons), else at its top."""
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.stretch = stretch
        self.align_top = align_top
        self.centre_rows = centre_rows
        self.setContentsMargins(0, 0, 0, 0)

    # QLayout's list of items

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # Sizes

    def spacing(self) -> int:
        return self._spacing

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        """All on one row, when there is room for it."""
        width = height = 0
        for item in self._visible():
            hint = item.sizeHint()
            width += hint.width() + (self._spacing if width else 0)
            height = max(height, hint.height())
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """As wide as the widest item: anything narrower would clip it."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m: QMargins = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items
                if item.widget() is None or not item.widget().isHidden()]

    def _rows(self, width: int) -> list[list[QLayoutItem]]:
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            wanted = min(item.sizeHint().width(), width)
            if rows[-1] and used + self._spacing + wanted > width:
                rows.append([])
                used = 0
            used += (self._spacing if rows[-1] else 0) + wanted
            rows[-1].append(item)
        return [row for row in rows if row]

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        width = max(1, area.width())
        y = area.y()
        rows = self._rows(width)
        for number, row in enumerate(rows):
            widths = [min(item.sizeHint().width(), width) for item in row]
            # a shorter last row keeps its widths: one card alone is not stretched across
            last_and_short = number and number == len(rows) - 1 and len(row) < len(rows[0])
            if self.stretch and not last_and_short:
                spare = width - sum(widths) - self._spacing * (len(row) - 1)
                widths = [w + spare // len(row) for w in widths]
            heights = [self._height(item, w) for item, w in zip(row, widths, strict=True)]
            row_height = max(heights)
            if number:
                y += self._spacing
            x = area.x()
            for item, item_width, item_height in zip(row, widths, heights, strict=True):
                if apply:
                    policy = item.widget().sizePolicy() if item.widget() else None
                    fill = policy is not None and not self.align_top and \
                        policy.verticalPolicy() != QSizePolicy.Policy.Fixed
                    height = row_height if fill else item_height
                    top = y + (row_height - height) // 2 if self.centre_rows else y
                    item.setGeometry(QRect(QPoint(x, top), QSize(item_width, height)))
                x += item_width + self._spacing
            y += row_height
        return y - rect.y() + m.bottom()

    @staticmethod
    def _height(item: QLayoutItem, width: int) -> int:
        if item.hasHeightForWidth():
            return max(item.heightForWidth(width), item.minimumSize().height())
        return item.sizeHint().height()
