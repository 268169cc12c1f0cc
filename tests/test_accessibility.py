"""Accessibility: names on every control, keyboard use, AA contrast, 200% text unclipped."""

from __future__ import annotations

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
