"""Reading comfort, as a person meets it: lines of 60 to 75 characters in a centred
column at any size, a top bar that never clips and never moves A+ from under the
pointer, kiosk text that grows with the screen, a large idle warning, visible scroll
bars, spaced bullets, glossary links that do not look visited, level cards, a ticked
box with a tick, and 200% text at 1024x768 on every screen with nothing cut off."""

from __future__ import annotations

import statistics

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QListWidget,
    QScrollArea,
    QTextBrowser,
    QWidget,
)

from desktop_app.ui import style
from desktop_app.ui.widgets import CardButton, ScrollingPage
from tests.person import Person, visible_widgets
from tests.test_themes import contrast, text_contrast

ARTICLE = "app:article/what-is-all"
KIOSK = 'profile = "kiosk"\n'
SIZES = [(1024, 768), (1280, 800), (1920, 1080)]


def settle(person: Person, width: int, height: int) -> None:
    """The window at a size (what a window manager or a kiosk's screen gives it)."""
    person.window.resize(width, height)
    for _ in range(3):
        QApplication.processEvents()


def body_line_lengths(document: QTextDocument) -> list[int]:
    """The characters of every full line of the page's paragraphs and list items (a
    paragraph's last line is as short as it happens to be; headings are short)."""
    lengths = []
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        heading = block.blockFormat().headingLevel() > 0 or block.charFormat().fontWeight() > 600
        if layout is not None and layout.lineCount() > 1 and not heading:
            lengths += [layout.lineAt(i).textLength() for i in range(layout.lineCount() - 1)]
        block = block.next()
    return lengths


# 1. The column of text


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scale", ["1.0", "2.0"])
def test_article_lines_are_about_60_to_75_characters(start_app, size, scale) -> None:
    person = start_app("--page", ARTICLE, "--text-scale", scale)
    settle(person, *size)
    browser = person.find("Article text", QTextBrowser)
    lengths = body_line_lengths(browser.document())
    assert lengths and max(lengths) <= 80
    room = browser.viewport().width() + browser.viewportMargins().left() * 2
    if room >= browser.column_width() + 2 * browser.DOCUMENT_MARGIN:
        assert 58 <= statistics.median(lengths) <= 75, statistics.median(lengths)
        # centred: the same space either side of the text
        margins = browser.viewportMargins()
        assert abs(margins.left() - margins.right()) <= 1


@pytest.mark.parametrize("page", ["app:section/treatment", "app:about", "app:start"])
def test_scrolling_pages_keep_a_centred_reading_column(start_app, page: str) -> None:
    person = start_app("--page", page)
    settle(person, 1920, 1080)
    pages = [p for p in person.window.current_screen().findChildren(ScrollingPage)
             if p.isVisible()]
    assert pages
    for scrolling in pages:
        column = scrolling.body
        margins = scrolling.column.contentsMargins()
        text_width = column.width() - margins.left() - margins.right()
        average = QFontMetrics(scrolling.font()).averageCharWidth()
        assert text_width / average <= 80
        left = column.mapTo(person.window, QPoint(margins.left(), 0)).x()
        right = person.window.width() - (left + text_width)
        scroll_bar = scrolling.verticalScrollBar()
        bar = scroll_bar.width() if scroll_bar.isVisible() else 0
        assert abs(left - (right - bar)) <= 40  # centred, give or take the scroll bar


def test_home_cards_are_wider_than_the_text_but_not_full_width(start_app) -> None:
    person = start_app()
    settle(person, 1920, 1080)
    tiles = person.find_all("Understanding ALL", CardButton, exact=True)
    grid = tiles[0].parentWidget()
    assert grid.width() < 1920 * 0.75
    lead = next(label for label in visible_widgets(QLabel, person.window)
                if label.objectName() == "pageLead")
    average = QFontMetrics(lead.font()).averageCharWidth()
    assert lead.contentsRect().width() / average <= 80


# 2. The top bar


def top_bar_buttons(person: Person) -> list[QAbstractButton]:
    bar = person.window.top_bar
    return [b for b in visible_widgets(QAbstractButton, person.window) if bar.isAncestorOf(b)]


