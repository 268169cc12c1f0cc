"""The ward kiosk: locked down, resets itself when left idle, keeps nothing.

- Only an allowlist of commands exists: the top bar's Back, Forward, Home, search, text
  size and Start over (no print, save, quit or file dialogs are ever created).
- KioskGuard (an application-wide event filter) swallows context menus and the blocked
  keys (BLOCKED_KEYS), and reports any input as activity.
- IdleMonitor asks "Are you still there?" after the site's idle time, counts down, and
  wipes the session (MainWindow.reset_session) when nobody answers.
- Five taps on the footer within a few seconds open the admin PIN pad; the right PIN
  exits with EXIT_ADMIN, wrong ones lock the pad for growing delays (core.pin).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.addresses import HOME, Address
from desktop_app.core.pin import PinLockout, verify_pin
from desktop_app.core.settings import SiteSettings
from desktop_app.ui.accessible_dialog import FocusTrap, TrappedOverlay, register_overlay
from desktop_app.ui.accessible_factory import announce
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.onscreen_keyboard import install_on_screen_keyboard
from desktop_app.ui.profile import NoTextDrag, Profile, fill_screen
from desktop_app.ui.widgets import MIN_TARGET, guarded_event_filter

EXIT_ADMIN = 3
ADMIN_TAPS = 5
ADMIN_TAP_SECONDS = 4.0
Clock = Callable[[], float]
CLOCK: Clock = time.monotonic  # the kiosk's idle clock; tests put a fake clock here


def kiosk_clock() -> Clock:
    """The clock the idle timer and PIN lockout read (looked up when a kiosk starts)."""
    return CLOCK

_CTRL = Qt.KeyboardModifier.ControlModifier
_ALT = Qt.KeyboardModifier.AltModifier
BLOCKED_KEYS: tuple[tuple[Qt.Key, Qt.KeyboardModifier], ...] = (
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Q, _CTRL), (Qt.Key.Key_W, _CTRL), (Qt.Key.Key_P, _CTRL),
    (Qt.Key.Key_O, _CTRL), (Qt.Key.Key_S, _CTRL),
    (Qt.Key.Key_F4, _ALT), (Qt.Key.Key_Left, _ALT), (Qt.Key.Key_Right, _ALT),
)
INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.KeyPress,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.InputMethod,  # typing through the system's own on-screen keyboard
}

_GUARDED = INPUT_EVENTS | {QEvent.Type.ContextMenu, QEvent.Type.ShortcutOverride}


def is_blocked(event: QKeyEvent) -> bool:
    """Escape and F1 with any modifiers; the others with their modifier, whether or not
    Shift is held too (Ctrl+Shift+Q is still Ctrl+Q to a window manager)."""
    modifiers = event.modifiers() & (_CTRL | _ALT)
    key = event.key()
    if key == Qt.Key.Key_Escape or key == Qt.Key.Key_F1:
        return True
    return any(key == blocked and modifiers == mods for blocked, mods in BLOCKED_KEYS
               if mods != Qt.KeyboardModifier.NoModifier)


class KioskGuard(QObject):
    """Swallows context menus and blocked keys everywhere; reports input as activity."""

    activity = Signal()
    escape_pressed = Signal()  # swallowed, but it still closes the on-screen keyboard

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window

    @guarded_event_filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _GUARDED:  # most events (thousands in a restyle): at once
            return False
        if not shiboken6.isValid(self._window) or not self._window.isVisible():
            return False  # a kiosk window that has closed guards nothing
        if kind in INPUT_EVENTS:
            self.activity.emit()
        if kind == QEvent.Type.ContextMenu:
            return True
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and is_blocked(
                event):  # type: ignore[arg-type]
            if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:  # type: ignore[attr-defined]
                self.escape_pressed.emit()
            event.accept()
            return True
        return False


class IdleWarning(TrappedOverlay):
    """'Are you still there?' over the whole window: a large card with the seconds left
    in large figures, readable from across a bed space, and a large Continue button.
    Its sizes come from the window's style sheet (style.py: idleTitle, idleCountdown),
    so they grow with the kiosk's screen."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idleWarning")  # its dimmed backdrop is in style.style_sheet
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.card = QFrame()
        self.card.setObjectName("idleCard")
        column = QVBoxLayout(self.card)
        column.setContentsMargins(48, 40, 48, 40)
        column.setSpacing(18)
        title = QLabel(self.tr("Are you still there?"))
        title.setObjectName("idleTitle")
        title.setWordWrap(True)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.seconds_label = QLabel()
        self.seconds_label.setObjectName("idleCountdown")
        self.seconds_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.countdown = QLabel()
        self.countdown.setObjectName("idleText")
        self.countdown.setWordWrap(True)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.continue_button = QPushButton(self.tr("Continue"))
        self.continue_button.setObjectName("idleContinue")
        self.continue_button.setAccessibleName(self.tr("Continue reading"))
        self.continue_button.setMinimumHeight(MIN_TARGET * 2)
        for widget in (title, self.seconds_label, self.countdown):
            column.addWidget(widget)
        column.addWidget(self.continue_button, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.card, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()
        register_overlay("IdleWarning")  # a modal dialog to a screen reader
        self.setAccessibleName(title.text())
        self.trap = FocusTrap(self, self.continue_button)
        self.hide()

    # the words a screen reader says, besides the dialog's own name: on opening, and then
    # at these seconds left (every second would drown everything else out)
    SAY_AT = (30, 20, 10, 5)

    def _announce(self, seconds: int, opening: bool) -> None:
        self.setAccessibleDescription(self.countdown.text())
        if opening:
            announce(self, f"{self.accessibleName()} {self.countdown.text()}", assertive=True)
        elif seconds in self.SAY_AT:
            announce(self.countdown, self.tr("{n} seconds left").format(n=seconds),
                     assertive=seconds <= 10)

    def show_seconds(self, seconds: int) -> None:
        text = self.tr("To keep your reading private, ALL Guide will start again for the "
                       "next person in {n} seconds.").format(n=seconds)
        self.seconds_label.setText(str(seconds))
        self.seconds_label.setAccessibleName(self.tr("{n} seconds left").format(n=seconds))
        self.countdown.setText(text)
        self.countdown.setAccessibleName(text)
        area = self.parentWidget().rect()
        self.setGeometry(area)
        # most of the screen's width, but a readable line: about two thirds, at least 640
        self.card.setFixedWidth(min(area.width() - 32, max(640, area.width() * 2 // 3)))
        opening = not self.isVisible()
        if opening:
            self.show()
            self.raise_()
            self.continue_button.setFocus()
        self._announce(seconds, opening)


class IdleMonitor(QObject):
    """Counts idle time with an injectable clock; warns, then wipes the session."""

    wiped = Signal()

    def __init__(self, window: MainWindow, settings: SiteSettings, clock: Clock) -> None:
        super().__init__(window)
        self.window, self.clock = window, clock
        self.timeout = settings.idle_timeout_seconds
        self.warning_seconds = max(20, settings.warning_seconds)
        self.last_activity = clock()
        self.warning_started: float | None = None
        self.warning = IdleWarning(window)
        self.warning.continue_button.clicked.connect(self.keep_going)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.wipes = 0

    def note_activity(self) -> None:
        if self.warning_started is None:  # only Continue ends the warning
            self.last_activity = self.clock()

    def keep_going(self) -> None:
        self.warning_started = None
        self.warning.hide()
        self.last_activity = self.clock()

    def tick(self) -> None:
        now = self.clock()
        if self.warning_started is None:
            if now - self.last_activity >= self.timeout:
                self.warning_started = now
                self.warning.show_seconds(self.warning_seconds)
            return
        left = self.warning_seconds - (now - self.warning_started)
        if left <= 0:
            self.wipe()
        else:
            self.warning.show_seconds(int(left + 0.999))

    def wipe(self) -> None:
        self.warning_started = None
        self.warning.hide()
        self.window.reset_session()
        self.last_activity = self.clock()
        self.wipes += 1
        self.wiped.emit()


class PinPad(TrappedOverlay):
    """A large number pad for the admin PIN; wrong PINs lock it for growing delays."""

    accepted = Signal()

    def __init__(self, parent: QWidget, pin_hash: str, lockout: PinLockout) -> None:
        super().__init__(parent)
        self.pin_hash, self.lockout = pin_hash, lockout
        self.setObjectName("note")
        self.setFixedWidth(420)
        column = QVBoxLayout(self)
        title = QLabel(self.tr("Staff only: enter the admin PIN"))
        title.setWordWrap(True)
        self.display = QLineEdit()
        self.display.setEchoMode(QLineEdit.EchoMode.Password)
        self.display.setReadOnly(True)
        self.display.setAccessibleName(self.tr("PIN entered so far"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        grid = QGridLayout()
        self.digit_buttons: dict[str, QPushButton] = {}
        for number, digit in enumerate("1234567890"):
            button = QPushButton(digit)
            button.setAccessibleName(self.tr("Digit {d}").format(d=digit))
            button.setMinimumSize(MIN_TARGET + 20, MIN_TARGET + 10)
            button.clicked.connect(lambda _=False, d=digit: self.display.setText(
                self.display.text() + d))
            grid.addWidget(button, number // 3, number % 3 if digit != "0" else 1)
            self.digit_buttons[digit] = button
        self.enter_button = QPushButton(self.tr("Enter"))
        self.enter_button.setAccessibleName(self.tr("Enter: check the PIN"))
        self.enter_button.clicked.connect(self.check)
        self.delete_button = QPushButton(self.tr("⌫ Delete"))
        self.delete_button.setAccessibleName(self.tr("⌫ Delete the last digit"))
        self.delete_button.setMinimumSize(MIN_TARGET + 20, MIN_TARGET + 10)
        self.delete_button.clicked.connect(
            lambda: self.display.setText(self.display.text()[:-1]))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel: close the PIN pad"))
        self.cancel_button.clicked.connect(self.close_pad)
        grid.addWidget(self.delete_button, 3, 0)
        grid.addWidget(self.enter_button, 3, 2)
        grid.addWidget(self.cancel_button, 4, 0, 1, 3)
        for widget in (title, self.display, self.message):
            column.addWidget(widget)
        column.addLayout(grid)
        register_overlay("PinPad")  # a modal dialog to a screen reader
        self.setAccessibleName(title.text())
        self.trap = FocusTrap(self, self.digit_buttons["1"])
        self.hide()

    def open_pad(self) -> None:
        self.display.setText("")
        self.message.setText("")
        self.show()  # first: shown, it takes the window's current look (ui/restyle.py)
        self.adjustSize()
        parent = self.parentWidget().rect()
        self.move(parent.center().x() - self.width() // 2,
                  parent.center().y() - self.height() // 2)
        self.raise_()
        self.digit_buttons["1"].setFocus(Qt.FocusReason.OtherFocusReason)
        announce(self, self.accessibleName(), assertive=True)

    def close_pad(self) -> None:
        self.display.setText("")
        self.hide()

    def check(self) -> None:
        waiting = self.lockout.seconds_left()
        if not self.pin_hash:  # no way out has been set up: say so rather than "wrong"
            self.message.setText(self.tr("No admin PIN is set for this kiosk. IT can set "
                                         "one with: all-guide --set-admin-pin"))
        elif waiting > 0:
            self.message.setText(self.tr("Locked. Try again in {n} seconds.").format(
                n=int(waiting + 0.999)))
        elif self.pin_hash and verify_pin(self.display.text(), self.pin_hash):
            self.lockout.record_success()
            self.accepted.emit()
        else:
            lockout = self.lockout.record_failure()
            self.message.setText(
                self.tr("Wrong PIN. Locked for {n} seconds.").format(n=int(lockout))
                if lockout else self.tr("Wrong PIN."))
        self.display.setText("")
        self.message.setAccessibleName(self.message.text())
        if self.message.text():  # "Wrong PIN", "Locked": said at once, as an alert
            announce(self.message, self.message.text(), assertive=True)


class KioskController(Profile):
    """Everything that makes the main window a kiosk."""

    admin_exit = Signal()

    def __init__(self, window: MainWindow, settings: SiteSettings,
                 clock: Clock = time.monotonic) -> None:
        super().__init__(window)
        self.clock = clock
        self.admin_exiting = False
        window.close_guard = lambda: self.admin_exiting
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        window.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        # read from arm's length and touched: text and targets grow with the screen
        window.set_display(touch=True, fit_to_screen=True)
        self.guard = KioskGuard(window)
        QApplication.instance().installEventFilter(self.guard)
        self.idle = IdleMonitor(window, settings, clock)
        self.guard.activity.connect(self.idle.note_activity)
        self.start_over = QPushButton(self.tr("Start over"))
        self.start_over.setAccessibleName(self.tr("Start over: clear everything and go home"))
        self.start_over.setMinimumSize(MIN_TARGET, MIN_TARGET)
        self.start_over.clicked.connect(self.idle.wipe)
        window.add_to_top_bar(self.start_over)
        self.lockout = PinLockout(clock)
        self.pin_pad = PinPad(window, settings.admin_pin_hash, self.lockout)
        self.pin_pad.accepted.connect(self._exit_for_admin)
        self.idle.wiped.connect(self.pin_pad.close_pad)  # a half-typed PIN goes too
        if settings.speak_controls:  # the whole screen speaks (ui/read_aloud.py)
            from desktop_app.ui.read_aloud import speak_controls

            self.control_speech = speak_controls(window)
        self.keyboard = install_on_screen_keyboard(window)  # None if the site uses its own
        if self.keyboard is not None:
            self.idle.wiped.connect(self.keyboard.close_keyboard)
            self.guard.escape_pressed.connect(self.keyboard.close_keyboard)
        self._taps: list[float] = []
        window.footer.installEventFilter(self)

    @guarded_event_filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window.footer and event.type() in (
                QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            now = self.clock()
            self._taps = [t for t in self._taps if now - t < ADMIN_TAP_SECONDS] + [now]
            if len(self._taps) >= ADMIN_TAPS:
                self._taps = []
                self.pin_pad.open_pad()
        return False

    def start(self, app: QApplication, page: Address | None) -> Address:
        self.no_text_drag = NoTextDrag(self.window)
        self.admin_exit.connect(lambda: app.exit(EXIT_ADMIN))
        fill_screen(self.window)
        return page or HOME

    def _exit_for_admin(self) -> None:
        self.admin_exiting = True
        self.admin_exit.emit()
        self.window.close()

    def remove(self) -> None:
        QApplication.instance().removeEventFilter(self.guard)
