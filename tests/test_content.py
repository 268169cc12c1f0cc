"""The whole content, as issue 4 asks for it: amounts, parts, journey, questions, review notes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from db.build import build
from db.check import EXPLAINER_PARTS
from desktop_app.core.repository import ContentRepository
from desktop_app.ui.screens.article import ArticleScreen
from desktop_app.ui.screens.journey import JourneyScreen
from desktop_app.ui.screens.questions import QuestionsScreen
from tests.content_edits import set_front_matter


def test_stats_meet_the_brief() -> None:
    result = subprocess.run([sys.executable, "-m", "db", "stats", "--json"],
                            capture_output=True, text=True, check=True, timeout=120)
    stats = json.loads(result.stdout)
    assert stats["articles"] >= 40 and stats["explainers"] >= 12
    assert stats["glossary_terms"] >= 100 and stats["synonyms"] >= 20
    assert stats["cells"] >= 15 and stats["question_lists"] >= 8
    assert stats["reading_grade"]["everyone"]["worst"] <= 8
    assert stats["reading_grade"]["child"]["worst"] <= 5
    assert stats["pages"] == stats["articles"] + stats["explainers"]
    assert stats["reading_grade_all"]["pages"] == stats["pages"]
    assert stats["reading_grade_all"]["worst"] <= 8
    assert stats["figures"] >= 5 and stats["pages_with_fewer_than_3_asked"] == 0
    publishers = stats["sources_by_publisher"]
    assert sum(publishers.values()) == stats["sources"]
    assert publishers["Cancer Research UK"] > 0 and publishers["NHS"] > 0
    assert "www.nhs.uk" not in publishers  # trusted families are counted by family


def test_stats_prints_the_headline_figures() -> None:
    result = subprocess.run([sys.executable, "-m", "db", "stats"],
                            capture_output=True, text=True, check=True, timeout=120)
    for must in ("pages", "explainers", "glossary_terms", "figures", "sources by publisher:",
                 "Cancer Research UK", "all pages", "median", "worst"):
        assert must in result.stdout


def test_every_glossary_term_has_a_meaning_and_pages(content_db: Path) -> None:
    with sqlite3.connect(content_db) as db:
        unused = db.execute("SELECT id FROM glossary WHERE id NOT IN "
                            "(SELECT term_id FROM glossary_usage)").fetchall()
        empty = db.execute("SELECT id FROM glossary WHERE length(meaning) < 20").fetchall()
    assert unused == [] and empty == []


def test_every_explainer_shows_all_seven_parts(qtbot, window, repository) -> None:
    explainers = repository.documents_in_section("treatment")
    explainers = [d for d in explainers if d.kind == "treatment"]
    assert len(explainers) >= 12
    for explainer in explainers:
        window.open(explainer.address)
        screen = window.current_screen()
        assert isinstance(screen, ArticleScreen)
        parts = [screen.parts.item(n).text() for n in range(screen.parts.count())]
        assert tuple(parts) == EXPLAINER_PARTS, explainer.id
        assert "care team" in screen.browser.toPlainText()
    # a part can be jumped to from the list
    screen.parts.setCurrentRow(4)
    before = screen.browser.verticalScrollBar().value()
    qtbot.mouseClick(screen.parts.viewport(), Qt.MouseButton.LeftButton,
                     pos=screen.parts.visualItemRect(screen.parts.item(5)).center())
    assert screen.browser.verticalScrollBar().value() != before


def test_journey_steps_open_their_explainers(qtbot, window) -> None:
    window.open("app:journey")
    journey = window.current_screen()
    assert isinstance(journey, JourneyScreen) and len(journey.steps) >= 8
    names = [card.accessibleName() for card in journey.steps]
    assert names[0].startswith("Induction") and names[2].startswith("Maintenance")
    for card in journey.steps:
        window.open("app:journey")
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
        assert window.router.current.route == "treatment", card.accessibleName()


def test_questions_tick_and_add(qtbot, window) -> None:
    window.open("app:questions/transplant")
    screen = window.current_screen()
    assert isinstance(screen, QuestionsScreen)
    first = screen.rows["diagnosis"][0]
    qtbot.mouseClick(first.box, Qt.MouseButton.LeftButton)
    assert window.session.is_ticked("diagnosis", first.text)
    qtbot.keyClicks(screen.add_fields["relapse"], "Can my brother be a donor?")
    qtbot.keyClick(screen.add_fields["relapse"], Qt.Key.Key_Return)
    assert screen.rows["relapse"][-1].text == "Can my brother be a donor?"
    assert window.session.own_questions["relapse"] == ["Can my brother be a donor?"]
    assert screen.rows["relapse"][-1].box.isChecked()
    window.open("app:home")
    window.open("app:questions")
    assert screen.rows["diagnosis"][0].box.isChecked()


def test_forgiving_search_finds_lay_words_and_misspellings(repository) -> None:
    def ids(query: str) -> list[str]:
        return [hit.id for hit in repository.search_forgiving(query).hits]

    assert "lumbar-puncture" in ids("spinal tap")[:3]
    assert "chemotherapy" in ids("chemo")
    low_platelets = ids("low platelets")
    assert "thrombocytopenia" in low_platelets and "signs-and-symptoms" in low_platelets
    assert ids("hematology") == ids("haematology")
    outcome = repository.search_forgiving("leukamia")
    assert outcome.corrected and outcome.suggestion == "leukaemia"
    assert "what-is-leukaemia" in [hit.id for hit in outcome.hits][:10]
    assert repository.search_forgiving("lymphoblst").suggestion == "lymphoblast"
    assert repository.search_forgiving("bone marrow").suggestion == ""


def test_search_screen_offers_the_corrected_spelling(qtbot, window) -> None:
    qtbot.keyClicks(window.search_field, "leukamia")
    screen = window.current_screen()
    assert screen.results and screen.title_label.text() == "Results for “leukaemia”"
    window.search_field.clear()
    qtbot.keyClicks(window.search_field, "platelets bruiseing")
    screen = window.current_screen()
    # pages match the words as typed (the prefix "bruise" finds "bruises"), and the
    # correct spelling is offered beside them
    assert screen.results and screen.suggestion_button is not None
    qtbot.mouseClick(screen.suggestion_button, Qt.MouseButton.LeftButton)
    assert window.router.current.param("q") == "platelets bruising"


def test_overdue_page_shows_the_review_note(qtbot, content_copy: Path,
                                            tmp_path: Path) -> None:
    from desktop_app.ui.application import create_main_window

    set_front_matter(content_copy / "articles" / "tiredness.md",
                     "reviewed: 2024-01-10\nnext_review: 2025-01-10")
    target = tmp_path / "content.sqlite"
    build(content_copy, target)
    window = create_main_window(target)
    qtbot.addWidget(window)
    window.open("app:article/tiredness")
    assert "This page is due for review" in window.current_screen().browser.toPlainText()
    window.open("app:article/hair-loss")
    assert "due for review" not in window.current_screen().browser.toPlainText()
    ContentRepository.open(target).close()