@pytest.mark.parametrize("page", ["app:home", ARTICLE, "app:glossary"])
def test_top_bar_labels_are_never_clipped_at_200_percent(start_app, page: str) -> None:
    person = start_app("--page", page, "--text-scale", "2.0")
    settle(person, 1024, 768)
    for button in top_bar_buttons(person):
        assert button.width() >= button.sizeHint().width(), button.text()
        right = button.mapTo(person.window, QPoint(button.width(), 0)).x()
        assert right <= person.window.width(), button.text()
    assert not person.window.top_bar.actions_in_first_row  # wrapped to a second row


def test_a_plus_stays_under_the_pointer_as_the_text_grows(start_app) -> None:
    person = start_app("--page", ARTICLE)
    settle(person, 1024, 768)
    larger = person.find("Make text larger")
    place = larger.mapTo(person.window, larger.rect().center())
    for expected in (1.25, 1.5, 1.75, 2.0):
        under_pointer = person.window.childAt(place)
        assert under_pointer is person.window.larger_button, expected
        person.click_widget(under_pointer, under_pointer.mapFrom(person.window, place))
        assert person.window.text_scale == expected
    controller = person.window.controller
    assert not controller.user_data.is_bookmarked(ARTICLE)


def test_bookmarking_moves_no_button(start_app) -> None:
    person = start_app("--page", ARTICLE, "--text-scale", "1.5")
    settle(person, 1280, 800)
    before = {b.accessibleName().split(":")[0]: b.mapTo(person.window, QPoint(0, 0))
              for b in top_bar_buttons(person)}
    person.click("Bookmark this page")
    assert person.can_see("Bookmarked ✓: remove the bookmark")
    after = {b.accessibleName().split(":")[0]: b.mapTo(person.window, QPoint(0, 0))
             for b in top_bar_buttons(person)}
    assert before.pop("Bookmark this page") == after.pop("Bookmarked ✓")
    assert before == after


# 3. The kiosk


def test_kiosk_text_and_targets_grow_with_the_screen(start_app) -> None:
    person = start_app("--page", ARTICLE, settings=KIOSK)
    settle(person, 1920, 1080)
    factor = style.screen_text_factor(1080)
    assert factor > 1.1
    window = person.window
    title = next(b for b in top_bar_buttons(person) if b.text() == "Home")
    assert title.font().pointSizeF() == pytest.approx(style.BASE_POINT_SIZE * factor, 0.01)
    assert title.height() >= 44 * factor - 1
    browser = person.find("Article text", QTextBrowser)
    assert browser.document().defaultFont().pointSizeF() == pytest.approx(
        style.BASE_POINT_SIZE * factor, 0.01)
    person.click("Make text larger")  # the reader's size on top of the screen's
    assert window.text_scale == 1.25
    assert browser.document().defaultFont().pointSizeF() == pytest.approx(
        style.BASE_POINT_SIZE * factor * 1.25, 0.01)
    person.click("Start over: clear everything and go home")
    assert window.text_scale == 1.0 and window.screen_factor == factor


def test_the_idle_warning_is_large_with_a_large_countdown(start_app, clock) -> None:
    person = start_app(settings=KIOSK)
    settle(person, 1920, 1080)
    idle = person.window.controller.idle
    clock.advance(idle.timeout + 1)
    idle.tick()  # the kiosk's own timer, with the idle time gone by
    person.wait_until(lambda: person.can_see("Continue reading"))
    body = style.BASE_POINT_SIZE * person.window.screen_factor
    seconds = idle.warning.seconds_label
    assert seconds.isVisible() and seconds.text().isdigit()
    assert seconds.font().pointSizeF() >= body * 4
    assert idle.warning.card.width() >= 1920 // 2
    continue_button = person.find("Continue reading")
    assert continue_button.height() >= 88
    assert continue_button.font().pointSizeF() >= body * 1.5
    person.click("Continue reading")
    assert not idle.warning.isVisible()


# 4. Scroll bars, bullets, links, cards, ticks


@pytest.mark.parametrize(("profile", "settings", "wide"), [
    ("laptop", None, 16), ("tablet", None, 28), ("kiosk", KIOSK, 28)])
