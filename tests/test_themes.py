"""Themes: light, dark and high contrast, each colour pair at its WCAG 2.2 AA contrast,
checked on the table (style.THEME_PAIRS) and on the pixels of every screen as a person
reaches it, in every theme; chosen with the Colours buttons, remembered on a laptop,
forgotten by a kiosk's Start over, and the system's scheme followed by default."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QTextBrowser,
    QWidget,
)

from desktop_app.ui import style
from tests.person import Person, visible_widgets

THEME_NAMES = {"light": "Colours: light", "dark": "Colours: dark",
               "contrast": "Colours: high contrast"}
KIOSK = 'profile = "kiosk"\n'


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(first: QColor | str, second: QColor | str) -> float:
    light, dark = sorted((luminance(QColor(first)), luminance(QColor(second))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The table


@pytest.mark.parametrize(("theme", "pair"), [(t, p) for t in style.THEME_PAIRS
                                             for p in style.THEME_PAIRS[t]])
def test_every_pair_in_every_theme_meets_its_minimum(theme: str, pair: str) -> None:
    foreground, background, minimum = style.THEME_PAIRS[theme][pair]
    assert contrast(foreground, background) >= minimum, (theme, pair)


def test_high_contrast_text_reaches_7_to_1_and_ui_parts_3_to_1() -> None:
    for name, (_, _, minimum) in style.THEME_PAIRS["contrast"].items():
        assert minimum >= 3.0, name
    text = [m for fg, bg, m in style.THEME_PAIRS["contrast"].values() if m > 3.0]
    assert text and min(text) == 7.0


@pytest.mark.parametrize("theme", sorted(style.THEMES))
def test_the_style_sheets_use_only_colours_of_the_table(theme: str) -> None:
    """A colour added to the style sheet or the document CSS without a pair in the
    table would go unchecked: every colour they use must be one the table holds."""
    listed = {c.lower() for fg, bg, _ in style.THEME_PAIRS[theme].values() for c in (fg, bg)}
    chosen = style.THEMES[theme]
    used = set(re.findall(r"#[0-9a-fA-F]{6}", style.style_sheet(1.0, chosen)
                          + style.document_style_sheet(chosen)))
    assert {c.lower() for c in used} <= listed


def test_glossary_links_are_not_purple_and_differ_from_links() -> None:
    for theme in style.THEMES.values():
        hue = QColor(theme.glossary).hslHue()
        assert not 250 <= hue <= 330, theme.name  # purple reads as "visited"
        assert theme.glossary != theme.link
        assert contrast(theme.glossary, theme.link) > 1.1 or \
            abs(QColor(theme.glossary).hslHue() - QColor(theme.link).hslHue()) > 60


def test_visited_links_keep_the_link_colour() -> None:
    for theme in style.THEMES.values():
        palette = style.palette_for(theme, QApplication.palette())
        assert palette.color(palette.ColorRole.LinkVisited) == QColor(theme.link)
        assert palette.color(palette.ColorRole.PlaceholderText) == QColor(theme.placeholder)


# Pixels on every screen


def _region(window: QWidget, widget: QWidget) -> QRect:
    """The part of `widget` a person sees, in window coordinates."""
    visible = widget.visibleRegion().boundingRect()
    return QRect(widget.mapTo(window, visible.topLeft()), visible.size())


def text_contrast(image: QImage, rect: QRect) -> tuple[float, str, str]:
    """The contrast of the text in `rect`: the most common colour is the background, the
    text is the pixel that differs from it most (glyph cores reach the true colour)."""
    counts: Counter[int] = Counter()
    rect = rect.intersected(image.rect())
    step = 1 if rect.width() * rect.height() < 200_000 else 2
    for y in range(rect.top(), rect.bottom() + 1, step):
        for x in range(rect.left(), rect.right() + 1, step):
            counts[image.pixel(x, y)] += 1
    background = QColor.fromRgb(counts.most_common(1)[0][0])
    best, ink = 1.0, background
    for value in counts:
        colour = QColor.fromRgb(value)
        ratio = contrast(colour, background)
        if ratio > best:
            best, ink = ratio, colour
    return best, ink.name(), background.name()


def _words(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit):
        return widget.text() or widget.placeholderText()
    text = getattr(widget, "text", None)
    return text() if callable(text) else ""


def low_contrast_widgets(person: Person, minimum: float) -> list[str]:
    window = person.window
    widgets = visible_widgets(QWidget, window)  # after the queued layout and paint events
    image = window.grab().toImage()
    problems = []
    for widget in widgets:
        if not isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
            continue
        if not _words(widget).strip() or widget.window() is not window:
            continue
        rect = _region(window, widget)
        if rect.width() < 6 or rect.height() < 6:
            continue
        if isinstance(widget, QLabel) and widget.pixmap() is not None \
                and not widget.pixmap().isNull():
            continue  # a picture (the QR code), not text
        ratio, ink, paper = text_contrast(image, rect)
        if ratio < minimum:
            problems.append(f"{type(widget).__name__} {_words(widget)[:30]!r}: "
                            f"{ink} on {paper} is {ratio:.2f}:1")
    return problems


def low_contrast_document(document: QTextDocument, paper: str, minimum: float) -> list[str]:
    """Every run of text of a page, in the colours its CSS gave it."""
    problems = []
    block = document.begin()
    while block.isValid():
        background = block.blockFormat().background()
        behind = background.color().name() if background.style() != Qt.BrushStyle.NoBrush \
            else paper
        cursor_table = None
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid() and fragment.text().strip():
                char = fragment.charFormat()
                ink = char.foreground().color().name() \
                    if char.foreground().style() != Qt.BrushStyle.NoBrush else None
                if ink is not None:
                    cell = behind
                    if char.background().style() != Qt.BrushStyle.NoBrush:
                        cell = char.background().color().name()
                    ratio = contrast(ink, cell)
                    if ratio < minimum:
                        problems.append(f"{fragment.text()[:30]!r}: {ink} on {cell} "
                                        f"{ratio:.2f}:1")
            it += 1
        del cursor_table
        block = block.next()
    return problems


def choose_theme(person: Person, theme: str) -> None:
    person.click("Colours: light, dark or high contrast")
    person.click(THEME_NAMES[theme], exact=True)
    person.click("Colours: light, dark or high contrast")  # the panel closes again


def home(person: Person) -> None:
    if person.address != "app:home":
        person.click("Go to the home page")
    person.wait_for("app:home")


SCREENS: dict[str, list[str]] = {
    # how a person gets there from Home: the names they click
    "home": [],
    "section": ["Understanding ALL"],
    "article": ["Understanding ALL", "What is ALL?"],
    "start": ["Just diagnosed? Start here"],
    "journey": ["Your treatment journey"],
    "questions": ["My questions for the care team"],
    "glossary": ["Glossary A to Z"],
    "about": ["About ALL Guide"],
    "diagram": ["How blood cells grow: the diagram"],
}


def visit(person: Person, screen: str) -> None:
    home(person)
    for name in SCREENS[screen]:
        person.click(name, exact=True)
    person.wait_until(lambda: person.window.router.current.route == screen)
    person.wait_until(lambda: person.window.current_screen().isVisible())


@pytest.mark.parametrize("theme", sorted(style.THEMES))
def test_every_screen_in_every_theme_has_readable_text(start_app, theme: str) -> None:
    person = start_app()
    person.window.resize(1280, 800)
    choose_theme(person, theme)
    chosen = style.THEMES[theme]
    problems: list[str] = []
    for screen in SCREENS:
        visit(person, screen)
        problems += [f"{screen}: {p}" for p in low_contrast_widgets(person,
                                                                    chosen.text_minimum)]
        for browser in visible_widgets(QTextBrowser, person.window):
            problems += [f"{screen} page: {p}" for p in low_contrast_document(
                browser.document(), chosen.paper, chosen.text_minimum)]
    # the search results, reached by typing into Home's search box
    home(person)
    person.click("Search ALL Guide", QLineEdit)
    person.type("marrow")
    person.wait_until(lambda: person.address.startswith("app:search"))
    problems += [f"search: {p}" for p in low_contrast_widgets(person, chosen.text_minimum)]
    assert problems == []


@pytest.mark.parametrize("theme", sorted(style.THEMES))
def test_the_focus_ring_stands_out_on_both_sides(start_app, theme: str) -> None:
    """The ring around a focused button, on the bar outside and the button inside."""
    person = start_app("--page", "app:article/what-is-all")
    choose_theme(person, theme)
    button = person.find("Go to the home page")
    person.click("Search ALL Guide", QLineEdit)
    while QApplication.focusWidget() is not button:  # Shift+Tab back from the search box
        person.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    QApplication.processEvents()
    image = person.window.grab().toImage()
    middle = button.mapTo(person.window, QPoint(0, button.height() // 2))
    ring = QColor(image.pixel(middle.x() + 1, middle.y()))
    outside = QColor(image.pixel(middle.x() - 3, middle.y()))
    inside = QColor(image.pixel(middle.x() + 6, middle.y()))
    assert contrast(ring, outside) >= 3.0, (ring.name(), outside.name())
    assert contrast(ring, inside) >= 3.0, (ring.name(), inside.name())


@pytest.mark.parametrize("theme", sorted(style.THEMES))
def test_a_selected_row_and_a_placeholder_are_readable(start_app, theme: str) -> None:
    person = start_app("--page", "app:glossary/anaemia")
    choose_theme(person, theme)
    chosen = style.THEMES[theme]
    words = person.find("Glossary words, A to Z", QListWidget)
    item = words.currentItem()
    rect = words.visualItemRect(item)
    top_left = words.viewport().mapTo(person.window, rect.topLeft())
    image = person.window.grab().toImage()
    ratio, ink, paper = text_contrast(image, QRect(top_left, rect.size()))
    assert ratio >= chosen.text_minimum, (ink, paper)
    assert QColor(paper) == QColor(chosen.accent)  # the theme's, not Qt's default highlight
    field = person.find("Search ALL Guide", QLineEdit)  # its placeholder: "any words"
    assert field.text() == "" and field.placeholderText()
    ratio, ink, paper = text_contrast(image, _region(person.window, field).adjusted(4, 4, -4, -4))
    assert ratio >= chosen.text_minimum, (ink, paper)


# Choosing, remembering, forgetting


def test_colours_are_chosen_with_named_buttons_and_recolour_the_page(start_app) -> None:
    person = start_app("--page", "app:article/what-is-all")
    choose_theme(person, "dark")
    browser = person.find("Article text", QTextBrowser)
    assert person.window.theme.name == "dark"
    assert style.DARK.ink in browser.document().defaultStyleSheet()
    image = person.window.grab().toImage()
    centre = browser.mapTo(person.window, browser.rect().center())
    assert luminance(QColor(image.pixel(centre))) < 0.1  # dark paper
    choose_theme(person, "light")
    image = person.window.grab().toImage()
    assert luminance(QColor(image.pixel(centre))) > 0.8


def test_the_theme_is_remembered_on_a_laptop(start_app, tmp_path) -> None:
    user_data = tmp_path / "saved.sqlite"
    person = start_app(user_data=user_data)
    choose_theme(person, "contrast")
    person.click("Understanding ALL", exact=True)  # a page shown: preferences saved
    person.window.close()
    again = start_app(user_data=user_data)
    assert again.window.theme_choice == "contrast"
    assert again.window.theme is style.HIGH_CONTRAST


def test_start_over_on_a_kiosk_forgets_the_theme(start_app) -> None:
    person = start_app(settings=KIOSK)
    choose_theme(person, "dark")
    assert person.window.theme.name == "dark"
    person.click("Start over: clear everything and go home")
    assert person.window.theme_choice == style.SYSTEM
    assert person.window.theme == style.resolve_theme(style.SYSTEM)


def test_the_system_colour_scheme_is_followed_by_default(start_app) -> None:
    hints = QGuiApplication.styleHints()
    person = start_app()
    assert person.window.theme_choice == style.SYSTEM
    hints.setColorScheme(Qt.ColorScheme.Dark)
    try:
        if hints.colorScheme() != Qt.ColorScheme.Dark:
            pytest.skip("this platform does not let a program set the colour scheme")
        person.wait_until(lambda: person.window.theme.name == "dark")
        choose_theme(person, "light")  # the reader's own choice wins over the system
        assert person.window.theme.name == "light"
    finally:
        hints.unsetColorScheme()


class _Hints:
    """What the system says, as QStyleHints would on a desktop set to dark colours."""

    def __init__(self, scheme: Qt.ColorScheme) -> None:
        self.scheme = scheme

    def colorScheme(self) -> Qt.ColorScheme:
        return self.scheme


class _System:
    def __init__(self, scheme: Qt.ColorScheme) -> None:
        self.hints = _Hints(scheme)

    def styleHints(self) -> _Hints:
        return self.hints


def test_a_change_of_the_system_scheme_recolours_a_window_that_follows_it(
        start_app, monkeypatch) -> None:
    """Where the platform cannot be told to change (offscreen), the system's answer is
    stood in for, and the window is told as Qt's colorSchemeChanged would tell it."""
    person = start_app()
    monkeypatch.setattr(style, "QGuiApplication", _System(Qt.ColorScheme.Dark))
    assert style.system_theme() == "dark"
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert person.window.theme is style.DARK
    choose_theme(person, "light")
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert person.window.theme is style.LIGHT  # the reader's own choice stays
