"""The shortcuts that keep search fast give the same answers as the plain way."""

from __future__ import annotations

import difflib
import random
import sqlite3
from pathlib import Path

import pytest

from desktop_app.core.repository import ContentRepository
from desktop_app.core.search import (
    LENGTH_SLACK,
    SIMILAR_ENOUGH,
    Vocabulary,
    any_of_expression,
    query_words,
    synonym_alternatives,
)


def test_closest_word_is_what_difflib_finds(content_db: Path) -> None:
    with sqlite3.connect(content_db) as connection:
        words = [row[0] for row in connection.execute("SELECT word FROM search_vocabulary")]
    vocabulary = Vocabulary(words)
    rng = random.Random(6)
    for _ in range(300):
        word = rng.choice(words)
        at = rng.randrange(len(word))
        typo = rng.choice([word[:at] + word[at + 1:], word[:at] + "e" + word[at:],
                           word[:at] + "x" + word[at + 1:], word[: max(4, at)]])
        candidates = [w for w in words if abs(len(w) - len(typo)) <= LENGTH_SLACK]
        expected = difflib.get_close_matches(typo, candidates, n=1, cutoff=SIMILAR_ENOUGH)
        assert vocabulary.closest(typo) == (expected[0] if expected else None), typo


@pytest.mark.parametrize("text", ["central line infection", "leukemia relapse",
                                  "anemia tired", "spinal tap", "low platelets", "chemo"])
def test_shared_words_written_once_match_the_same_rows(repository: ContentRepository,
                                                       text: str) -> None:
    from desktop_app.core.search import match_expression

    repository.search(text)  # loads the synonyms
    words = query_words(text)
    alternatives = [words, *synonym_alternatives(words, repository._synonym_groups or [])]
    spelled = repository._spelling_variants
    each_in_full = " OR ".join(f"({match_expression(w, spelled)})" for w in alternatives)

    def rows(expression: str) -> set[int]:
        return {row[0] for row in repository._db.execute(
            "SELECT rowid FROM search_documents_fts WHERE search_documents_fts MATCH ?",
            (expression,))}

    assert rows(any_of_expression(alternatives, spelled)) == rows(each_in_full)


@pytest.mark.parametrize("text", ["cell", "blood", "le", "treatment"])
def test_the_top_hits_do_not_depend_on_how_many_are_asked_for(
        repository: ContentRepository, text: str) -> None:
    # with few hits asked for, titles alone fill them and only titles are ranked
    assert repository.search(text, limit=3) == repository.search(text, limit=30)[:3]