def test_scroll_bars_are_visible_and_wide_enough(start_app, profile, settings, wide) -> None:
    arguments = ("--page", ARTICLE) if settings else ("--profile", profile, "--page", ARTICLE)
    person = start_app(*arguments, settings=settings)
    settle(person, 1280, 800)
    bar = person.find("Article text", QTextBrowser).verticalScrollBar()
    assert bar.isVisible() and bar.width() >= wide
    image = bar.grab().toImage()
    ratio, handle, track = text_contrast(image, image.rect())
    assert ratio >= 3.0, (handle, track)


def test_bullets_stand_apart_from_their_words(start_app) -> None:
    person = start_app("--page", ARTICLE)
    document = person.find("Article text", QTextBrowser).document()
    items = []
    block = document.begin()
    while block.isValid():
        if block.textList() is not None and block.layout().lineCount() > 1:
            items.append(block)
        block = block.next()
    assert items
    for item in items:
        assert item.text().startswith("\u00a0\u00a0")
        layout = item.layout()
        first = layout.lineAt(0)
        words_start = first.cursorToX(2)[0]  # after the two no-break spaces
        # every line of the item starts where the first line's words start
        assert abs(words_start - layout.lineAt(1).x()) < 1.0


def test_glossary_links_differ_from_links_and_are_not_purple(start_app) -> None:
    person = start_app("--page", ARTICLE)
    document = person.find("Article text", QTextBrowser).document()
    colours: dict[str, set[str]] = {"glossary": set(), "link": set()}
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            char = it.fragment().charFormat()
            if char.isAnchor():
                kind = "glossary" if char.anchorHref().startswith("app:glossary/") else "link"
                colours[kind].add(char.foreground().color().name())
            it += 1
        block = block.next()
    assert colours["glossary"] and colours["link"]
    assert colours["glossary"].isdisjoint(colours["link"])
    for colour in colours["glossary"]:
        assert not 250 <= QColor(colour).hslHue() <= 330


def test_cards_in_a_row_start_level(start_app) -> None:
    person = start_app()
    settle(person, 1280, 800)
    grids: dict[int, list[CardButton]] = {}
    for card in visible_widgets(CardButton, person.window):
        grids.setdefault(id(card.parentWidget()), []).append(card)
    ways_in = next(cards for cards in grids.values() if len(cards) == 3)
    tops = {card.mapTo(person.window, QPoint(0, 0)).y() for card in ways_in}
    heights = {card.height() for card in ways_in}
    assert len(tops) == 1  # one row, level at the top
    assert len(heights) > 1  # each as tall as its words, not stretched to match
    topics = max(grids.values(), key=len)
    rows = {card.mapTo(person.window, QPoint(0, 0)).y() for card in topics}
    assert len(rows) == (len(topics) + 1) // 2  # two by two, each pair level


def test_a_ticked_box_shows_a_tick(start_app) -> None:
    person = start_app("--page", "app:questions")
    box = visible_widgets(QCheckBox, person.window)[0]
    person.click_widget(box)
    assert box.isChecked()
    image = box.grab().toImage()
    theme = person.window.theme
    accent, tick = QColor(theme.accent), QColor("#ffffff" if "white" in theme.tick else "#000000")
    pixels = [QColor(image.pixel(x, y)) for y in range(image.height())
              for x in range(image.width())]
    filled = sum(1 for p in pixels if contrast(p, accent) < 1.1)
    ticked = sum(1 for p in pixels if contrast(p, tick) < 1.2)
    assert filled > 100 and ticked > 20  # a filled box with a tick drawn on it


# 5. 200% text at 1024x768 on every screen


PAGES_200 = ["app:home", "app:section/treatment", ARTICLE, "app:treatment/induction",
             "app:glossary/acute-lymphoblastic-leukaemia", "app:journey", "app:questions",
             "app:start", "app:about", "app:search?q=marrow", "app:diagram?view=all",
             "app:diagram?view=mrd"]


