"""Turning what a reader types into an SQLite FTS5 query.

Kept apart from the repository so the query logic is plain, testable Python; the
repository supplies the spelling variants it finds in the content and runs the query.
"""

from __future__ import annotations

import functools
import re
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


def any_of_expression(
    alternatives: list[list[str]],
    variants_of: Callable[[Iterable[str]], dict[str, set[str]]],
    *,
    as_you_type: bool = True,
) -> str:
    """One MATCH expression for the query and its other ways of saying it (synonyms):
    a row matches if any of them does, as match_expression builds each.

    Words every alternative starts or ends with are written once, outside the choice:
    "central line infection" and "picc line infection" become "(central OR picc) AND
    line AND infection". The same rows match, and FTS5 works far less: it gathers
    statistics for every phrase of an expression, and the word being typed would
    otherwise be there once per alternative. It also weighs each typed word once.
    """
    shortest = min(len(words) for words in alternatives)
    head = 0  # words all alternatives start with
    while head < shortest and all(words[head] == alternatives[0][head]
                                  for words in alternatives):
        head += 1
    tail = 0  # words all alternatives end with, not already counted in the head
    while head + tail < shortest and all(words[-1 - tail] == alternatives[0][-1 - tail]
                                         for words in alternatives):
        tail += 1
    if len(alternatives) == 1 or head + tail == shortest:
        # nothing to share, or an alternative would be left empty: write each in full
        return " OR ".join(f"({match_expression(words, variants_of, as_you_type=as_you_type)})"
                           for words in alternatives)
    first = alternatives[0]
    middles = " OR ".join(
        "(" + match_expression(words[head:len(words) - tail], variants_of,
                               as_you_type=as_you_type and not tail) + ")"
        for words in alternatives)
    parts = [match_expression(first[:head], variants_of, as_you_type=False)] if head else []
    parts.append(f"({middles})")
    if tail:
        parts.append(match_expression(first[len(first) - tail:], variants_of,
                                      as_you_type=as_you_type))
    return "(" + " AND ".join(parts) + ")"


_TERM = re.compile(r'"(?:[^"]|"")*"\*?')  # a quoted term, perhaps a prefix


def any_term_expression(expression: str) -> str:
    """Every term of a MATCH expression, any of them: the words its snippets highlight.
    FTS5 makes snippets much faster with this than with the full AND and OR."""
    return " OR ".join(sorted(set(_TERM.findall(expression))))


def title_key(text: str) -> str:
    """A title's words, spelling-folded: equal keys mean "titled exactly as typed"."""
    return " ".join(fold_spelling(word) for word in words_of(text))


MAX_ALTERNATIVES = 12


def synonym_alternatives(words: list[str], groups: list[list[str]]) -> list[list[str]]:
    """Other ways to say the query: each synonym phrase found in it, swapped for the rest
    of its group ("spinal tap pain" also as "lumbar puncture pain" and "lp pain")."""
    folded = tuple(fold_spelling(word) for word in words)
    alternatives: list[list[str]] = []
    for group in groups:
        for phrase in group:
            phrase_words = _folded_words(phrase)
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


@functools.lru_cache(maxsize=1024)
def _folded_words(phrase: str) -> tuple[str, ...]:
    """A synonym phrase's words, spelling-folded (the same few phrases, every keystroke)."""
    return tuple(fold_spelling(word) for word in words_of(phrase))


SIMILAR_ENOUGH = 0.75  # difflib similarity ratio a suggestion needs
LENGTH_SLACK = 2  # a suggestion is at most this many letters longer or shorter
KEPT_ANSWERS = 2048  # closest words remembered


class Vocabulary:
    """Every word a search can match, prepared once for "did you mean" look-ups."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self._by_length: dict[int, list[tuple[int, str]]] = {}  # made as first needed
        self._closest: dict[str, str | None] = {}

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def closest(self, word: str) -> str | None:
        """The known word most like `word`, or None: what difflib.get_close_matches(word,
        known words within LENGTH_SLACK letters in length, 1, SIMILAR_ENOUGH) returns.

        Faster than asking difflib about every word: a word that lacks too many of the
        other's letters cannot reach the ratio, and a bit mask of letters shows that
        without comparing the two. Answers are kept, since readers type the same words.
        """
        if word not in self._closest:
            if len(self._closest) >= KEPT_ANSWERS:  # a kiosk runs for weeks
                self._closest.clear()
            self._closest[word] = self._find_closest(word)
        return self._closest[word]

    def _find_closest(self, word: str) -> str | None:
        import difflib

        mask, size = _letter_mask(word), len(word)
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(word)
        best: tuple[float, str] | None = None
        for length in range(size - LENGTH_SLACK, size + LENGTH_SLACK + 1):
            # difflib's ratio is 2 * matching characters / total length: the fewest
            # matching characters that can reach SIMILAR_ENOUGH, computed the same way
            total = size + length
            needed = next(m for m in range(total + 1) if 2.0 * m / total >= SIMILAR_ENOUGH)
            # each letter one word has and the other lacks is at least one character
            # that cannot match, so words lacking too many letters are left out unseen
            near = [other for other_mask, other in self._of_length(length)
                    if (mask & ~other_mask).bit_count() <= size - needed
                    and (other_mask & ~mask).bit_count() <= length - needed]
            for other in near:
                matcher.set_seq1(other)
                if (matcher.real_quick_ratio() >= SIMILAR_ENOUGH
                        and matcher.quick_ratio() >= SIMILAR_ENOUGH):
                    score = (matcher.ratio(), other)
                    if score[0] >= SIMILAR_ENOUGH and (best is None or score > best):
                        best = score
        return best[1] if best else None

    def _of_length(self, length: int) -> list[tuple[int, str]]:
        """The known words of one length, each with its letter mask."""
        if length not in self._by_length:
            self._by_length[length] = [(_letter_mask(word), word) for word in
                                       sorted(w for w in self.words if len(w) == length)]
        return self._by_length[length]


def _letter_mask(word: str) -> int:
    """One bit per letter the word holds (letters may share a bit: that only lets more
    words through to the full comparison)."""
    mask = 0
    for letter in word:
        mask |= 1 << (ord(letter) & 63)
    return mask


def suggest_spelling(words: list[str], vocabulary: Vocabulary) -> list[str] | None:
    """The query with each unknown word replaced by the closest known one, or None.

    Uses difflib's similarity ratio, so one or two wrong, missing or extra letters in a
    longer word are forgiven ("leukamia" -> "leukaemia"); short words are left alone.
    """
    suggestion, changed = [], False
    for word in words:
        if len(word) < 4 or not word.isalpha() or word in vocabulary \
                or fold_spelling(word) in vocabulary:
            suggestion.append(word)
            continue
        close = vocabulary.closest(word)
        if close:
            suggestion.append(close)
            changed = True
        else:
            suggestion.append(word)
    return suggestion if changed else None
