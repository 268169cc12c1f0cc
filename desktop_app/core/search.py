"""Turning what a reader types into an SQLite FTS5 query.

Kept apart from the repository so the query logic is plain, testable Python; the
repository supplies the spelling variants it finds in the content and runs the query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

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


def title_key(text: str) -> str:
    """A title's words, spelling-folded: equal keys mean "titled exactly as typed"."""
    return " ".join(fold_spelling(word) for word in words_of(text))


MAX_ALTERNATIVES = 12


def synonym_alternatives(words: list[str], groups: list[list[str]]) -> list[list[str]]:
    """Other ways to say the query: each synonym phrase found in it, swapped for the rest
    of its group ("spinal tap pain" also as "lumbar puncture pain" and "lp pain")."""
    folded = [fold_spelling(word) for word in words]
    alternatives: list[list[str]] = []
    for group in groups:
        for phrase in group:
            phrase_words = [fold_spelling(word) for word in words_of(phrase)]
            size = len(phrase_words)
            for start in range(len(folded) - size + 1):
                if folded[start : start + size] != phrase_words:
                    continue
                for other in group:
                    if other == phrase:
                        continue
                    swapped = words[:start] + words_of(other) + words[start + size :]
                    if swapped not in alternatives and swapped != words:
                        alternatives.append(swapped)
    return alternatives[:MAX_ALTERNATIVES]


def suggest_spelling(words: list[str], vocabulary: set[str]) -> list[str] | None:
    """The query with each unknown word replaced by the closest known one, or None.

    Uses difflib's similarity ratio, so one or two wrong, missing or extra letters in a
    longer word are forgiven ("leukamia" -> "leukaemia"); short words are left alone.
    """
    import difflib

    suggestion, changed = [], False
    for word in words:
        known = word in vocabulary or fold_spelling(word) in vocabulary
        if known or len(word) < 4 or not word.isalpha():
            suggestion.append(word)
            continue
        candidates = [w for w in vocabulary if abs(len(w) - len(word)) <= 2]
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
        if close:
            suggestion.append(close[0])
            changed = True
        else:
            suggestion.append(word)
    return suggestion if changed else None
