"""Small widgets of the diagram screen: the view buttons, the row that holds a group of
them, and a layout that wraps its buttons onto new lines.

The app's style sheet paints checked buttons white, which reads as "switched off" on a
row of blue buttons. Inside the diagram's own toolbar the chosen view is filled with the
theme's button colour with a thick edge in its ink; the others are paper with button-
coloured text. A focus ring on the chosen (filled) button would be lost against the fill
(1.6:1), so the button draws a ring of paper inside the focus ring: the ring has paper on
both sides in every theme.

Each group of views is one row that never wraps: when the row is wider than the window
it scrolls sideways (a finger swipes it, the arrow buttons at its ends move it, and Tab
brings the focused button into view), so the buttons take two rows at any width or text
size and keep their full touch size.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QScrollEvent,
    QScrollPrepareEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QScroller,
    QWidget,
    QWidgetItem,
)

from desktop_app.ui import style
from desktop_app.ui.widgets import MIN_TARGET, guarded_event_filter

RING = 3  # px: the focus ring, and the ring of paper inside it on a chosen button
RADIUS = 8


def view_button_style(scale: float, theme: style.Theme = style.LIGHT) -> str:
    """A local style sheet for the view buttons (objectName "diagramViewButton")."""
    t = theme
    size = style.BASE_POINT_SIZE * scale
    return f"""
        QPushButton#diagramViewButton {{
            background: {t.paper}; color: {t.link};
            border: {RING}px solid {t.accent}; border-radius: {RADIUS}px;
            padding: 6px 12px;
        }}
        QPushButton#diagramViewButton:hover {{ background: {t.tile}; }}
        QPushButton#diagramViewButton:checked {{
            background: {t.accent}; color: {t.accent_ink};
            border: {RING}px solid {t.ink};
        }}
        QPushButton#diagramViewButton:focus {{ border: {RING}px solid {t.focus}; }}
        QPushButton#diagramRowArrow {{
            padding: 0; font-size: {size * 1.3:.1f}pt;
            /* a full touch target inside its 3 px border */
            min-height: {MIN_TARGET - 6}px; min-width: {MIN_TARGET - 6}px;
        }}
    """


class ViewButton(QPushButton):
    """A view button. Focused and chosen, it draws a ring of paper just inside its focus
    ring, so the ring meets paper on both sides (3:1 or more in every theme)."""

    def __init__(self, text: str, theme: style.Theme = style.LIGHT) -> None:
        super().__init__(text)
        self.setObjectName("diagramViewButton")
        self.setCheckable(True)
        self.setMinimumHeight(MIN_TARGET)
        self.theme = theme

    def set_points(self, points: float) -> None:
        """The words' size, set on the button itself: a font size in the style sheet is
        drawn but not measured, so the words were cut off at large text."""
        font = style.application_font(1.0)
        font.setPointSizeF(points)
        font.setBold(True)
        self.setFont(font)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus() and self.isChecked():
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor(self.theme.paper), RING))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            inset = RING + RING / 2
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset),
                                    RADIUS - RING, RADIUS - RING)
            painter.end()


class _Clip(QWidget):
    """Shows part of a strip of buttons, moved sideways by `set_offset`, by a finger
    (QScroller sends this widget its scroll events) or to bring a button into view."""

    def __init__(self, strip: QWidget, moved: Callable[[], None]) -> None:
        super().__init__()
        self.strip, self.offset, self._moved = strip, 0, moved
        self.keep: QWidget | None = None  # the button to keep in view as the row resizes
        strip.setParent(self)
        strip.installEventFilter(self)  # its size changes with the text size
        QScroller.grabGesture(self, QScroller.ScrollerGestureType.TouchGesture)

    def furthest(self) -> int:
        return max(0, self.strip.width() - self.width())

    def set_offset(self, offset: int) -> None:
        self.offset = max(0, min(self.furthest(), offset))
        self.strip.move(-self.offset, 0)
        self._moved()

    def ensure_visible(self, widget: QWidget, margin: int = 24) -> None:
        """Scroll `widget` into view, and keep it there while the row's arrows come and
        go (they change the room the row has)."""
        self.keep = widget
        left = widget.mapTo(self.strip, QPoint(0, 0)).x()
        if left - margin < self.offset:
            self.set_offset(left - margin)
        elif left + widget.width() + margin > self.offset + self.width():
            self.set_offset(left + widget.width() + margin - self.width())

    def _fit_strip(self) -> None:
        hint = self.strip.sizeHint()
        self.strip.resize(max(hint.width(), self.width()), self.height())
        self.set_offset(self.offset)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_strip()
        if self.keep is not None:
            self.ensure_visible(self.keep)

    @guarded_event_filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.strip and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
            self._fit_strip()
        return False

    def sizeHint(self) -> QSize:
        return QSize(self.strip.sizeHint().width(), self.strip.sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_TARGET, self.strip.sizeHint().height())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ScrollPrepare:
            assert isinstance(event, QScrollPrepareEvent)
            event.setViewportSize(QSizeF(self.size()))
            event.setContentPosRange(QRectF(0, 0, self.furthest(), 0))
            event.setContentPos(QPointF(self.offset, 0))
            event.accept()
            return True
        if event.type() == QEvent.Type.Scroll:
            assert isinstance(event, QScrollEvent)
            self.keep = None  # the reader moves the row now
            self.set_offset(round(event.contentPos().x()))
            return True
        return super().event(event)


class ScrollingRow(QWidget):
    """A group's title and its buttons on one line that scrolls sideways when too long,
    with arrow buttons at the ends that show only when there is more to see."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.title = QLabel(title)
        self.title.setObjectName("cardTitle")
        self.strip = QWidget()
        self.strip.setObjectName("diagramRowStrip")
        self.buttons_box = QHBoxLayout(self.strip)
        self.buttons_box.setContentsMargins(0, 0, 0, 0)
        self.buttons_box.setSpacing(6)
        self.buttons_box.addStretch(1)  # buttons keep their own width, to the left
        views = name[:1].lower() + name[1:]  # each arrow names its own row
        self.back = self._arrow("‹", self.tr("Earlier {views}").format(views=views), -1)
        self.more = self._arrow("›", self.tr("More {views}").format(views=views), +1)
        self.clip = _Clip(self.strip, self._show_arrows)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.title)
        row.addWidget(self.back)
        row.addWidget(self.clip, 1)
        row.addWidget(self.more)
        self._show_arrows()

    def _arrow(self, text: str, name: str, direction: int) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("diagramRowArrow")
        button.setAccessibleName(name)
        button.setToolTip(name)
        button.setMinimumSize(MIN_TARGET, MIN_TARGET)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab reaches every view button
        button.clicked.connect(lambda: self.page(direction))
        return button

    def add_button(self, button: QAbstractButton) -> None:
        self.buttons_box.insertWidget(self.buttons_box.count() - 1, button)
        button.installEventFilter(self)

    @guarded_event_filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self.show_button(watched)  # Tab brings the focused button into view
        return False

    def show_button(self, button: QWidget) -> None:
        """Scroll so `button` (the chosen or focused view) is in sight."""
        self.clip.ensure_visible(button)

    def page(self, direction: int) -> None:
        self.clip.keep = None
        self.clip.set_offset(self.clip.offset + direction * max(80, self.clip.width() * 2 // 3))

    def _show_arrows(self) -> None:
        if not hasattr(self, "clip"):
            return
        self.back.setVisible(self.clip.offset > 0)
        self.more.setVisible(self.clip.offset < self.clip.furthest())


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
