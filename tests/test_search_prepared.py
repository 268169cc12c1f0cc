"""The shortcuts that keep search fast give the same answers as the plain way."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from desktop_app.core.repository import ContentRepository
from desktop_app.core.search import (
    MAX_EDITS,
    MAX_EDITS_SHORT,
    SHORT_WORD,
    Speller,
    edit_distance,
    first_sounds,
    matches_in,
    snippet,
)


def osa(first: str, second: str) -> int:
    """Optimal string alignment distance, the whole table: what edit_distance shortens."""
    rows = [[max(i, j) if not (i and j) else 0 for j in range(len(second) + 1)]
            for i in range(len(first) + 1)]
    for i in range(1, len(first) + 1):
        for j in range(1, len(second) + 1):
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1,
                             rows[i - 1][j - 1] + (first[i - 1] != second[j - 1]))
            if i > 1 and j > 1 and first[i - 1] == second[j - 2] \
                    and first[i - 2] == second[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


def test_edit_distance_stops_early_but_agrees() -> None:
    rng = random.Random(6)
    for _ in range(3000):
        first, second = ("".join(rng.choice("abcde") for _ in range(rng.randint(0, 7)))
                         for _ in range(2))
        for most in (1, 2):
            assert edit_distance(first, second, most) == min(osa(first, second), most + 1)
    assert edit_distance("lumber", "lumbar", 1) == 1
    assert edit_distance("leukaemia", "leukeamia", 1) == 1  # two letters swapped


def test_a_correction_is_a_close_content_word_of_the_same_first_sound(
        content_db: Path) -> None:
    with sqlite3.connect(content_db) as connection:
        words = [row[0] for row in connection.execute("SELECT word FROM search_vocabulary")]
    speller = Speller(words)
    rng = random.Random(6)
    for _ in range(300):
        word = rng.choice([w for w in words if len(w) >= 5])
        at = rng.randrange(1, len(word))
        typo = rng.choice([word[:at] + word[at + 1:], word[:at] + "e" + word[at:],
                           word[:at] + "x" + word[at + 1:]])
        if speller.knows(typo):
            continue
        fixed = speller.correct(typo)
        most = MAX_EDITS_SHORT if len(typo) <= SHORT_WORD else MAX_EDITS
        # one edit away, with the first letter kept: always found, never something farther
        assert fixed is not None, typo
        assert fixed in speller and osa(typo, fixed) <= most, (typo, fixed)
        assert first_sounds(typo) & first_sounds(fixed), (typo, fixed)
        # nothing closer was passed over
        assert osa(typo, fixed) <= osa(typo, word), (typo, fixed, word)


def test_unrelated_words_are_never_offered() -> None:
    speller = Speller(["number", "lumbar", "puncture", "chemo", "chemotherapy"])
    assert speller.correct("lumber") == "lumbar"
    assert Speller(["number"]).correct("lumber") is None  # not the same first sound
    assert speller.correct("kemotherapy") == "chemotherapy"  # the same sound
    assert speller.correct("lumberjack") is None  # too far


@pytest.mark.parametrize("text", ["cell", "blood", "le", "treatment", "will my child die"])
def test_the_top_hits_do_not_depend_on_how_many_are_asked_for(
        repository: ContentRepository, text: str) -> None:
    assert repository.search(text, limit=3) == repository.search(text, limit=30)[:3]


def test_snippets_mark_whole_words_from_their_start() -> None:
    text = "Children and a child's chill. Allergies are not ALL, nor is all of it."
    assert [text[a:b] for a, b in matches_in(text, ["child"])] == ["Children", "child's"]
    assert [text[a:b] for a, b in matches_in(text, ["all"])] == ["ALL", "all"]
    assert [text[a:b] for a, b in matches_in(text, ["al*"])] == ["Allergies", "ALL", "all"]
    marked = snippet(text, ["child"], whole=True)
    assert marked.count("\x02") == 2 and "\x02Children\x03" in marked
