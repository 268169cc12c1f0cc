"""The ward kiosk, driven with real widgets, a fake clock and a seeded random monkey."""

from __future__ import annotations

import logging
import os
import random
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit

from desktop_app.core.pin import hash_pin
from desktop_app.core.settings import SiteSettings
from desktop_app.ui.kiosk import BLOCKED_KEYS
from desktop_app.ui.screens.home import HomeScreen

PIN = "2468"
PIN_HASH = hash_pin(PIN)


@pytest.fixture()
def kiosk(qtbot, content_db: Path, clock):
    from desktop_app.ui.application import create_main_window

    settings = SiteSettings(profile="kiosk", idle_timeout_seconds=60, warning_seconds=20,
                            admin_pin_hash=PIN_HASH, site_name="Test Ward")
    window = create_main_window(content_db, settings, "kiosk", clock=clock)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.showFullScreen()
    qtbot.waitExposed(window)
    yield window
    window.controller.admin_exiting = True
    window.controller.remove()


def files_under(*roots: str) -> set[str]:
    found = set()
    for root in roots:
        for folder, _, names in os.walk(root):
            found |= {os.path.join(folder, name) for name in names}
    return found


def state(window) -> tuple:
    return (str(window.router.current), window.router.can_go_back(),
            window.search_field.text(), window.isVisible(), window.text_scale,
            QApplication.activePopupWidget())


def test_full_screen_frameless_and_closing_refused(kiosk) -> None:
    assert kiosk.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert kiosk.isFullScreen()
    assert kiosk.close() is False and kiosk.isVisible()
    names = {b.text() for b in kiosk.findChildren(QAbstractButton) if b.isVisible()}
    assert {"Back", "Forward", "Home", "Start over"} <= names
    assert not names & {"Print", "Save as PDF", "Bookmark", "My pages", "Quit"}


@pytest.mark.parametrize(("key", "modifiers"), [
    *BLOCKED_KEYS,
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.ShiftModifier)])
def test_blocked_keys_change_nothing(qtbot, kiosk, key, modifiers) -> None:
    kiosk.open("app:article/what-is-all")
    kiosk.open("app:article/blood-and-marrow")
    article = kiosk.current_screen()
    article.open_glossary_term("bone-marrow")
    article.browser.setFocus()
    before = state(kiosk)
    qtbot.keyClick(article.browser, key, modifiers)
    qtbot.keyClick(kiosk.search_field, key, modifiers)
    assert state(kiosk) == before
    assert article.glossary_card.isVisible()  # Escape did not close it either


def test_context_menus_never_open(qtbot, kiosk) -> None:
    kiosk.open("app:article/what-is-all")
    browser = kiosk.current_screen().browser
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(20, 20),
                              QPoint(20, 20))
    QApplication.sendEvent(browser.viewport(), event)
    QApplication.sendEvent(kiosk.search_field, event)
    assert QApplication.activePopupWidget() is None


