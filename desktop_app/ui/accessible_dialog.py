"""Overlays that behave as modal dialogs: the kiosk's idle warning and its PIN pad.

They are widgets over the main window (a kiosk has no window manager to stack dialogs),
so Qt would show them to a screen reader as one more panel, and Tab, shortcuts and the
focus would reach the page beneath. Here an overlay is a modal dialog to a screen reader
(its role, name and modal state), it says what it is when it opens, and while it shows
the keyboard focus stays inside it: Tab cycles through its own controls, the window's
shortcuts are held back, and focus that lands beneath it comes back.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAccessible, QHideEvent, QShowEvent
from PySide6.QtWidgets import QAccessibleWidget, QApplication, QFrame, QWidget

from desktop_app.ui.accessible_factory import register_class
from desktop_app.ui.widgets import guarded_event_filter


class OverlayDialogAccessible(QAccessibleWidget):
    """A modal dialog: named by the overlay's title, described by its message."""

    def __init__(self, overlay: QWidget) -> None:
        super().__init__(overlay, QAccessible.Role.Dialog)
        self._overlay = overlay

    def state(self) -> QAccessible.State:
        state = super().state()
        state.modal = True
        return state


def register_overlay(class_name: str) -> None:
    """Widgets of this Python class are modal dialogs to a screen reader."""
    register_class(class_name, OverlayDialogAccessible)


def focus_chain(container: QWidget) -> list[QWidget]:
    """The controls Tab reaches inside `container`, in Tab order."""
    found = []
    widget = container.nextInFocusChain()
    while widget is not None and widget is not container and len(found) < 500:
        if (container.isAncestorOf(widget) and widget.isVisibleTo(container)
                and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            found.append(widget)
        widget = widget.nextInFocusChain()
    return found


def cycle_focus(container: QWidget, forward: bool) -> bool:
    """Tab and Shift+Tab inside the overlay: past the last control, back to the first."""
    chain = focus_chain(container)
    if not chain:
        return True
    current = QApplication.focusWidget()
    index = chain.index(current) if current in chain else -1
    target = chain[(index + (1 if forward else -1)) % len(chain)]
    reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
    target.setFocus(reason)
    return True


class FocusTrap(QObject):
    """While its overlay shows: focus that lands outside goes back in, and the window's
    shortcuts (Alt+Left, Ctrl+F, ...) do nothing, as under a modal dialog."""

    def __init__(self, overlay: QWidget, first: QWidget) -> None:
        super().__init__(overlay)
        self.overlay, self.first = overlay, first
        self._installed = False

    def engage(self) -> None:
        if not self._installed:
            QApplication.instance().installEventFilter(self)
            self._installed = True

    def release(self) -> None:
        if self._installed:
            QApplication.instance().removeEventFilter(self)
            self._installed = False

    def _inside(self, obj: QObject) -> bool:
        return isinstance(obj, QWidget) and (obj is self.overlay
                                             or self.overlay.isAncestorOf(obj))

    @guarded_event_filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not shiboken6.isValid(self.overlay) or not self.overlay.isVisible():
            return False
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and not self._inside(watched):
            event.accept()  # becomes a key press for the focused control, not a shortcut
            return True
        if kind == QEvent.Type.ShortcutOverride and self._inside(watched):
            key = event.key()  # type: ignore[attr-defined]
            if event.modifiers() & (Qt.KeyboardModifier.ControlModifier  # type: ignore[attr-defined]
                                    | Qt.KeyboardModifier.AltModifier) or key in (
                    Qt.Key.Key_F1, Qt.Key.Key_F3, Qt.Key.Key_F6):
                event.accept()  # no window shortcut fires from inside either
                return False
        if kind == QEvent.Type.FocusIn and isinstance(watched, QWidget) and (
                watched.isWindow() is False and not self._inside(watched)):
            QTimer.singleShot(0, self._refocus)
        return False

    def _refocus(self) -> None:
        if shiboken6.isValid(self.overlay) and self.overlay.isVisible():
            focus = QApplication.focusWidget()
            if focus is None or not self._inside(focus):
                self.first.setFocus(Qt.FocusReason.OtherFocusReason)


class TrappedOverlay(QFrame):
    """A panel over the window that acts as a modal dialog (the idle warning, the PIN
    pad): while shown, focus and shortcuts stay inside it and Tab cycles its controls.
    Subclasses set `self.trap = FocusTrap(self, first_control)`."""

    trap: FocusTrap

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.trap.engage()

    def hideEvent(self, event: QHideEvent) -> None:
        self.trap.release()
        super().hideEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        return cycle_focus(self, forward)
