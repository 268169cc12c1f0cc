"""The app's own on-screen keyboard, for kiosks and tablets that have no keyboard.

Many ward kiosks are a touch screen only: without this panel their search box and
question fields cannot be used. It opens when a person taps an editable text field in the
main window (never a read-only one such as the PIN display) and types into whichever field
has the focus with real key events, so each field reacts exactly as it does to a real
keyboard (textEdited, returnPressed) and the kiosk's event filter counts every key as
activity for the idle timer. Its keys never take the focus.

The panel lies over the bottom of the window, or over the top when the field is in the
bottom part, so it never covers the field being typed into. It closes on Escape, on a tap
outside it and outside the field, on its "Hide keyboard" key, on "Search"/"Done" (which
press Enter in the field first), when the focus leaves the text fields, and at the kiosk's
reset.

Only the kiosk and tablet profiles install it, and only while the site setting
`on_screen_keyboard` is true; sites that use the operating system's own touch keyboard set
it to false (docs/site-settings.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetricsF, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop_app.ui import style
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.widgets import guarded_event_filter

KEY_SIZE = 56  # px at 100% text: larger than the 44 px targets elsewhere, for typing
COLUMNS = 12  # key widths below are in these units
MAX_HEIGHT_SHARE = 0.45  # of the window: the field always fits above or below it
SPACING = 6
MARGIN = 10
PANEL = "#d5dee8"  # the panel behind the keys (no text is drawn on it)
KEY_BORDER = "#8a9bb0"
KEY_DOWN = "#c9d6e3"


@dataclass(frozen=True)
class Key:
    """One key: what it shows, what a screen reader says, what it sends, its width."""

    label: str
    name: str
    key: Qt.Key | None = None  # None: an action of the panel itself
    text: str = ""
    units: int = 1
    action: str = ""  # "enter" or "hide"


def _char(character: str, name: str = "") -> Key:
    key = {"'": Qt.Key.Key_Apostrophe, "-": Qt.Key.Key_Minus,
           "?": Qt.Key.Key_Question}.get(character) or Qt.Key(ord(character.upper()))
    return Key(character, name or character, key, character)


def key_rows() -> list[list[Key]]:
    """A QWERTY layout in four rows of 12 units: digits, then the letters, with the
    marks a search or a question needs (' - ?) and the few action keys."""
    translate = QCoreApplication.translate  # written out, so that lupdate finds each
    backspace = translate("OnScreenKeyboard", "⌫ Backspace")
    search = translate("OnScreenKeyboard", "Search")
    hide = translate("OnScreenKeyboard", "Hide keyboard")
    space = translate("OnScreenKeyboard", "Space")
    return [
        [*(_char(d) for d in "1234567890"),
         Key(backspace, backspace, Qt.Key.Key_Backspace, units=2)],
        [*(_char(c) for c in "qwertyuiop"),
         _char("'", translate("OnScreenKeyboard", "Apostrophe '")),
         _char("-", translate("OnScreenKeyboard", "Hyphen -"))],
        [*(_char(c) for c in "asdfghjkl"),
         _char("?", translate("OnScreenKeyboard", "Question mark ?")),
         Key(search, search, Qt.Key.Key_Return, "\r", units=2, action="enter")],
        [Key(hide, hide, units=2, action="hide"), *(_char(c) for c in "zxcvbnm"),
         Key(space, space, Qt.Key.Key_Space, " ", units=3)],
    ]


def is_search_field(field: QLineEdit) -> bool:
    """Search boxes (the top bar's, Home's, the glossary's filter) get a "Search" key;
    other fields (a question) get "Done"."""
    window = field.window()
    if field is getattr(window, "search_field", None) or field.objectName() == "bigSearch":
        return True
    name = field.accessibleName().lower()
    return "search" in name or "find" in name


class OnScreenKeyboard(QFrame):
    """The panel of keys over the main window, following the focused text field."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.target: QLineEdit | None = None
        self.setObjectName("onScreenKeyboard")
        self.setAccessibleName(self.tr("On-screen keyboard"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.keys: dict[str, QPushButton] = {}  # by label
        self.enter_key: QPushButton  # "Search" or "Done", set with the keys
        self._specs: dict[QPushButton, Key] = {}
        grid = QGridLayout()
        grid.setSpacing(SPACING)
        for row, keys in enumerate(key_rows()):
            column = 0
            for spec in keys:
                button = self._make_key(spec)
                grid.addWidget(button, row, column, 1, spec.units)
                column += spec.units
        self.grid = grid
        outer = QHBoxLayout(self)
        outer.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        outer.addStretch()
        outer.addLayout(grid)
        outer.addStretch()
        # closing when the focus leaves the fields waits a moment: moving from Home's box
        # to the top bar's (the app does that after the first letter) passes a button
        self._focus_check = QTimer(self)
        self._focus_check.setSingleShot(True)
        self._focus_check.setInterval(0)
        self._focus_check.timeout.connect(self._close_unless_typing)
        self._scrolled_by: list[QAbstractScrollArea] = []
        self._styled_for: tuple[float, int, int] | None = None
        app = QApplication.instance()
        app.installEventFilter(self)
        app.focusChanged.connect(self._focus_changed)
        self.hide()

    def _make_key(self, spec: Key) -> QPushButton:
        button = QPushButton(spec.label)
        button.setAccessibleName(spec.name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
        button.setAutoDefault(False)
        button.setObjectName("oskAction" if spec.action == "enter" else
                             "oskWide" if spec.units > 1 else "oskKey")
        if spec.key == Qt.Key.Key_Backspace:
            button.setAutoRepeat(True)  # held down, it goes on deleting, as a real one does
        button.clicked.connect(lambda checked=False, s=spec: self._pressed(s))
        self.keys[spec.label] = button
        if spec.action == "enter":
            self.enter_key = button
        self._specs[button] = spec
        return button

    # Opening, closing, following the field

    def open_for(self, field: QLineEdit) -> None:
        """Show the keys for `field` where they do not cover it."""
        self._set_target(field)
        self._fit()
        self.show()
        self.raise_()

    def close_keyboard(self) -> None:
        """Hide the keys; the field keeps its focus and a tap on it opens them again."""
        self._focus_check.stop()
        self.hide()
        self._set_target(None)

    def _set_target(self, field: QLineEdit | None) -> None:
        for area in self._scrolled_by:
            if shiboken6.isValid(area):
                area.verticalScrollBar().valueChanged.disconnect(self._place)
        self._scrolled_by = []
        self.target = field
        if field is None:
            return
        search = is_search_field(field)
        label = self.tr("Search") if search else self.tr("Done")
        self.enter_key.setText(label)
        self.enter_key.setAccessibleName(label)
        parent = field.parentWidget()
        while parent is not None and parent is not self.window_:
            if isinstance(parent, QAbstractScrollArea):  # scrolling moves the field
                parent.verticalScrollBar().valueChanged.connect(self._place)
                self._scrolled_by.append(parent)
            parent = parent.parentWidget()

    def eligible(self, widget: object) -> bool:
        """An editable, enabled text field shown in this main window."""
        return (isinstance(widget, QLineEdit) and shiboken6.isValid(widget)
                and not widget.isReadOnly() and widget.isEnabled()
                and widget.isVisible() and widget.window() is self.window_)

    def field(self) -> QLineEdit | None:
        """The field the keys type into: the focused one, else the one tapped last."""
        focus = QApplication.focusWidget()
        if self.eligible(focus):
            return focus  # type: ignore[return-value]
        return self.target if self.eligible(self.target) else None

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if not self.isVisible():
            return
        if self.eligible(new):
            self._set_target(new)  # type: ignore[arg-type]
            self._place()
        else:
            self._focus_check.start()

    def _close_unless_typing(self) -> None:
        if self.isVisible() and not self.eligible(QApplication.focusWidget()):
            self.close_keyboard()

    @guarded_event_filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Taps open the keys on a field and close them elsewhere; Escape closes them."""
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            if not isinstance(watched, QWidget) or watched.window() is not self.window_:
                return False
            if self.eligible(watched):
                self.open_for(watched)  # type: ignore[arg-type]
            elif self.isVisible() and watched is not self and not self.isAncestorOf(watched):
                self.close_keyboard()
        elif kind == QEvent.Type.KeyPress and self.isVisible() and isinstance(
                watched, QWidget) and watched.window() is self.window_:
            if event.key() == Qt.Key.Key_Escape:  # type: ignore[attr-defined]
                self.close_keyboard()
                return True  # Escape means "put the keyboard away", nothing more
        elif kind == QEvent.Type.Resize and watched is self.window_ and self.isVisible():
            self._fit()
        return False

    # Typing

    def _pressed(self, spec: Key) -> None:
        if spec.action == "hide":
            self.close_keyboard()
            return
        field = self.field()
        if field is None or spec.key is None:
            self.close_keyboard()
            return
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, spec.key, Qt.KeyboardModifier.NoModifier, spec.text)
            QApplication.sendEvent(field, event)  # through the app's filters, as a key is
            if not shiboken6.isValid(field):  # the key took the reader to another page
                break
        if spec.action == "enter":
            self.close_keyboard()  # the results (or the added question) can be seen
        elif self.isVisible():
            self._place()  # the field may have moved (Home's box hands over to the top bar)

    # Size and place

    def key_height(self) -> int:
        """56 px at 100% text, growing with the text size, but never more than the
        window's share allows (4 rows)."""
        scaled = round(KEY_SIZE * self.window_.text_scale)
        room = (int(self.window_.height() * MAX_HEIGHT_SHARE) - 2 * MARGIN
                - 3 * SPACING) // 4
        return max(KEY_SIZE, min(scaled, room))

    def _fit(self) -> None:
        """Size the keys for the window and its text size, then place the panel."""
        height = self.key_height()
        room = (self.window_.width() - 2 * MARGIN - (COLUMNS - 1) * SPACING) // COLUMNS
        unit = max(KEY_SIZE, min(round(height * 1.4), room))
        styled_for = (self.window_.text_scale, height, unit)
        if styled_for != self._styled_for:
            self._styled_for = styled_for
            for button, spec in self._specs.items():
                button.setFixedSize(unit * spec.units + SPACING * (spec.units - 1), height)
            self.setStyleSheet(self._style_sheet(height, unit))
        self.setFixedSize(self.window_.width(),  # the 1 px borders too (+ 2)
                          4 * height + 3 * SPACING + 2 * MARGIN + 2)
        self._place()

    def _style_sheet(self, height: int, unit: int) -> str:
        pt = style.BASE_POINT_SIZE * self.window_.text_scale
        letters = min(pt * 1.5, height * 0.4)
        # the wide keys' words must fit their width ("Hide keyboard" at 200%)
        enter_labels = (self.tr("Search"), self.tr("Done"))
        wide_pt = min([pt * 1.1, *(self._fitting_points(
            max(enter_labels if spec.action == "enter" else (spec.label,), key=len),
            unit * spec.units + SPACING * (spec.units - 1) - 16, pt * 1.1)
            for spec in self._specs.values() if spec.units > 1)])
        return f"""
        QFrame#onScreenKeyboard {{ background: {PANEL}; border-top: 1px solid {KEY_BORDER};
            border-bottom: 1px solid {KEY_BORDER}; }}
        QPushButton#oskKey, QPushButton#oskWide {{ background: {style.TILE};
            color: {style.INK}; border: 1px solid {KEY_BORDER}; border-radius: 8px;
            padding: 0; min-height: 0; font-size: {letters:.1f}pt; }}
        QPushButton#oskWide {{ font-size: {wide_pt:.1f}pt; }}
        QPushButton#oskAction {{ background: {style.ACCENT}; color: {style.ACCENT_INK};
            border: 1px solid {style.ACCENT}; border-radius: 8px; padding: 0;
            min-height: 0; font-size: {wide_pt:.1f}pt; font-weight: bold; }}
        QPushButton#oskKey:pressed, QPushButton#oskWide:pressed {{
            background: {KEY_DOWN}; }}
        """

    @staticmethod
    def _fitting_points(text: str, width: int, start: float) -> float:
        font = QFont(style.FONT_FAMILY)
        points = start
        while points > 9:
            font.setPointSizeF(points)
            if QFontMetricsF(font).horizontalAdvance(text) <= width:
                break
            points -= 0.5
        return points

    def _place(self) -> None:
        """At the bottom, unless that would cover the field: then at the top."""
        window = self.window_.rect()
        bottom = QRect(0, window.height() - self.height(), window.width(), self.height())
        top = QRect(0, 0, window.width(), self.height())
        field = self.field()
        place = bottom
        if field is not None:
            corner = field.mapTo(self.window_, QPoint(0, 0))
            area = QRect(corner, field.size())
            if area.intersects(bottom):
                place = top if not area.intersects(top) else min(
                    (bottom, top), key=lambda r: r.intersected(area).height())
        self.setGeometry(place)


def install_on_screen_keyboard(window: MainWindow) -> OnScreenKeyboard | None:
    """The keyboard for a kiosk or tablet window, unless the site turned it off."""
    if not window.settings.on_screen_keyboard:
        return None
    return OnScreenKeyboard(window)