def test_idle_warning_continue_and_wipe(qtbot, kiosk, clock) -> None:
    idle = kiosk.controller.idle
    # a reader's session: search, read, tick a question, copy, bigger text, scroll
    qtbot.keyClicks(kiosk.search_field, "my child has leukaemia")
    kiosk.open("app:questions")
    questions = kiosk.current_screen()
    qtbot.mouseClick(questions.rows["diagnosis"][0].box, Qt.MouseButton.LeftButton)
    kiosk.open("app:article/blood-and-marrow")
    article = kiosk.current_screen()
    article.open_glossary_term("bone-marrow")
    article.browser.verticalScrollBar().setValue(200)
    QGuiApplication.clipboard().setText("patient notes")
    qtbot.mouseClick(kiosk.larger_button, Qt.MouseButton.LeftButton)
    tap_footer(qtbot, kiosk, 5)  # someone started typing the admin PIN, then left
    qtbot.mouseClick(kiosk.controller.pin_pad.digit_buttons["7"], Qt.MouseButton.LeftButton)

    clock.advance(59)
    idle.tick()
    assert not idle.warning.isVisible()
    clock.advance(1)
    idle.tick()
    assert idle.warning.isVisible() and "20 seconds" in idle.warning.countdown.text()
    qtbot.mouseClick(idle.warning.continue_button, Qt.MouseButton.LeftButton)
    assert not idle.warning.isVisible()
    assert kiosk.router.can_go_back()  # Continue kept the session

    clock.advance(60)
    idle.tick()
    clock.advance(15)
    idle.tick()
    assert "5 seconds" in idle.warning.countdown.text()
    clock.advance(5)
    idle.tick()
    assert not idle.warning.isVisible() and idle.wipes == 1
    assert isinstance(kiosk.current_screen(), HomeScreen)
    assert not kiosk.router.can_go_back() and not kiosk.router.can_go_forward()
    assert kiosk.search_field.text() == ""
    kiosk.search_field.setFocus()
    qtbot.keyClick(kiosk.search_field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert kiosk.search_field.text() == ""  # no undo history brings the words back
    assert QGuiApplication.clipboard().text() == ""
    if QGuiApplication.clipboard().supportsSelection():
        assert QGuiApplication.clipboard().text(QGuiApplication.clipboard().Mode.Selection) == ""
    assert not kiosk.controller.pin_pad.isVisible()
    assert kiosk.controller.pin_pad.display.text() == ""
    assert kiosk.text_scale == 1.0
    assert kiosk.session.ticked == set()
    kiosk.open("app:article/blood-and-marrow")
    fresh = kiosk.current_screen()
    assert fresh is not article and not fresh.glossary_card.isVisible()
    assert fresh.browser.verticalScrollBar().value() == 0
    kiosk.open("app:questions")
    assert not kiosk.current_screen().rows["diagnosis"][0].box.isChecked()
    for field in kiosk.findChildren(QLineEdit):
        assert field.text() == "" and not field.isUndoAvailable()


def test_start_over_wipes_at_once(qtbot, kiosk) -> None:
    qtbot.keyClicks(kiosk.search_field, "relapse")
    qtbot.mouseClick(kiosk.controller.start_over, Qt.MouseButton.LeftButton)
    assert kiosk.search_field.text() == "" and isinstance(kiosk.current_screen(), HomeScreen)


def tap_footer(qtbot, kiosk, times: int) -> None:
    for _ in range(times):
        qtbot.mouseClick(kiosk.footer, Qt.MouseButton.LeftButton)


def enter_pin(qtbot, pad, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(pad.digit_buttons[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.enter_button, Qt.MouseButton.LeftButton)


def test_pin_lockout_grows_and_right_pin_exits(qtbot, kiosk, clock) -> None:
    pad = kiosk.controller.pin_pad
    tap_footer(qtbot, kiosk, 4)
    assert not pad.isVisible()
    tap_footer(qtbot, kiosk, 1)
    assert pad.isVisible()
    enter_pin(qtbot, pad, "1111")
    enter_pin(qtbot, pad, "2222")
    assert pad.message.text() == "Wrong PIN."
    enter_pin(qtbot, pad, "3333")
    assert "30 seconds" in pad.message.text()
    enter_pin(qtbot, pad, PIN)  # even the right PIN waits out the lockout
    assert "Try again in 30 seconds" in pad.message.text() and kiosk.isVisible()
    clock.advance(30)
    enter_pin(qtbot, pad, "4444")
    assert "60 seconds" in pad.message.text()
    clock.advance(60)
    enter_pin(qtbot, pad, "5555")
    assert "120 seconds" in pad.message.text()
    clock.advance(120)
    with qtbot.waitSignal(kiosk.controller.admin_exit, timeout=2000):
        enter_pin(qtbot, pad, PIN)
    assert not kiosk.isVisible()


def test_a_slot_that_raises_returns_home_without_logging_words(
        qtbot, kiosk, monkeypatch, caplog) -> None:
    kiosk.open("app:article/what-is-all")

    def broken(text: str, limit: int = 30) -> None:
        raise RuntimeError(f"failed while searching for {text}")

    monkeypatch.setattr(kiosk.repository, "search_forgiving", broken)
    with caplog.at_level(logging.ERROR):
        qtbot.keyClicks(kiosk.search_field, "secretword")
        qtbot.waitUntil(lambda: isinstance(kiosk.current_screen(), HomeScreen), timeout=2000)
    assert kiosk.errors and kiosk.errors[0] == "RuntimeError"
    assert "RuntimeError" in caplog.text and "secretword" not in caplog.text
    assert kiosk.isVisible()


def test_nothing_is_written_during_a_kiosk_session(qtbot, kiosk, clock, tmp_path,
                                                   monkeypatch) -> None:
    # the session's own folders, and a working folder of its own (not the checkout,
    # where any tool's cache would count)
    monkeypatch.chdir(tmp_path)
    roots = [os.environ["XDG_DATA_HOME"], os.environ["XDG_CONFIG_HOME"],
             os.environ["XDG_CACHE_HOME"], os.environ["HOME"], str(tmp_path)]
    roots = [r for r in roots if os.path.isdir(r)]
    before = files_under(*roots)
    qtbot.keyClicks(kiosk.search_field, "transplant")
    kiosk.open("app:questions")
    questions = kiosk.current_screen()
    qtbot.mouseClick(questions.rows["transplant"][0].box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(questions.add_fields["transplant"], "Where will I stay?")
    qtbot.keyClick(questions.add_fields["transplant"], Qt.Key.Key_Return)
    kiosk.open("app:diagram?view=all")
    clock.advance(100)
    kiosk.controller.idle.tick()
    clock.advance(30)
    kiosk.controller.idle.tick()
    assert files_under(*roots) == before


def test_seeded_random_input_keeps_the_kiosk_intact(qtbot, kiosk, clock) -> None:
    seed = int(os.environ.get("ALL_GUIDE_MONKEY_SEED", "20261122"))
    print(f"random input seed: {seed} (set ALL_GUIDE_MONKEY_SEED to replay)")
    chance = random.Random(seed)
    keys = [Qt.Key.Key_Tab, Qt.Key.Key_Return, Qt.Key.Key_Space, Qt.Key.Key_Left,
            Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_A, Qt.Key.Key_5,
            Qt.Key.Key_Backspace, *[key for key, _ in BLOCKED_KEYS]]
    modifiers = [Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier,
                 Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ShiftModifier]
    device = QTest.createTouchDevice()
    for step in range(2500):
        action = chance.random()
        if action < 0.45:
            buttons = [b for b in kiosk.findChildren(QAbstractButton)
                       if b.isVisible() and b.isEnabled()]
            qtbot.mouseClick(chance.choice(buttons), Qt.MouseButton.LeftButton)
        elif action < 0.8:
            target = QApplication.focusWidget() or kiosk
            qtbot.keyClick(target, chance.choice(keys), chance.choice(modifiers))
        elif action < 0.95:
            viewport = kiosk.centralWidget()
            point = QPoint(chance.randrange(viewport.width()), chance.randrange(viewport.height()))
            QTest.touchEvent(kiosk.windowHandle(), device).press(0, point).commit()
            QTest.touchEvent(kiosk.windowHandle(), device).release(0, point).commit()
        else:
            clock.advance(chance.choice([5, 30, 61]))
            kiosk.controller.idle.tick()
        # what the event loop does between inputs: delete widgets let go of
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if step % 250 == 0:
            assert kiosk.isVisible() and kiosk.isFullScreen(), step
    assert kiosk.errors == []
    assert kiosk.isVisible() and kiosk.isFullScreen()
    assert kiosk.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert kiosk.close() is False
    visible_windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert visible_windows == [kiosk]


def test_a_kiosk_without_a_pin_says_so(qtbot, content_db: Path, clock) -> None:
    from desktop_app.ui.application import create_main_window

    window = create_main_window(content_db, SiteSettings(profile="kiosk"), "kiosk",
                                clock=clock)
    qtbot.addWidget(window)
    window.show()
    tap_footer(qtbot, window, 5)
    enter_pin(qtbot, window.controller.pin_pad, "0000")
    assert "No admin PIN is set" in window.controller.pin_pad.message.text()
    assert window.controller.lockout.failures == 0 and window.isVisible()
    window.controller.admin_exiting = True
    window.controller.remove()


def _full_screen(person, after: str) -> None:
    """Full screen, and the whole screen, once what the click set going has run (the
    layouts it asked for resize a window as soon as the event loop turns)."""
    QApplication.processEvents()
    window = person.window
    assert window.isFullScreen() and window.geometry() == window.screen().geometry(), (
        f"after {after!r} at {window.text_scale:.0%} text: {window.windowState()!r}, "
        f"{window.geometry()} on a {window.screen().geometry()} screen")


def test_the_kiosk_stays_full_screen_through_every_text_size(start_app) -> None:
    """The soak's escape: a page met earlier (an article with its find bar open, a row
    that does not wrap) needs more width at 200% than an 800 px screen has; the window
    took that as its minimum size, Qt resized it and so dropped full screen, silently."""
    person = start_app("--profile", "kiosk", "--page", "app:article/what-is-all",
                       settings='profile = "kiosk"\n')
    person.click_widget(person.find("Article text").viewport())
    person.press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert person.can_see("Find in this page")
    for page in ("Go to the home page", None):
        if page:
            person.click(page)
        for name in ["Make text larger"] * 4 + ["Make text smaller"] * 4:
            person.click(name)
            person.wait_until(lambda after=name: _full_screen(person, after), timeout=1000)
        assert person.window.text_scale == 1.0


def test_the_find_bar_wraps_at_200_percent_on_a_narrow_kiosk(start_app) -> None:
    """At 200% on an 800 px screen the find bar's one row would be wider than the
    screen: its buttons go under the field, and every one stays whole on the screen."""
    person = start_app("--profile", "kiosk", "--page", "app:article/what-is-all",
                       "--text-scale", "2.0", settings='profile = "kiosk"\n')
    person.click_widget(person.find("Article text").viewport())
    person.press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert person.can_see("Find in this page")
    window = person.window
    for name in ("Find in this page", "Previous match", "Next match",
                 "Close find in this page"):
        control = person.find(name, exact=True)
        shown = control.rect().translated(control.mapTo(window, control.rect().topLeft()))
        assert window.rect().contains(shown), f"{name} runs off the screen: {shown}"
        assert control.width() >= control.minimumSizeHint().width(), f"{name} is squeezed"
    field = person.find("Find in this page", exact=True)
    close = person.find("Close find in this page", exact=True)
    assert close.mapTo(window, close.rect().topLeft()).y() > field.mapTo(
        window, field.rect().bottomLeft()).y(), "the buttons should sit under the field"



def test_start_over_leaves_no_python_side_of_a_deleted_screen(start_app) -> None:
    """The long soak counted thousands of deleted screens' Python sides waiting for
    Python's collector (an article's parts and their children name each other). After
    a wipe, once its last screen is deleted, none is left: their memory comes back."""
    import weakref

    from PySide6.QtCore import QObject

    person = start_app("--profile", "kiosk", "--page", "app:article/what-is-all",
                       settings='profile = "kiosk"\n')
    person.click("Go to the home page")
    person.click("Your treatment journey")
    parts = [weakref.ref(part) for screen in person.window.screens.values()
             for part in (screen, *screen.findChildren(QObject))]
    assert len(parts) > 100
    person.click("Start over")
    assert isinstance(person.window.current_screen(), HomeScreen)
    person.wait_until(lambda: not [part for part in parts if part() is not None])
