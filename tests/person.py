"""Driving the real app as a person does: start it through `all-guide`'s own function,
then only press keys into whatever has the focus, click visible controls found by their
accessible name, and answer the dialogs that appear.

Nothing here calls a slot, a screen or a controller method. A test that needs to check a
result may read state (the current address, a file on disk), but it gets there only
through what a person can see and touch.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QWidget,
)

from desktop_app import cli
from desktop_app.ui.main_window import MainWindow

W = TypeVar("W", bound=QWidget)
WAIT_MS = 5000


def visible_widgets(kind: type[W] = QWidget,  # type: ignore[assignment]
                    window: QWidget | None = None) -> list[W]:
    """Every widget of `kind` a person could see now in `window` and its dialogs (in
    every open window if None), after the events already queued (such as showing what a
    page just added) have run."""
    QApplication.processEvents()
    found: list[W] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible() or (window is not None and not _belongs_to(top, window)):
            continue
        for widget in [top, *top.findChildren(kind)]:
            if isinstance(widget, kind) and widget.isVisible() and _on_screen(widget):
                found.append(widget)
    return found


def _belongs_to(top: QWidget, window: QWidget) -> bool:
    while top is not None:
        if top is window:
            return True
        top = top.parentWidget()
    return False


def _on_screen(widget: QWidget) -> bool:
    """Not hidden behind another page of a stack, and not clipped to nothing."""
    return not widget.visibleRegion().isEmpty() or _inside_scroll_area(widget)


def _inside_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent.isVisible() and not parent.visibleRegion().isEmpty()
        parent = parent.parentWidget()
    return False


class Person:
    """One person in front of one running app."""

    def __init__(self, qtbot, started: cli.Started) -> None:
        self.qtbot = qtbot
        self.app = started.app
        self.window: MainWindow = started.window
        self.profile = started.profile

    # What a person sees

    @property
    def address(self) -> str:
        """Where the app is now (as the window title and the page show it)."""
        return str(self.window.router.current)

    def page_title(self) -> str:
        return self.window.current_screen().page_title()

    def texts(self) -> str:
        """All the words visible now, one control's words a line (for asserting on)."""
        lines = []
        for widget in visible_widgets(window=self.window):
            text = getattr(widget, "text", None)
            if callable(text) and not isinstance(widget, QLineEdit):
                value = text()
                if isinstance(value, str) and value:
                    lines.append(value)
            plain = getattr(widget, "toPlainText", None)
            if callable(plain):
                lines.append(plain())
        return "\n".join(lines)

    def sees(self, words: str) -> bool:
        return words.lower() in self.texts().lower()

    def find(self, name: str, kind: type[W] = QWidget, *, exact: bool = False) -> W:  # type: ignore[assignment]
        """The one visible control whose accessible name is `name` (or contains it)."""
        matches = self.find_all(name, kind, exact=exact)
        if not matches:
            raise AssertionError(f"no visible control named {name!r}; visible names: "
                                 f"{sorted(self.names())[:80]}")
        exact_matches = [w for w in matches if w.accessibleName() == name]
        if len(exact_matches) == 1:
            return exact_matches[0]
        if len(matches) > 1:
            raise AssertionError(f"{len(matches)} visible controls named {name!r}: "
                                 f"{[w.accessibleName() for w in matches]}")
        return matches[0]

    def find_all(self, name: str, kind: type[W] = QWidget, *,  # type: ignore[assignment]
                 exact: bool = False) -> list[W]:
        wanted = name.lower()
        return [w for w in visible_widgets(kind, self.window)
                if (w.accessibleName().lower() == wanted if exact
                    else wanted in w.accessibleName().lower())]

    def names(self) -> set[str]:
        return {w.accessibleName() for w in visible_widgets(window=self.window)
                if w.accessibleName()}

    def can_see(self, name: str, kind: type[QWidget] = QWidget) -> bool:
        return bool(self.find_all(name, kind))

    # What a person does

    def click(self, name: str, kind: type[QWidget] = QAbstractButton, *,
              exact: bool = False) -> None:
        """Click the visible, enabled control called `name` in its middle."""
        widget = self.find(name, kind, exact=exact)
        self.click_widget(widget)

    def click_widget(self, widget: QWidget, position: QPoint | None = None) -> None:
        assert widget.isEnabled(), f"{widget.accessibleName()!r} is disabled"
        self._scroll_into_view(widget)
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton,
                              pos=position or widget.rect().center())

    def tap(self, name: str) -> None:
        """A finger tap is a click to every control here (touch is mapped to mouse)."""
        self.click(name)

    def type(self, text: str) -> None:
        """Type `text` one key at a time into whatever has the focus at each key."""
        for character in text:
            focus = QApplication.focusWidget()
            assert focus is not None, f"nothing has the focus when typing {character!r}"
            QTest.keyClick(focus, character)

    def press(self, key: Qt.Key,
              modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        """Press a key (with modifiers) into whatever has the focus, or the window."""
        target = QApplication.focusWidget() or self.window
        QTest.keyClick(target, key, modifiers)

    def focused(self) -> QWidget | None:
        return QApplication.focusWidget()

    def _scroll_into_view(self, widget: QWidget) -> None:
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(widget)
                return
            if isinstance(parent, QAbstractScrollArea):
                return
            parent = parent.parentWidget()

    # Dialogs a person answers

    def dialog(self, kind: type[W] = QDialog) -> W:  # type: ignore[assignment]
        """Wait for a visible dialog of `kind` and return it."""
        found: list[W] = []

        def shown() -> bool:
            found[:] = [w for w in QApplication.topLevelWidgets()
                        if isinstance(w, kind) and w.isVisible()]
            return bool(found)

        self.qtbot.waitUntil(shown, timeout=WAIT_MS)
        dialog = found[-1]
        dialog.activateWindow()  # what a window manager does for a new dialog
        self.qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
        return dialog

    def no_dialog(self) -> bool:
        return not any(isinstance(w, QDialog) and w.isVisible()
                       for w in QApplication.topLevelWidgets())

    def answer_file_dialog(self, path: Path | str) -> QFileDialog:
        """Type a file name (or whole path) into the open file dialog and press Enter."""
        dialog = self.dialog(QFileDialog)
        name_field = QApplication.focusWidget()
        assert isinstance(name_field, QLineEdit), "the file name field has no focus"
        name_field.selectAll()
        self.type(str(path))
        self.press(Qt.Key.Key_Return)
        self.qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
        return dialog

    def cancel_dialog(self) -> None:
        dialog = self.dialog()
        self.press(Qt.Key.Key_Escape)
        self.qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)

    def message(self) -> str:
        """Wait for a message box and return its words (it stays open)."""
        box = self.dialog(QMessageBox)
        return box.text()

    def close_message(self) -> str:
        box = self.dialog(QMessageBox)
        text = box.text()
        ok = next(b for b in box.findChildren(QAbstractButton) if b.isVisible())
        self.qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        self.qtbot.waitUntil(lambda: not box.isVisible(), timeout=WAIT_MS)
        return text

    # Waiting for what a person waits for

    def wait_for(self, address: str) -> None:
        self.qtbot.waitUntil(lambda: self.address == address, timeout=WAIT_MS)

    def wait_until(self, condition, timeout: int = WAIT_MS) -> None:
        self.qtbot.waitUntil(condition, timeout=timeout)


def argv(*parts: Iterable[str] | str) -> list[str]:
    flat: list[str] = []
    for part in parts:
        flat.extend([part] if isinstance(part, str) else part)
    return flat
