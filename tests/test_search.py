"""Search over the real built content, through the repository and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.repository import ContentRepository
from desktop_app.core.search import SNIPPET_END, SNIPPET_START, STOP_WORDS


def ids(hits: list) -> list[str]:
    return [hit.id for hit in hits]


def marked_words(hits: list) -> set[str]:
    """Every word a snippet highlights, lowercase."""
    words = set()
    for hit in hits:
        for part in hit.snippet.split(SNIPPET_START)[1:]:
            words.add(part.split(SNIPPET_END)[0].lower())
    return words


@pytest.mark.parametrize(("uk", "us"), [("leukaemia", "leukemia"), ("anaemia", "anemia"),
                                         ("haematology", "hematology")])
def test_uk_and_us_spellings_find_the_same_pages(repository: ContentRepository,
                                                 uk: str, us: str) -> None:
    uk_hits, us_hits = repository.search(uk), repository.search(us)
    assert uk_hits, uk
    assert ids(uk_hits) == ids(us_hits)


def test_exact_title_comes_first_and_snippets_are_highlighted(
        repository: ContentRepository) -> None:
    hits = repository.search("anemia")
    assert (hits[0].kind, hits[0].id) == ("glossary", "anaemia")
    assert any("<b>anaemia</b>" in hit.snippet_html().lower() for hit in hits)


def test_prefix_finds_as_you_type(repository: ContentRepository) -> None:
    assert "what-is-leukaemia" in ids(repository.search("leuk"))


def test_nothing_and_nonsense_are_safe(repository: ContentRepository) -> None:
    assert repository.search("") == []
    assert repository.search('"*)(') == []
    # FTS5 syntax typed by a reader is searched as plain words, never parsed as a query
    assert isinstance(repository.search('bone" OR NEAR(marrow*'), list)
    assert isinstance(repository.search_forgiving("NEAR AND OR NOT *"), object)


# Question-aware ranking (issue 13)

def test_stop_words_need_not_match_and_are_never_highlighted(
        repository: ContentRepository) -> None:
    hits = repository.search_forgiving("what will happen to my hair").hits
    assert hits[0].id == "hair-loss"
    assert not marked_words(hits) & STOP_WORDS
    assert "hair" in marked_words(hits)


def test_a_question_finds_its_page_when_only_some_words_match(
        repository: ContentRepository) -> None:
    # "die" and "child" are never together in one sentence of the outlook pages' text
    top = ids(repository.search_forgiving("will my child die").hits[:3])
    assert {"who-gets-all", "gene-changes-and-outlook", "children-and-adults-differ"} & set(top)


def test_phrase_matches_rank_higher(repository: ContentRepository) -> None:
    assert repository.search_forgiving("bone marrow test").hits[0].id == "bone-marrow-tests"


def test_pages_come_before_glossary_definitions(repository: ContentRepository) -> None:
    # "leukemia" used to list six glossary definitions before any article: now only the
    # term named exactly comes before the pages
    hits = repository.search_forgiving("leukemia").hits
    assert (hits[0].kind, hits[0].id) == ("glossary", "leukaemia")
    assert [hit.kind for hit in hits[1:6]].count("glossary") == 0
    assert "what-is-leukaemia" in ids(hits[:6])


def test_infections_coming_back_is_about_infection(repository: ContentRepository) -> None:
    top = ids(repository.search_forgiving("infections keep coming back").hits[:3])
    assert {"infection-risk", "infection-prevention"} & set(top)


def test_the_matched_question_is_the_title_line(repository: ContentRepository) -> None:
    hit = repository.search_forgiving("will my hair fall out").hits[0]
    assert hit.id == "hair-loss" and hit.question == "Will my hair fall out?"
    assert hit.title_line() == "Will my hair fall out? → Hair loss"
    # a page is never given a question that shares too few of the words
    assert all(not hit.question or "hair" in hit.question.lower()
               for hit in repository.search_forgiving("will my hair fall out").hits)


# Corrections that make sense

def test_lumber_puncture_is_lumbar_not_number(repository: ContentRepository) -> None:
    outcome = repository.search_forgiving("lumber puncture")
    assert outcome.suggestion == "lumbar puncture"
    assert outcome.hits[0].id == "lumbar-puncture"


def test_no_correction_while_typing_a_word_that_has_results(
        repository: ContentRepository) -> None:
    for typed in ("chem", "leuk", "platel", "lumb"):
        outcome = repository.search_forgiving(typed)
        assert outcome.hits and outcome.suggestion == "", typed


def test_each_word_is_corrected_on_its_own(repository: ContentRepository) -> None:
    outcome = repository.search_forgiving("lumbr punture")
    assert outcome.corrected and outcome.suggestion == "lumbar puncture"
    assert repository.search_forgiving("bone marow transplant").suggestion == \
        "bone marrow transplant"


def test_only_plausible_typos_are_corrected(repository: ContentRepository) -> None:
    # real words in other forms, words not in the content, and short words stay as typed
    for typed in ("infections", "is a trial safe or are we guinea pigs", "what happens when "
                  "treatment finishes", "my kid has a temperature", "tummy ache", "kemo"):
        assert repository.search_forgiving(typed).suggestion == "", typed
    # a misspelt whole query is searched as corrected
    outcome = repository.search_forgiving("nuetropenia")
    assert outcome.corrected and outcome.suggestion == "neutropenia"
    assert outcome.hits[0].id == "neutropenia"


# The command line is the screen's search

def test_cli_json(content_db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "db", "search", "lumber puncture", "--json", "--db",
         str(content_db)], capture_output=True, text=True, check=True, timeout=60)
    answer = json.loads(result.stdout)
    assert answer["suggestion"] == "lumbar puncture" and answer["corrected"] is None
    assert answer["corrections"] == [{"typed": "lumber", "correction": "lumbar"}]
    hits = answer["hits"]
    assert {"kind", "id", "title", "question", "title_line", "snippet"} <= set(hits[0])
    assert hits[0]["id"] == "lumbar-puncture"
    assert any("<b>puncture</b>" in hit["snippet"] for hit in hits)


def test_cli_prints_the_hits_the_repository_finds(content_db: Path,
                                                  repository: ContentRepository) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "db", "search", "will my hair fall out", "--json", "--db",
         str(content_db)], capture_output=True, text=True, check=True, timeout=60)
    hits = json.loads(result.stdout)["hits"]
    expected = repository.search_forgiving("will my hair fall out").hits
    assert [(h["kind"], h["id"], h["question"]) for h in hits] == \
        [(h.kind, h.id, h.question) for h in expected]
    assert hits[0]["title_line"] == "Will my hair fall out? → Hair loss"
