"""Turning what a reader types into an SQLite FTS5 query.

Kept apart from the repository so the query logic is plain, testable Python; the
repository supplies the spelling variants it finds in the content and runs the query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from desktop_app.core.spelling import fold_spelling, words_of

MAX_QUERY_WORDS = 8
MIN_PREFIX_LENGTH = 2


def query_words(text: str) -> list[str]:
    """The words of a query that search uses, at most MAX_QUERY_WORDS."""
    return words_of(text)[:MAX_QUERY_WORDS]


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def match_expression(
    words: list[str],
    variants_of: Callable[[Iterable[str]], dict[str, set[str]]],
    *,
    as_you_type: bool = True,
) -> str:
    """Build an FTS5 MATCH expression: every word must match, in any of its spellings.

    `variants_of` maps folded keys to the content's words with that key (UK spellings of a
    US query and the other way round). With `as_you_type`, the last word also matches as a
    prefix, so "leuk" already finds "leukaemia".
    """
    folded = [fold_spelling(word) for word in words]
    known = variants_of(set(folded))
    clauses = []
    for position, (word, key) in enumerate(zip(words, folded, strict=True)):
        # every content word with the same folded key: the same set whichever way it is spelt
        spellings = {key} | known.get(key, set())
        terms = [_quote(spelling) for spelling in sorted(spellings)]
        is_last = position == len(words) - 1
        if as_you_type and is_last and len(word) >= MIN_PREFIX_LENGTH:
            terms += [_quote(prefix) + "*" for prefix in sorted(spellings | {word})]
        clauses.append("(" + " OR ".join(terms) + ")")
    return " AND ".join(clauses)


class _Titled:
    title: str


T = TypeVar("T", bound=_Titled)


def promote_exact_titles(hits: list[T], text: str) -> list[T]:
    """Move hits whose title is exactly what was typed (in any spelling) to the front."""
    wanted = [fold_spelling(word) for word in words_of(text)]
    exact = [hit for hit in hits if [fold_spelling(w) for w in words_of(hit.title)] == wanted]
    return exact + [hit for hit in hits if hit not in exact]
