"""Accessibility: names on every control, keyboard use, AA contrast, 200% text unclipped."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QWidget,
)

from desktop_app.ui import style
from desktop_app.ui.screens.article import ArticleScreen
from desktop_app.ui.screens.home import HomeScreen
from desktop_app.ui.screens.section import SectionScreen

PAGES = ["app:home", "app:section/understanding", "app:article/what-is-all",
         "app:glossary/anaemia", "app:search?q=marrow"]
CONTROLS = (QAbstractButton, QLineEdit, QAbstractItemView, QTextBrowser)


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(foreground: str, background: str) -> float:
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("pair", sorted(style.TEXT_PAIRS))
def test_text_colours_meet_wcag_aa(pair: str) -> None:
    foreground, background = style.TEXT_PAIRS[pair]
    assert contrast(foreground, background) >= 4.5, pair


def visible_controls(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if isinstance(w, CONTROLS) and w.isVisible()]


@pytest.mark.parametrize("page", PAGES)
def test_every_visible_control_has_an_accessible_name(window, page: str) -> None:
    window.open(page)
    controls = visible_controls(window)
    assert len(controls) >= 4
    unnamed = [f"{type(w).__name__} {w.objectName()!r}" for w in controls
               if not w.accessibleName().strip()]
    assert unnamed == []


def test_keyboard_alone_reaches_an_article(qtbot, window) -> None:
    home = window.current_screen()
    assert isinstance(home, HomeScreen)
    tile = next(t for t in home.tiles if t.accessibleName() == "Understanding ALL")
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_Return)
    section = window.current_screen()
    assert isinstance(section, SectionScreen)
    section.cards[0].setFocus()
    qtbot.keyClick(section.cards[0], Qt.Key.Key_Space)
    assert isinstance(window.current_screen(), ArticleScreen)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert isinstance(window.current_screen(), SectionScreen)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()


def test_tab_moves_through_the_home_tiles(qtbot, window) -> None:
    home = window.current_screen()
    home.search_field.setFocus()
    reached = set()
    for _ in range(40):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        reached.add(window.focusWidget())
    assert set(home.tiles) <= reached


def clipped_labels(root: QWidget) -> list[str]:
    """Labels whose wrapped text needs more height than they were given."""
    clipped = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.text() or not label.wordWrap():
            continue
        needed = label.heightForWidth(label.width())
        if needed > label.height() + 1:
            clipped.append(f"{label.text()[:40]!r} needs {needed}px, has {label.height()}px")
    return clipped


@pytest.mark.parametrize("page", ["app:home", "app:section/understanding",
                                  "app:glossary/bone-marrow", "app:search?q=blood"])
def test_text_at_200_percent_is_not_clipped(qtbot, window, page: str) -> None:
    window.set_text_scale(2.0)
    window.resize(1024, 700)
    window.open(page)
    qtbot.wait(50)
    assert clipped_labels(window) == []
    font_size = window.current_screen().findChildren(QLabel)[0].font().pointSizeF()
    assert font_size >= style.BASE_POINT_SIZE * 2


def test_text_size_buttons(qtbot, window) -> None:
    qtbot.mouseClick(window.larger_button, Qt.MouseButton.LeftButton)
    assert window.text_scale == 1.25
    window.open("app:article/what-is-all")
    article = window.current_screen()
    assert article.browser.document().defaultFont().pointSizeF() == style.BASE_POINT_SIZE * 1.25
    for _ in range(6):
        qtbot.mouseClick(window.larger_button, Qt.MouseButton.LeftButton) \
            if window.larger_button.isEnabled() else None
    assert window.text_scale == 2.0 and not window.larger_button.isEnabled()


# Screen readers, names, find in page and language (issue 12), in process: what Qt's
# accessibility layer hands to AT-SPI. tests/test_atspi.py reads the same through AT-SPI.

ALL_PAGES = [*PAGES, "app:diagram", "app:journey", "app:start-here", "app:about",
             "app:article/signs-and-symptoms"]


def _label_words(text: str) -> str:
    return " ".join(text.replace("&", "").split()).lower()


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_name_holds_its_visible_label(window, page: str) -> None:
    """WCAG 2.5.3: a voice-control user says what they see ("click Save as PDF").
    Symbols alone (A+, a minus sign) are not words to say, so not checked."""
    window.open(page)
    wrong = [f"{b.text()!r} is named {b.accessibleName()!r}"
             for b in visible_controls(window) if isinstance(b, QAbstractButton)
             and re.search(r"[^\W\d_]{2,}", b.text()) and b.accessibleName()
             and _label_words(b.text()) not in _label_words(b.accessibleName())]
    assert wrong == []


@pytest.mark.parametrize("page", ALL_PAGES)
def test_focusable_scroll_areas_are_named(window, page: str) -> None:
    from PySide6.QtWidgets import QAbstractScrollArea

    window.open(page)
    silent = [type(w).__name__ for w in window.findChildren(QAbstractScrollArea)
              if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
              and not w.accessibleName().strip()]
    assert silent == []


def test_the_language_is_uk_english() -> None:
    from PySide6.QtCore import QLocale

    from desktop_app.ui.application import create_application

    create_application()
    assert QLocale().name() == "en_GB" and QLocale().bcp47Name() == "en-GB"


def test_the_diagram_view_lists_every_cell_to_a_screen_reader(window) -> None:
    from PySide6.QtGui import QAccessible

    window.open("app:diagram?view=all")
    screen = window.current_screen()
    view = QAccessible.queryAccessibleInterface(screen.view)
    cells = [cell for _, cell in screen.diagram.walk()]
    assert view.role() == QAccessible.Role.List
    assert view.childCount() == len(cells)
    names = [view.child(n).text(QAccessible.Text.Name) for n in range(view.childCount())]
    assert names == [cell.name for cell in cells]
    for n in range(view.childCount()):
        child = view.child(n)
        assert child.role() == QAccessible.Role.ListItem
        assert child.parent().object() is screen.view
        assert view.indexOfChild(child) == n
        assert child.rect().isValid()
    blocked = view.child([c.id for c in cells].index(screen.scene.view.blocked))
    assert "stuck" in blocked.text(QAccessible.Text.Description)
    screen.select_cell(cells[3].id)
    assert view.child(3).state().selected and not view.child(2).state().selected


def test_view_buttons_are_pressed_buttons_not_check_boxes(window) -> None:
    from PySide6.QtGui import QAccessible

    window.open("app:diagram?view=all")
    buttons = window.current_screen().view_buttons.buttons()
    states = {}
    for button in buttons:
        face = QAccessible.queryAccessibleInterface(button)
        assert face.role() == QAccessible.Role.Button
        assert not face.state().checkable
        states[button.property("viewId")] = face.state().pressed
    assert [v for v, pressed in states.items() if pressed] == ["all"]


def test_an_article_exposes_headings_lists_and_links(window) -> None:
    from PySide6.QtGui import QAccessible

    window.open("app:article/what-is-all")
    screen = window.current_screen()
    document = QAccessible.queryAccessibleInterface(screen.browser.viewport())
    assert document.role() == QAccessible.Role.Document
    roles: dict[QAccessible.Role, list[str]] = {}

    def walk(face) -> None:
        roles.setdefault(face.role(), []).append(face.text(QAccessible.Text.Name))
        for n in range(face.childCount()):
            assert face.child(n).parent().object() is face.object()
            walk(face.child(n))

    for n in range(document.childCount()):
        walk(document.child(n))
    assert roles[QAccessible.Role.Heading][0] == "What is ALL?"
    assert "What the name means" in roles[QAccessible.Role.Heading]
    assert roles[QAccessible.Role.List] and roles[QAccessible.Role.ListItem]
    anchors = screen.browser.toHtml().count("<a href=")
    assert len(roles[QAccessible.Role.Link]) == anchors >= 10


def test_tab_selects_links_and_h_jumps_by_heading(qtbot, window) -> None:
    window.open("app:article/what-is-all")
    screen = window.current_screen()
    screen.browser.setFocus()
    qtbot.keyClick(screen.browser, Qt.Key.Key_Tab)
    first = screen.structure.link_at_selection()
    assert first is not None and first is screen.structure.links[0]
    qtbot.keyClick(screen.browser, Qt.Key.Key_H)
    qtbot.keyClick(screen.browser, Qt.Key.Key_H)
    here = screen.browser.textCursor().position()
    assert here == screen.structure.headings[2].part.start
    qtbot.keyClick(screen.browser, Qt.Key.Key_H, Qt.KeyboardModifier.ShiftModifier)
    assert screen.browser.textCursor().position() == screen.structure.headings[1].part.start


def test_ctrl_f_finds_in_the_article(qtbot, window) -> None:
    window.open("app:article/what-is-all")
    screen = window.current_screen()
    screen.browser.setFocus()
    qtbot.keyClick(screen.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = screen.find_bar
    assert bar.isVisible() and bar.field.hasFocus() and not window.search_field.hasFocus()
    qtbot.keyClicks(bar.field, "marrow")
    total = screen.browser.toPlainText().lower().count("marrow")
    assert bar.count_label.text() == f"1 of {total}" and total > 2
    assert screen.browser.textCursor().selectedText().lower() == "marrow"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count_label.text() == f"2 of {total}"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == f"{total} of {total}"
    assert len(screen.browser.extraSelections()) == total
    qtbot.keyClicks(bar.field, "zzqx")
    assert bar.count_label.text() == "No matches"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and screen.browser.hasFocus()
    assert screen.browser.extraSelections() == []


def test_on_this_page_marks_the_part_being_read(qtbot, window) -> None:
    window.open("app:article/what-is-all")
    screen = window.current_screen()
    parts = screen.parts
    assert screen.parts_box.isVisible() and parts.count() >= 3
    assert parts.currentRow() == 0 and parts.item(0).font().bold()
    bar = screen.browser.verticalScrollBar()
    bar.setValue(bar.maximum())
    last = parts.currentRow()
    assert last == parts.count() - 1 and parts.item(last).font().bold()
    assert not parts.item(0).font().bold()
    qtbot.mouseClick(parts.viewport(), Qt.MouseButton.LeftButton,
                     pos=parts.visualItemRect(parts.item(1)).center())
    assert parts.currentRow() == 1


def test_the_idle_warning_keeps_the_focus_and_space_continues(start_app, clock) -> None:
    person = start_app("--profile", "kiosk", "--page", "app:article/what-is-all")
    warning = person.window.controller.idle.warning
    clock.advance(10_000)
    person.wait_until(warning.isVisible)
    assert person.focused() is warning.continue_button
    for key, modifiers in ((Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier),
                           (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier),
                           (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier),
                           (Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier),
                           (Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)):
        person.press(key, modifiers)
        assert person.focused() is warning.continue_button, key
    person.press(Qt.Key.Key_Space)
    assert not warning.isVisible()
    assert person.address == "app:article/what-is-all"


def test_the_pin_pad_keeps_the_focus_and_says_wrong_pin(start_app) -> None:
    from PySide6.QtGui import QAccessible

    from desktop_app.core.pin import hash_pin

    person = start_app("--page", "app:article/what-is-all",
                       settings=f'profile = "kiosk"\nadmin_pin_hash = "{hash_pin("2468")}"\n')
    for _ in range(5):
        person.click_widget(person.window.footer)
    pad = person.window.controller.pin_pad
    person.wait_until(pad.isVisible)
    face = QAccessible.queryAccessibleInterface(pad)
    assert face.role() == QAccessible.Role.Dialog and face.state().modal
    assert face.text(QAccessible.Text.Name) == "Staff only: enter the admin PIN"
    assert person.focused() is pad.digit_buttons["1"]
    for _ in range(30):  # round and round the pad's own keys, never the page beneath
        person.press(Qt.Key.Key_Tab)
        assert pad.isAncestorOf(person.focused())
    person.click("Digit 9")
    person.click("Enter: check the PIN")
    assert pad.message.text().startswith("Wrong PIN")
    person.click("Cancel: close the PIN pad")
    assert not pad.isVisible()


@pytest.mark.parametrize(("page", "field_name", "label"), [
    ("app:article/what-is-all", "Search ALL Guide", "Search"),
    ("app:glossary", "Find a word in the glossary", "Find a word"),
    ("app:questions", "Add your own question to “During induction”",
     "Add your own question"),
])
def test_a_field_keeps_its_visible_label_while_the_reader_types(
        start_app, page: str, field_name: str, label: str) -> None:
    """WCAG 3.3.2: a placeholder goes at the first letter, so each field has a label
    beside it that stays; 2.5.3: the field's name contains that label's words."""
    person = start_app("--page", page)
    field = person.find(field_name, QLineEdit)
    person.click_widget(field)
    person.type("platelets")
    shown = [each.text() for each in person.window.findChildren(QLabel)
             if each.buddy() is field and each.isVisible()]
    assert shown == [label]
    assert label in field.accessibleName()


def test_the_top_bar_search_label_goes_and_comes_with_its_box(start_app) -> None:
    """Home has its own search box, so the top bar's box and its "Search" label hide
    there together, from the start and on the way back."""
    person = start_app()
    field = person.window.search_field
    label = person.window.top_bar.search_label

    def both_shown() -> bool:
        assert field.isVisible() == label.isVisible()
        return field.isVisible()

    assert not both_shown()
    person.click("Just diagnosed? Start here")
    person.wait_until(both_shown)
    person.click("Go to the home page")
    person.wait_until(lambda: not both_shown())


def test_home_says_before_typing_that_the_results_open_as_you_type(start_app) -> None:
    """WCAG 3.2.2 and 3.3.2: typing in Home's box opens the results page, so a visible
    label and hint say so beforehand, and they stay when the placeholder goes."""
    person = start_app()
    assert person.sees("Search ALL Guide") and person.sees("The results open as you type.")
    field = person.find("Search ALL Guide", QLineEdit)
    labels = [label for label in person.window.current_screen().findChildren(QLabel)
              if label.buddy() is field]
    assert [label.text() for label in labels] == ["Search ALL Guide"]
    assert field.accessibleDescription() == "The results open as you type."
    person.click_widget(field)
    person.type("marrow")
    assert person.window.router.current.route == "search"
