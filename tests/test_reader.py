"""Driving the real window offscreen: home, sections, articles, links, history, glossary."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop_app.ui.screens.article import ArticleScreen
from desktop_app.ui.screens.glossary import GlossaryScreen
from desktop_app.ui.screens.home import HomeScreen
from desktop_app.ui.screens.message import MessageScreen
from desktop_app.ui.screens.section import SectionScreen
from tests.helpers import click_link


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_article_from_home(qtbot, window, title: str) -> ArticleScreen:
    home = window.current_screen()
    assert isinstance(home, HomeScreen)
    click(qtbot, next(t for t in home.tiles if t.accessibleName() == "Understanding ALL"))
    section = window.current_screen()
    assert isinstance(section, SectionScreen)
    click(qtbot, next(c for c in section.cards if c.accessibleName() == title))
    article = window.current_screen()
    assert isinstance(article, ArticleScreen)
    return article


def test_open_article_from_home(qtbot, window) -> None:
    article = open_article_from_home(qtbot, window, "What is ALL?")
    text = article.browser.toPlainText()
    assert text.startswith("What is ALL?")
    assert "lymphoblast" in text and "Sources checked" in text and "care team" in text
    assert str(window.router.current) == "app:article/what-is-all"
    assert "What is ALL?" in window.windowTitle()


def test_follow_internal_link_then_back_and_forward(qtbot, window) -> None:
    article = open_article_from_home(qtbot, window, "What is leukaemia?")
    click_link(qtbot, article.browser, "app:article/")
    target = str(window.router.current)
    assert target.startswith("app:article/") and target != "app:article/what-is-leukaemia"
    assert article.document is not None and article.document.id == target.split("/")[-1]
    click(qtbot, window.back_button)
    assert str(window.router.current) == "app:article/what-is-leukaemia"
    assert article.browser.toPlainText().startswith("What is leukaemia?")
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert str(window.router.current) == target
    click(qtbot, window.home_button)
    assert isinstance(window.current_screen(), HomeScreen)


def test_glossary_link_opens_meaning_in_place(qtbot, window, repository) -> None:
    window.open("app:article/blood-and-marrow")
    article = window.current_screen()
    click_link(qtbot, article.browser, "app:glossary/bone-marrow")
    assert article.glossary_card.isVisible()
    meaning = repository.glossary_term("bone-marrow").meaning
    assert article.glossary_card.meaning_label.text() == meaning
    assert str(window.router.current) == "app:article/blood-and-marrow"
    qtbot.keyClick(article, Qt.Key.Key_Escape)
    assert not article.glossary_card.isVisible()


def test_glossary_screen_filters_and_lists_pages(qtbot, window) -> None:
    window.open("app:glossary/bone-marrow")
    glossary = window.current_screen()
    assert isinstance(glossary, GlossaryScreen)
    assert glossary.term_title.text() == "bone marrow"
    assert any(card.accessibleName() == "Blood and bone marrow" for card in glossary.used_in)
    qtbot.keyClicks(glossary.filter_field, "anemia")
    assert glossary.selected_term_id() == "anaemia"


def test_search_as_you_type_in_both_spellings(qtbot, window) -> None:
    for query in ("leukaemia", "leukemia"):
        window.search_field.clear()
        qtbot.keyClicks(window.search_field, query)
        screen = window.current_screen()
        titles = [card.accessibleName() for card in screen.results]
        assert any(t.startswith("What is leukaemia?") for t in titles), (query, titles)
    click(qtbot, screen.results[0])
    assert window.router.current.route in {"article", "glossary", "treatment"}
    # typing did not fill history with one page per letter
    click(qtbot, window.back_button)
    assert window.router.current.route == "search"
    click(qtbot, window.back_button)
    assert window.router.current.route == "home"


def test_outside_link_is_shown_not_opened(qtbot, window) -> None:
    window.open("app:article/what-is-all")
    article = window.current_screen()
    article.browser.anchorClicked.emit(article.browser.source().fromUserInput(
        "https://www.nhs.uk/conditions/acute-lymphoblastic-leukaemia/"))
    assert article.outside_note.isVisible()
    assert "https://www.nhs.uk/conditions" in article.outside_note.text_label.text()
    assert str(window.router.current) == "app:article/what-is-all"
    # the QR code is segno's matrix for exactly that address, drawn module by module
    import segno

    address = "https://www.nhs.uk/conditions/acute-lymphoblastic-leukaemia/"
    image = article.outside_note.qr_code.pixmap().toImage()
    matrix = segno.make(address, error="m").matrix
    scale = image.width() // (len(matrix) + 4)
    assert image.width() == image.height() == scale * (len(matrix) + 4)
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            x, y = (column + 2) * scale + scale // 2, (row + 2) * scale + scale // 2
            assert (image.pixelColor(x, y).lightness() < 128) == bool(dark), (row, column)


def test_unknown_page_shows_a_message(qtbot, window) -> None:
    window.open("app:article/no-such-article")
    assert isinstance(window.current_screen(), MessageScreen)
    click(qtbot, window.back_button)
    assert isinstance(window.current_screen(), HomeScreen)


def test_corrupt_database_shows_a_clear_message(qtbot, tmp_path: Path) -> None:
    from desktop_app.ui.application import create_main_window

    bad = tmp_path / "content.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4096)
    window = create_main_window(bad)
    qtbot.addWidget(window)
    screen = window.current_screen()
    assert isinstance(screen, MessageScreen)
    assert "damaged" in screen.title_label.text()
    assert not window.search_field.isEnabled() and not window.home_button.isEnabled()


def test_missing_and_foreign_databases(qtbot, tmp_path: Path) -> None:
    import sqlite3

    from desktop_app.ui.application import create_main_window

    missing = create_main_window(tmp_path / "nowhere.sqlite")
    qtbot.addWidget(missing)
    assert "cannot find" in missing.current_screen().title_label.text()
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE notes (text)")
    other = create_main_window(foreign)
    qtbot.addWidget(other)
    assert "not ALL Guide content" in other.current_screen().title_label.text()
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    blank = create_main_window(empty)
    qtbot.addWidget(blank)
    assert "empty" in blank.current_screen().title_label.text()


def test_reader_loads_images_only_from_the_content_database(window, tmp_path: Path) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage, QTextDocument

    window.open("app:article/what-is-all")
    browser = window.current_screen().browser
    picture = tmp_path / "picture.png"
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(0xFF0000)
    image.save(str(picture))
    kind = QTextDocument.ResourceType.ImageResource.value
    for address in (picture.as_uri(), str(picture), "https://example.org/x.png",
                    "app:image/not-in-the-database"):
        assert browser.loadResource(kind, QUrl(address)) is None, address