def clipped(person: Person) -> list[str]:
    problems = []
    window = person.window
    for label in visible_widgets(QLabel, window):
        if label.text() and label.wordWrap() and label.window() is window:
            needed = label.heightForWidth(label.width())
            if needed > label.height() + 1:
                problems.append(f"label {label.text()[:30]!r} needs {needed}, has {label.height()}")
    for widget in visible_widgets(QWidget, window):
        if widget.window() is not window or isinstance(widget, QScrollArea):
            continue
        if _in_scroll_area(widget) or widget is window:
            continue
        right = widget.mapTo(window, QPoint(widget.width(), 0)).x()
        if right > window.width() + 1:
            problems.append(f"{type(widget).__name__} {widget.accessibleName()!r} ends at {right}")
    for scrolling in visible_widgets(QScrollArea, window):
        inner = scrolling.widget()
        if inner is not None and inner.width() > scrolling.viewport().width() + 1:
            problems.append(f"{scrolling.accessibleName()!r} is wider than its view")
    return problems


def _in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


@pytest.mark.parametrize("page", PAGES_200)
def test_200_percent_at_1024x768_clips_nothing(start_app, page: str) -> None:
    person = start_app("--page", page, "--text-scale", "2.0")
    settle(person, 1024, 768)
    assert clipped(person) == []


def test_the_stuck_tag_is_whole_at_200_percent_in_a_small_window(start_app) -> None:
    """The ALL view's point is the tag beside the stuck cell: the chosen cell comes
    into view with its tag, not cut by the picture's edge."""
    from PySide6.QtWidgets import QGraphicsView

    person = start_app("--page", "app:diagram?view=all&cell=lymphoblast",
                       "--text-scale", "2.0")
    settle(person, 1024, 768)
    view = person.find("Cell maturation diagram", QGraphicsView)
    tag = view.diagram_scene.cell_items["lymphoblast"].tag
    person.wait_until(tag.isVisible)
    shown = view.mapFromScene(tag.sceneBoundingRect()).boundingRect()
    assert view.viewport().rect().contains(shown), (shown, view.viewport().rect())


def test_glossary_entries_wrap_rather_than_cut_off(start_app) -> None:
    person = start_app("--page", "app:glossary", "--text-scale", "2.0")
    settle(person, 1024, 768)
    words = person.find("Glossary words, A to Z", QListWidget)
    metrics = QFontMetrics(words.font())
    cut = []
    for row in range(words.count()):
        item = words.item(row)
        rect = words.visualItemRect(item)
        # the delegate paints inside the item's padding (2 x 4 px) and focus margins
        # (2 x 3 px): measure at that width, not the row's
        needed = metrics.boundingRect(QRect(0, 0, rect.width() - 16, 0),
                                      Qt.TextFlag.TextWordWrap, item.text()).height()
        if needed > rect.height():
            cut.append(item.text())
    assert cut == []


def test_the_journey_reflows_at_200_percent(start_app) -> None:
    person = start_app("--page", "app:journey", "--text-scale", "2.0")
    settle(person, 1024, 768)
    page = next(p for p in person.window.current_screen().findChildren(ScrollingPage)
                if p.isVisible())
    steps = person.window.current_screen().steps
    assert steps
    for card in steps:
        right = card.mapTo(page.viewport(), QPoint(card.width(), 0)).x()
        assert right <= page.viewport().width(), card.accessibleName()
        assert card.height() >= card.heightForWidth(card.width()) - 1
    rows = {card.mapTo(page.body, QPoint(0, 0)).y() for card in steps[:3]}
    assert len(rows) > 1  # the main phases wrapped onto more than one row
    # every arrow points at the step just to its right, in its own row
    arrows = [label for label in page.findChildren(QLabel)
              if label.text() == "→" and label.isVisible()]
    assert arrows
    for arrow in arrows:
        tip = arrow.mapTo(page.body, QPoint(arrow.width(), arrow.height() // 2))
        assert any(0 <= card.mapTo(page.body, QPoint(0, 0)).x() - tip.x() <= 40
                   and card.geometry().height() > 0
                   and card.mapTo(page.body, QPoint(0, 0)).y() <= tip.y()
                   <= card.mapTo(page.body, QPoint(0, card.height())).y()
                   for card in steps), f"an arrow at {tip} points at no step"
