"""Readers' own questions find their pages: the question set, the screen and `db search`.

The question set (tests/data/reader_questions.yaml) was written before the ranking was
tuned; bench/search.py prints its top-1 and top-3. The real-use tests type questions into
the home page's search box as a person does and read the result cards they see.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop_app.core.repository import ContentRepository
from desktop_app.ui.widgets import CardButton
from tests.person import Person, visible_widgets

QUESTIONS = Path(__file__).parent / "data" / "reader_questions.yaml"
KIND_NAMES = ("Article", "Treatment", "Word meaning", "Diagram", "Questions to ask")


def reader_questions() -> list[dict]:
    return yaml.safe_load(QUESTIONS.read_text("utf-8"))


def test_the_question_set_is_large_and_names_real_pages(repository: ContentRepository) -> None:
    questions = reader_questions()
    assert len(questions) >= 80
    assert len({entry["q"].lower() for entry in questions}) == len(questions)
    for entry in questions:
        for page in entry["pages"]:
            kind, page_id = page.split("/")
            assert repository.document(kind, page_id) is not None, page


def test_nine_in_ten_questions_find_their_page_in_the_top_three(
        repository: ContentRepository) -> None:
    missed = []
    for entry in reader_questions():
        top = [f"{hit.kind}/{hit.id}" for hit in repository.search_forgiving(entry["q"]).hits[:3]]
        if not set(top) & set(entry["pages"]):
            missed.append((entry["q"], top))
    share = 1 - len(missed) / len(reader_questions())
    assert share >= 0.9, f"{share:.0%} in the top 3; missed: {missed}"


# Through the app, as a person uses it

def search_from_home(person: Person, question: str) -> list[str]:
    """Type a question into the home page's big search box; the result cards' names, in
    the order they are shown."""
    person.click_widget(person.find("Search ALL Guide", QLineEdit))
    person.type(question)
    assert person.address == "app:search?" + urllib.parse.urlencode({"q": question})
    return result_names(person)


def result_names(person: Person) -> list[str]:
    return [card.accessibleName() for card in visible_widgets(CardButton, person.window)
            if card.accessibleName().endswith(tuple(f", {kind}" for kind in KIND_NAMES))]


def test_a_frightened_parents_question_finds_the_outlook_and_the_question(
        start_app) -> None:
    person = start_app()
    names = search_from_home(person, "will my child die")
    assert names[0] == "Will my child die? → Who gets ALL, Article"
    assert any("Gene changes, outlook" in name for name in names[:3])
    person.click(names[0], exact=True)
    person.wait_for("app:article/who-gets-all")


def test_hair_question_shows_its_question_as_the_title_line(start_app) -> None:
    person = start_app()
    names = search_from_home(person, "will my hair fall out")
    assert names[0] == "Will my hair fall out? → Hair loss, Article"
    # stop words are never highlighted in what the cards say
    first = person.find(names[0], CardButton, exact=True)
    assert "<b>will</b>" not in first.text_label.text().lower()
    assert "<b>hair</b>" in first.text_label.text().lower()


@pytest.mark.parametrize(("question", "page"), [
    ("my kid has a temperature", "Infection"),
    ("did I cause this", "Causes and risk factors"),
    ("can my child go to school", "School, study and work"),
    ("infections keep coming back", "Infection"),
])
def test_questions_in_readers_words_find_their_page_first_or_near(
        start_app, question: str, page: str) -> None:
    person = start_app()
    names = search_from_home(person, question)
    assert any(page in name for name in names[:3]), names[:3]


def test_lumber_puncture_offers_lumbar_puncture_and_chem_offers_nothing(start_app) -> None:
    person = start_app()
    names = search_from_home(person, "lumber puncture")
    assert names[0].startswith(("Lumbar puncture", "Is a lumbar puncture"))
    assert person.can_see("Did you mean “lumbar puncture”?")
    assert not person.sees("“number")
    person.click("Did you mean “lumbar puncture”?")
    person.wait_for("app:search?q=lumbar+puncture")
    person.click_widget(person.find("Search ALL Guide", QLineEdit))
    person.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all, then type
    person.type("chem")
    assert result_names(person) and not person.sees("Did you mean")


# The screen and `python -m db search` are one search

AGREE = ["will my child die", "lumber puncture", "leukamia", "chem", "low platelets",
         "can my child go to school", "is a trial safe or are we guinea pigs"]


def test_db_search_json_and_the_screen_agree(start_app, content_db: Path, capsys) -> None:
    from db.__main__ import main

    person = start_app()
    for question in AGREE:
        assert main(["search", question, "--json", "--db", str(content_db)]) == 0
        answer = json.loads(capsys.readouterr().out)
        person.click_widget(person.find("Search ALL Guide", QLineEdit))
        person.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        names = search_from_home_again(person, question)
        expected = [f"{hit['title_line']}, " for hit in answer["hits"]]
        assert len(names) == len(expected), question
        assert all(name.startswith(line) for name, line in zip(names, expected, strict=True)), \
            (question, names[:3], expected[:3])
        if answer["corrected"]:
            assert person.sees(f"Results for “{answer['corrected']}”"), question
        if answer["suggestion"]:
            assert person.can_see(f"Did you mean “{answer['suggestion']}”?"), question
        else:
            assert not person.sees("Did you mean"), question


def search_from_home_again(person: Person, question: str) -> list[str]:
    person.type(question)
    return result_names(person)
