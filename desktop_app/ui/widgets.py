"""Small widgets the screens share: cards, page headings, scrolling pages, notes."""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui import style

MIN_TARGET = 44  # px: the smallest touch target, on every profile
_log = logging.getLogger("all_guide.errors")
Filter = TypeVar("Filter", bound=Callable[..., bool])


def guarded_event_filter(method: Filter) -> Filter:
    """An exception raised inside a Python eventFilter override crashes the process with
    PySide 6.11 (shiboken fails while reporting it). Log where it happened (never the
    message, which may hold words a reader typed) and let the event through instead."""
    @functools.wraps(method)
    def guarded(self: object, watched: object, event: object) -> bool:
        try:
            return method(self, watched, event)
        except Exception as error:
            frame = traceback.extract_tb(error.__traceback__)[-1]
            _log.error("event filter %s failed: %s at %s:%s", type(self).__name__,
                       type(error).__name__, frame.filename.rsplit("/", 1)[-1], frame.lineno)
            return False
    return guarded  # type: ignore[return-value]


def connect_clicked(button: QAbstractButton, action: Callable[[], object]) -> None:
    """Run `action()` on a click, with no arguments: `clicked` sends a bool (checked),
    which must never land in a parameter that means something else (a file path)."""
    button.clicked.connect(lambda _checked=False: action())


class CardButton(QPushButton):
    """A large button with a bold title and a wrapped line of text beneath it.

    QPushButton cannot wrap text, so the two labels sit on top of the button and let
    clicks through; the button itself carries the accessible name and the keyboard focus.
    """

    def __init__(self, title: str, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.title_label = _passive_label(title, "cardTitle")
        layout.addWidget(self.title_label)
        self.text_label = _passive_label(text, "cardText", rich=True)
        if not text:
            self.text_label.hide()
        layout.addWidget(self.text_label)
        self.setMinimumHeight(MIN_TARGET)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter opens a card too, as a keyboard user expects (Space already does)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        """Wide enough for the title on one line where it fits, never wider than a
        reading column: in a row or a grid the words wrap rather than push it wider."""
        hint = self.layout().sizeHint()
        hint.setWidth(min(hint.width(), style.reading_width(self.font(), 40)))
        hint.setHeight(max(self.heightForWidth(hint.width()), MIN_TARGET))
        return hint

    def minimumSizeHint(self) -> QSize:
        """As narrow as the longest word (QPushButton's own minimum is its size hint,
        which made a row of cards wider than the window at 200% text)."""
        minimum = self.layout().minimumSize()
        return QSize(minimum.width(), max(minimum.height(), MIN_TARGET))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.layout().heightForWidth(width), MIN_TARGET)


def _passive_label(text: str, name: str, *, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return label


def heading(text: str, name: str = "pageTitle") -> QLabel:
    """A page title or lead paragraph label that wraps instead of clipping."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(text)
    return label


class ScrollingPage(QScrollArea):
    """A vertically scrolling page whose column of text is about 60 to 75 characters
    wide at any text size, centred in a wide window; every screen that lists things
    grows inside one (`column` is the column's layout)."""

    MARGINS = (32, 24, 32, 24)

    def __init__(self, parent: QWidget | None = None, characters: int = 0) -> None:
        """`characters`: a wider column for pages of card grids (Home, the journey);
        their paragraphs still wrap at the reading width."""
        super().__init__(parent)
        self.characters = characters or style.READING_CHARACTERS
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a silent Tab stop: its controls are
        # the column is centred by its side margins (set on every resize): a row with
        # stretches either side would lose the column's height for its width
        self.body = QWidget()
        self.body.setObjectName("readingColumn")
        self.column = QVBoxLayout(self.body)
        self.column.setContentsMargins(*self.MARGINS)
        self.column.setSpacing(14)
        self.setWidget(self.body)
        self.body.installEventFilter(self)  # paragraphs added later get the reading width
        self._fit_column()

    def column_width(self) -> int:
        """The widest the column may be, margins included, for the current font."""
        left, _, right, _ = self.MARGINS
        return style.reading_width(self.font(), self.characters) + left + right

    def _fit_column(self) -> None:
        left, top, right, bottom = self.MARGINS
        spare = self.viewport().width() - self.column_width()
        side = max(0, spare // 2)
        margins = self.column.contentsMargins()
        if (margins.left(), margins.right()) != (left + side, right + side):
            self.column.setContentsMargins(left + side, top, right + side, bottom)
        if self.characters > style.READING_CHARACTERS:
            self._fit_paragraphs()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_column()

    def _fit_paragraphs(self) -> None:
        """In a wide column, paragraphs (wrapped labels) keep to the reading width, by an
        empty margin on their right (a maximum width would make the page's height for
        its width wrong, and the last cards would be squeezed)."""
        margins = self.column.contentsMargins()
        inner = self.viewport().width() - margins.left() - margins.right()
        extra = max(0, inner - style.reading_width(self.font()))
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        for label in self.body.findChildren(QLabel, options=direct):
            if label.wordWrap() and label.contentsMargins().right() != extra:
                label.setContentsMargins(0, 0, extra, 0)

    @guarded_event_filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body and event.type() == QEvent.Type.ChildAdded \
                and self.characters > style.READING_CHARACTERS:
            self._fit_paragraphs()
        return False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_column()

    def clear(self) -> None:
        """Remove every widget from the column (used when a screen shows new content)."""
        while self.column.count():
            item = self.column.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()  # gone at once, not only when the deferred delete runs
                widget.deleteLater()
            elif item.layout() is not None:
                _clear_layout(item.layout())


def _clear_layout(layout) -> None:
    """Rows of buttons that a page put in its column as layouts go too."""
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()
            item.widget().deleteLater()
        elif item.layout() is not None:
            _clear_layout(item.layout())
    layout.deleteLater()


class WrappingList(QListWidget):
    """A list whose entries wrap onto more lines at large text sizes, never cut off.

    Qt's item delegate works out a wrapped entry's height for a wider line than it then
    paints in (the style sheet's item padding and the focus margin come off only when
    painting), so at 200% an entry such as "advance care plan" got one line and an
    ellipsis. Each row's height is set here, for the width it is really painted in."""

    SPARE = 22  # px: item padding (2 x 4), focus margins (2 x 3) and a few to spare

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # always there, so its width never changes where the words wrap after layout
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)

    def fit_rows(self) -> None:
        """Give every row the height its words need at the list's present width."""
        width = max(40, self.viewport().width() - self.SPARE)
        metrics = QFontMetrics(self.font())
        for row in range(self.count()):
            item = self.item(row)
            lines = metrics.boundingRect(QRect(0, 0, width, 0), Qt.TextFlag.TextWordWrap,
                                         item.text()).height()
            item.setSizeHint(QSize(width, max(MIN_TARGET, lines + 16)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_rows()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_rows()

