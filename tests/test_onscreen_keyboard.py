"""The on-screen keyboard of touch-only kiosks and tablets, used as a person does: the app
is started through `all-guide`'s own function, fields and keys are tapped by their
accessible names, and the idle timer runs on the fixture's fake clock."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QInputMethodEvent,
    QPointingDevice,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget

from desktop_app.core.pin import hash_pin
from desktop_app.ui.onscreen_keyboard import KEY_SIZE, OnScreenKeyboard

KEYBOARD = "On-screen keyboard"
SEARCH_BOX = "Search ALL Guide"
CONTINUE = "Continue reading"  # the idle warning's button


def keyboard_shown(person) -> bool:
    return person.can_see(KEYBOARD)


def keyboard(person) -> QWidget:
    return person.find(KEYBOARD, exact=True)


def tap_field(person, name: str = SEARCH_BOX) -> QLineEdit:
    field = person.find(name, QLineEdit)
    person.click_widget(field)
    return field


def tap_keys(person, *names: str) -> None:
    for name in names:
        person.click(name, exact=True)


def in_window(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def assert_field_not_covered(person) -> None:
    field = person.focused()
    assert isinstance(field, QLineEdit)
    assert not in_window(keyboard(person)).intersects(in_window(field))


def test_tapping_the_search_box_and_then_letters_finds_marrow(start_app) -> None:
    person = start_app("--profile", "kiosk")
    assert not keyboard_shown(person)  # nothing opens it but a tap on a field
    tap_field(person)
    person.wait_until(lambda: keyboard_shown(person))
    assert_field_not_covered(person)
    tap_keys(person, "m", "a", "r", "r", "o", "w")
    assert person.address == "app:search?q=marrow"
    assert person.sees("Results for “marrow”") and not person.sees("No pages found")
    assert person.focused().text() == "marrow"
    assert keyboard_shown(person)  # still there for more letters, still not in the way
    assert_field_not_covered(person)
    person.click("⌫ Backspace", exact=True)
    assert person.focused().text() == "marro"
    person.wait_for("app:search?q=marro")
    tap_keys(person, "w", "Space", "t", "e", "s", "t", "s")
    assert person.focused().text() == "marrow tests"
    tap_keys(person, "Search")
    person.wait_until(lambda: not keyboard_shown(person))  # the results can be read
    assert person.sees("Results for “marrow tests”")


def test_keys_are_large_never_take_the_focus_and_are_named_by_their_labels(
        start_app) -> None:
    person = start_app("--profile", "kiosk")
    field = tap_field(person)
    person.wait_until(lambda: keyboard_shown(person))
    keys = [k for k in keyboard(person).findChildren(QAbstractButton) if k.isVisible()]
    labels = {k.text() for k in keys}
    assert set("abcdefghijklmnopqrstuvwxyz0123456789'-?") <= labels
    assert {"Space", "⌫ Backspace", "Search", "Hide keyboard"} <= labels
    for key in keys:
        assert key.text() in key.accessibleName(), key.accessibleName()
        assert key.focusPolicy() == Qt.FocusPolicy.NoFocus
        assert key.width() >= KEY_SIZE and key.height() >= KEY_SIZE, key.text()
    assert person.find("a", exact=True).accessibleName() == "a"  # not "Letter a"
    person.click("q", exact=True)
    focus = person.focused()  # in the search box still (Home's hands over to the top bar's)
    assert isinstance(focus, QLineEdit) and focus.text() == "q"
    assert focus.accessibleName() == field.accessibleName()
    # larger text, larger keys (as far as the window has room)
    height = person.find("a", exact=True).height()
    person.press(Qt.Key.Key_Escape)
    for _ in range(4):
        person.click("Make text larger")
    tap_field(person)
    person.wait_until(lambda: keyboard_shown(person))
    assert person.find("a", exact=True).height() > height


def test_escape_a_tap_outside_and_hide_keyboard_close_it(start_app) -> None:
    person = start_app("--profile", "kiosk")
    tap_field(person)
    person.wait_until(lambda: keyboard_shown(person))
    person.press(Qt.Key.Key_Escape)  # the kiosk swallows Escape, but closes the keys first
    person.wait_until(lambda: not keyboard_shown(person))
    assert person.address == "app:home"
    tap_field(person)  # the field still has the focus: a tap on it opens them again
    person.wait_until(lambda: keyboard_shown(person))
    tap_keys(person, "b", "l", "o", "o", "d")
    person.wait_for("app:search?q=blood")
    person.click_widget(person.window.footer)  # a tap on something that takes no focus
    person.wait_until(lambda: not keyboard_shown(person))
    tap_field(person)
    person.wait_until(lambda: keyboard_shown(person))
    person.click("Hide keyboard", exact=True)
    person.wait_until(lambda: not keyboard_shown(person))
    assert person.focused().text() == "blood"  # hiding the keys keeps the words
    tap_field(person)
    person.wait_until(lambda: keyboard_shown(person))
    person.click("Go to the home page")  # a control outside
    person.wait_for("app:home")
    person.wait_until(lambda: not keyboard_shown(person))


def test_start_over_and_the_idle_reset_close_it(start_app, clock) -> None:
    person = start_app("--profile", "kiosk")
    tap_field(person)
    person.wait_until(lambda: keyboard_shown(person))
    tap_keys(person, "c", "a", "r")
    person.click("Start over")
    person.wait_for("app:home")
    assert not keyboard_shown(person)
    tap_field(person)
    person.wait_until(lambda: keyboard_shown(person))
    tap_keys(person, "c", "a", "r")
    clock.advance(person.window.settings.idle_timeout_seconds + 1)  # nobody there
    person.wait_until(lambda: person.can_see(CONTINUE))
    clock.advance(person.window.settings.warning_seconds + 1)
    person.wait_until(lambda: not person.can_see(CONTINUE))
    person.wait_for("app:home")
    assert not keyboard_shown(person)
    assert person.find(SEARCH_BOX, QLineEdit).text() == ""


def test_typing_on_it_keeps_the_kiosk_awake(start_app, clock) -> None:
    person = start_app("--profile", "kiosk")
    timeout = person.window.settings.idle_timeout_seconds
    idle = person.window.controller.idle
    tap_field(person)
    person.wait_until(lambda: keyboard_shown(person))
    clock.advance(timeout - 10)
    tap_keys(person, "m")
    clock.advance(30)  # past the timeout since the tap on the field, not since the key
    with person.qtbot.waitSignal(idle.timer.timeout, timeout=3000):
        pass  # one tick of the idle timer
    assert not person.can_see(CONTINUE)
    # a key pressed the way a switch or screen reader presses it (no mouse at all) is
    # activity too: its key event reaches the field through the kiosk's filter
    clock.advance(timeout - 10)
    key = person.find("a", exact=True)
    QAccessible.queryAccessibleInterface(key).actionInterface().doAction(
        QAccessibleActionInterface.pressAction())
    person.wait_until(lambda: person.focused().text() == "ma")
    clock.advance(30)
    with person.qtbot.waitSignal(idle.timer.timeout, timeout=3000):
        pass
    assert not person.can_see(CONTINUE)
    clock.advance(timeout)  # and without any input the warning does come
    person.wait_until(lambda: person.can_see(CONTINUE))


def test_the_pin_display_is_read_only_and_opens_no_keys(start_app) -> None:
    person = start_app("--profile", "kiosk")
    for _ in range(5):
        person.click_widget(person.window.footer)
    display = person.find("PIN entered so far", QLineEdit)
    person.click_widget(display)
    person.click("Digit 1")
    assert not keyboard_shown(person)


def test_a_question_field_low_on_the_page_gets_the_keys_at_the_top(start_app) -> None:
    person = start_app("--profile", "tablet")
    person.click("My questions for the care team")
    person.wait_for("app:questions")
    field = person.find_all("Add your own question to", QLineEdit)[2]
    person.click_widget(field)  # scrolled into view first: at the bottom of the page
    person.wait_until(lambda: keyboard_shown(person))
    assert in_window(field).center().y() > person.window.height() // 2
    assert keyboard(person).y() == 0
    assert_field_not_covered(person)
    tap_keys(person, "w", "h", "y", "Space", "m", "e", "Question mark ?")
    assert field.text() == "why me?"
    tap_keys(person, "Done")  # Enter in the field: the question is added
    person.wait_until(lambda: person.can_see("why me?", QAbstractButton))
    person.wait_until(lambda: not keyboard_shown(person))


def test_the_glossary_filter_takes_typing_too(start_app) -> None:
    person = start_app("--profile", "kiosk")
    person.click("Glossary A to Z")
    person.wait_for("app:glossary")
    field = tap_field(person, "Find a word in the glossary")
    person.wait_until(lambda: keyboard_shown(person))
    assert_field_not_covered(person)
    tap_keys(person, "a", "n", "a", "e")
    assert field.text() == "anae"
    assert person.sees("anaemia")
    tap_keys(person, "Search")
    person.wait_until(lambda: not keyboard_shown(person))
    assert person.address == "app:glossary" and field.text() == "anae"


def test_a_finger_tap_opens_it_on_a_tablet(start_app) -> None:
    person = start_app("--profile", "tablet")
    field = person.find(SEARCH_BOX, QLineEdit)
    device = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)
    point = field.mapTo(person.window, field.rect().center())
    QTest.touchEvent(person.window.windowHandle(), device).press(0, point).commit()
    QTest.touchEvent(person.window.windowHandle(), device).release(0, point).commit()
    person.wait_until(lambda: keyboard_shown(person))
    assert_field_not_covered(person)
    tap_keys(person, "a", "n", "a", "e", "m", "i", "a")
    person.wait_for("app:search?q=anaemia")
    person.press(Qt.Key.Key_Escape)
    person.wait_until(lambda: not keyboard_shown(person))


def test_the_laptop_never_shows_it(start_app) -> None:
    person = start_app()
    tap_field(person)
    person.type("marrow")
    assert not keyboard_shown(person)
    assert person.window.findChildren(OnScreenKeyboard) == []


def test_a_site_that_turns_it_off_gets_none(start_app) -> None:
    settings = (f'profile = "kiosk"\non_screen_keyboard = false\n'
                f'admin_pin_hash = "{hash_pin("2468")}"\n')
    person = start_app("--profile", "kiosk", settings=settings)
    assert person.profile == "kiosk" and not person.window.settings.on_screen_keyboard
    tap_field(person)
    assert isinstance(QApplication.focusWidget(), QLineEdit)
    assert not keyboard_shown(person)
    assert person.window.findChildren(OnScreenKeyboard) == []


def test_typing_through_the_system_keyboard_keeps_the_kiosk_awake(start_app, clock) -> None:
    """Where the site turned the app's keys off, a system on-screen keyboard types with
    input-method events: those count as activity too."""
    settings = 'profile = "kiosk"\non_screen_keyboard = false\n'
    person = start_app("--profile", "kiosk", settings=settings)
    timeout = person.window.settings.idle_timeout_seconds
    tap_field(person)
    clock.advance(timeout - 10)
    typed = QInputMethodEvent()
    typed.setCommitString("m")
    QApplication.sendEvent(person.focused(), typed)
    assert person.focused().text() == "m"
    clock.advance(30)
    with person.qtbot.waitSignal(person.window.controller.idle.timer.timeout, timeout=3000):
        pass
    assert not person.can_see(CONTINUE)
