"""Turning a reader's question into a ranked SQLite FTS5 search, and its spelling help.

Kept apart from the repository so the query logic is plain, testable Python; the
repository supplies what it finds in the content (spelling variants, synonym groups,
asked questions, the vocabulary) and runs the SQL.

Readers type questions, not keywords: "will my child die", "can my kid go to school".
So the words that carry no meaning (STOP_WORDS) are left out, and a page needs only some
of the other words: every word and synonym is one choice of an OR, bm25 weighs how many
and how rare the matches are and where they are, and each pair of neighbouring words is
also searched as a phrase, so pages holding the words together rank higher.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from desktop_app.core.models import SNIPPET_END, SNIPPET_START, SearchHit
from desktop_app.core.spelling import fold_spelling, words_of

MAX_QUERY_WORDS = 12
MIN_PREFIX_LENGTH = 2
MAX_CLAUSES = 24  # choices in one MATCH expression: FTS5 works per phrase
# bm25 sums over the phrases of an expression, so a choice written twice counts twice:
# the words as typed (and their phrases) weigh more than the other ways of saying them
TYPED_WEIGHT = 2
PHRASE_WEIGHT = 1
SYNONYM_WEIGHT = 1
STEM_WEIGHT = 2
NEAR_WORDS = 3  # neighbouring meaningful words count as a phrase this close together
STEM_FROM = 6  # words this long also match by their start ("pregnant", "pregnancy")
# A choice matching at least this many rows is left out when rarer ones are there: it
# weighs less in bm25 (a lower inverse document frequency) and costs FTS5 the most to
# gather. The real content has fewer rows, so this only acts on much larger content.
COMMON_ROWS = 400
RANK_AT_MOST = 400  # rows ranked by bm25 before the search keeps to the short columns

# Words that carry no meaning in a question. "all" is not one: it is the illness's name.
STOP_WORDS = frozenset([
    "a", "an", "the", "and", "or", "but", "if", "so", "of", "to", "in", "on", "at", "by",
    "for", "from", "with", "into", "onto", "about", "as", "than", "then", "is", "are",
    "was", "were", "be", "been", "being", "am", "do", "does", "did", "doing", "done",
    "have", "has", "had", "having", "will", "would", "shall", "should", "can", "could",
    "may", "might", "must", "ought", "i", "me", "my", "mine", "myself", "we", "us", "our",
    "ours", "you", "your", "yours", "he", "him", "his", "she", "her", "hers", "it", "its",
    "itself", "they", "them", "their", "theirs", "this", "that", "these", "those", "there",
    "here", "what", "whats", "which", "who", "whom", "whose", "when", "where", "why",
    "how", "not", "nor", "yes", "ok", "okay", "please", "very", "too", "just",
    "also", "still", "even", "really", "quite", "much", "many", "lot", "lots", "some",
    "any", "get", "gets", "got", "getting", "go", "goes", "going", "gone", "went", "make",
    "makes", "making", "made", "need", "needs", "want", "wants", "know", "like", "thing",
    "things", "something", "anything", "everything", "nothing", "up", "out", "off", "over",
    "again", "ever", "i'm", "i've", "i'd", "i'll", "you're", "we're", "they're", "it's",
    "he's", "she's", "that's", "what's", "there's", "don't", "doesn't", "didn't", "can't",
    "cannot", "won't", "isn't", "aren't", "wasn't", "weren't", "haven't", "hasn't",
    "wouldn't", "couldn't", "shouldn't", "im", "ive", "dont", "doesnt", "didnt", "cant",
    "wont", "isnt", "arent", "wasnt", "havent", "hasnt", "wouldnt", "couldnt",
])


def query_words(text: str) -> list[str]:
    """The words of a query that search uses, at most MAX_QUERY_WORDS."""
    return words_of(text.replace("\u2019", "'"))[:MAX_QUERY_WORDS]


def meaningful(words: list[str]) -> list[str]:
    """The words that carry meaning; all of them if every one is a stop word (so a
    search for "what" still finds something)."""
    kept = [word for word in words if word not in STOP_WORDS]
    return kept or words


@functools.lru_cache(maxsize=8192)
def light_stem(word: str) -> str:
    """A rough stem for comparing a reader's words with questions and synonyms in Python
    (the index itself uses the porter stemmer): "infections" and "infection", "making"
    and "make" come out equal."""
    word = fold_spelling(word.removesuffix("'s"))
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def stem_prefix(word: str) -> str:
    """The start that a long word's other forms share: "pregn" of "pregnant"."""
    return word[: max(STEM_FROM - 1, len(word) - 3)]


@dataclass(frozen=True)
class Clause:
    """One choice of a search's OR: a word in its spellings, a phrase, a synonym."""

    text: str  # FTS5 syntax
    weight: int  # written this many times: bm25 counts each
    is_word: bool  # one of the meaningful words typed (not a phrase, stem or synonym)


def expression_of(clauses: Iterable[Clause], joiner: str = " OR ") -> str:
    """The clauses joined, each written as many times as its weight, in lowest terms
    (only the weights' ratios count, and every phrase written costs FTS5 work)."""
    clauses = list(clauses)
    unit = math.gcd(*(clause.weight for clause in clauses)) or 1
    return joiner.join(clause.text for clause in clauses
                       for _ in range(clause.weight // unit))


@dataclass(frozen=True)
class Plan:
    """One search: the words typed, the ones that count, and the choices to match."""

    words: list[str]
    terms: list[str]  # the meaningful words
    typing: bool  # the last word is still being typed (so it also matches as a prefix)
    clauses: tuple[Clause, ...]
    synonym_words: frozenset[str]  # typed words that are part of a synonym phrase found
    marked: tuple[str, ...] = ()  # the words (and starts of words) snippets highlight
    alike: dict[str, frozenset[str]] = field(default_factory=dict)  # stems of synonyms

    @functools.cached_property
    def wanted_stems(self) -> list[frozenset[str]]:
        """Each meaningful word's stem with its one-word synonyms' (for best_question)."""
        return [frozenset({light_stem(term)} | self.alike.get(term, frozenset()))
                for term in self.terms]

    @functools.cached_property
    def any_wanted_stem(self) -> frozenset[str]:
        return frozenset().union(*self.wanted_stems)

    @property
    def expression(self) -> str:
        """Every choice: a row matches if any does."""
        return expression_of(self.clauses)

    def without(self, common: set[str]) -> str:
        """The expression without the choices that match most rows (`common`, their
        texts): they weigh little in bm25 but cost FTS5 the most to gather. If every
        choice is common, all the typed words must match instead (fewer rows). Only
        stop words typed ("what is"): they are looked for in titles alone."""
        kept = [clause for clause in self.clauses if clause.text not in common]
        words = [clause for clause in self.clauses if clause.is_word]
        expression = (expression_of(kept) if kept else
                      expression_of(words, " AND ") if words else self.expression)
        return f"{{title}} : ({expression})" if self.only_stop_words else expression

    @property
    def only_stop_words(self) -> bool:
        return all(word in STOP_WORDS for word in self.words)


def plan_search(
    text: str,
    variants_of: Callable[[Iterable[str]], dict[str, set[str]]],
    synonym_groups: list[list[str]],
    *,
    as_you_type: bool = True,
) -> Plan | None:
    """The FTS5 expression for a reader's query, or None when it has no words.

    Each meaningful word is one choice (in any of its spellings, UK or US; the word being
    typed also as a prefix), each pair of neighbouring meaningful words is a phrase, and
    every other way of saying a synonym phrase found in the query is a choice too. A row
    matches if any choice does; bm25 then sums what each choice found.
    """
    words = query_words(text)
    if not words:
        return None
    terms = meaningful(words)
    typing = as_you_type and terms[-1] == words[-1] and len(words[-1]) >= MIN_PREFIX_LENGTH
    synonyms = synonyms_found(words, synonym_groups)
    others, phrases = synonyms.others, synonyms.phrases
    # a synonym phrase found is one thing said, searched as that phrase: its words
    # alone ("coming", "back") would pull in pages about something else
    alone = [term for term in terms if term not in synonyms.covered] or terms
    folded = [fold_spelling(term) for term in alone]
    known = variants_of(set(folded))

    def spellings(key: str) -> list[str]:
        return sorted({key} | known.get(key, set()))

    def as_written(term: str, key: str) -> str:
        """The spelling the content uses (UK), for phrases, which have no variants."""
        return term if term in known.get(key, ()) else min(known.get(key) or {term})

    clauses: list[Clause] = []
    for position, key in enumerate(folded):
        choice = [_quote(spelling) for spelling in spellings(key)]
        if typing and alone[position] == terms[-1]:
            choice += [_quote(prefix) + "*" for prefix in sorted(set(spellings(key))
                                                                 | {terms[-1]})]
        clauses.append(Clause("(" + " OR ".join(choice) + ")", TYPED_WEIGHT, True))
    written = [as_written(term, key) for term, key in zip(alone, folded, strict=True)]
    # the porter stemmer leaves some forms of one word apart ("diagnosed", "diagnosis"):
    # a long word also matches by its start
    clauses += [Clause(_quote(stem_prefix(word)) + "*", STEM_WEIGHT, False)
                for word in written if len(word) >= STEM_FROM and word.isalpha()]
    near = [_quote(word) for word in written]
    if typing and alone[-1] == terms[-1]:
        near[-1] += "*"
    clauses += [Clause(f"NEAR({first} {second}, {NEAR_WORDS})", PHRASE_WEIGHT, False)
                for first, second in itertools.pairwise(near)]
    clauses += [Clause(_quote(phrase), TYPED_WEIGHT, True) for phrase in phrases]
    clauses += [Clause(_quote(" ".join(words_of(other))), SYNONYM_WEIGHT, False)
                for other in others]
    seen: set[str] = set()
    unique = [clause for clause in clauses
              if not (clause.text in seen or seen.add(clause.text))]  # type: ignore[func-returns-value]
    marked = [spelling for key in folded for spelling in spellings(key)]
    if typing:
        marked += [spelling + "*" for spelling in spellings(fold_spelling(terms[-1]))]
    marked += [stem_prefix(word) for word in written if len(word) >= STEM_FROM]
    marked += [word for phrase in [*phrases, *others] for word in words_of(phrase)
               if word not in STOP_WORDS]
    return Plan(words, terms, typing, tuple(unique[:MAX_CLAUSES]),
                frozenset(synonyms.named), tuple(dict.fromkeys(marked)),
                {word: frozenset(stems) for word, stems in synonyms.alike.items()})


@dataclass(frozen=True)
class Synonyms:
    """What the synonym groups make of a query."""

    others: list[str]  # the other ways of saying each phrase found, once each
    covered: set[str]  # typed words inside a phrase of more than one word found
    phrases: list[str]  # those phrases, as typed
    named: set[str]  # typed words inside any phrase found
    alike: dict[str, set[str]]  # a typed word: the stems of its one-word synonyms


def synonyms_found(words: list[str], groups: list[list[str]]) -> Synonyms:
    """The other ways of saying each synonym phrase the query holds ("spinal tap" gives
    "lumbar puncture" and "lp"). Ways that differ only in their endings ("relapse",
    "relapsed") are given once, and none that is the typed phrase again ("come back" for
    "coming back")."""
    stems = tuple(light_stem(word) for word in words)
    found = Synonyms([], set(), [], set(), {})
    index = _synonym_index(tuple(tuple(group) for group in groups))
    for start, stem in enumerate(stems):
        for phrase_stems, group in index.get(stem, ()):
            size = len(phrase_stems)
            if stems[start : start + size] != phrase_stems:
                continue
            typed = words[start : start + size]
            found.named.update(typed)
            if size > 1:
                found.covered.update(typed)
                found.phrases.append(" ".join(typed))
            else:
                found.alike.setdefault(typed[0], set()).update(
                    _stems_of(other)[0] for other in group if len(_stems_of(other)) == 1)
            seen = {phrase_stems} | {_stems_of(other) for other in found.others}
            for other in group:
                if _stems_of(other) not in seen:
                    seen.add(_stems_of(other))
                    found.others.append(other)
    return found


@functools.lru_cache(maxsize=4)
def _synonym_index(groups: tuple[tuple[str, ...], ...]
                   ) -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Each synonym phrase under its first word's stem, with its group: made once."""
    index: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for group in groups:
        for phrase in group:
            if _stems_of(phrase):
                index.setdefault(_stems_of(phrase)[0], []).append((_stems_of(phrase), group))
    return index


@functools.lru_cache(maxsize=1024)
def _stems_of(phrase: str) -> tuple[str, ...]:
    """A synonym phrase's words, stemmed (the same few phrases, every keystroke)."""
    return tuple(light_stem(word) for word in words_of(phrase))


SNIPPET_CHARS = 110  # about the 14 words FTS5's snippet() showed
BODY_SNIPPETS = 6  # hits whose snippet is from the body (a screenful); the rest: summary
SHORT_MARKED = 3  # words this short are highlighted whole (with plain endings)
MAX_MATCHES_SEEN = 60  # in one text, for choosing the snippet
MAX_SEEN_EACH = 12  # of one word
_WORD_REST = re.compile(r"[\w']*")
_SHORT_ENDINGS = re.compile(r"(?:s|es|d|ed|ing)?\b")


def matches_in(text: str, marked: Iterable[str],
               spans_of: Callable[[str, str], list[tuple[int, int]]] | None = None
               ) -> list[tuple[int, int]]:
    """Where the highlighted words are in `text`, as (start, end), in order: each marked
    word at the start of a word, long ones with any ending ("child" in "children"),
    short ones whole. `spans_of(lowercase text, marker)` may remember answers (a page's
    text and most words stay the same from one keystroke to the next)."""
    lower = text.lower()
    found: dict[int, int] = {}
    for marker in marked:
        for start, end in (spans_of or word_spans)(lower, marker):
            found[start] = max(found.get(start, 0), end)
    spans, reached = [], -1
    for start in sorted(found)[:MAX_MATCHES_SEEN]:
        if start >= reached:  # not inside a longer match already kept
            spans.append((start, found[start]))
            reached = found[start]
    return spans


def word_spans(lower: str, marker: str) -> list[tuple[int, int]]:
    """Where one marked word starts a word of a lowercase text (at most MAX_SEEN_EACH).
    Found with str.find, far faster than one regular expression of many choices."""
    word = marker.removesuffix("*")  # "*": the word being typed, any ending
    rest_of = _WORD_REST if len(word) > SHORT_MARKED or word != marker else _SHORT_ENDINGS
    spans: list[tuple[int, int]] = []
    at = lower.find(word)
    while at >= 0 and len(spans) < MAX_SEEN_EACH:
        if at == 0 or not (lower[at - 1].isalnum() or lower[at - 1] == "_"):
            rest = rest_of.match(lower, at + len(word))
            if rest is not None:
                spans.append((at, rest.end()))
        at = lower.find(word, at + 1)
    return spans


def snippet(text: str, marked: Iterable[str], *, whole: bool = False,
            spans_of: Callable[[str, str], list[tuple[int, int]]] | None = None) -> str:
    """The part of `text` with the most different highlighted words close together, its
    matches between SNIPPET_START and SNIPPET_END ("" if none); all of it if `whole`.
    Made in Python from the hits' own text: FTS5's snippet() tokenises every hit's whole
    body again, which costs more than the search."""
    spans = matches_in(text, marked, spans_of)
    if not spans:
        return ""
    if whole:
        start, end = 0, len(text)
    else:
        # slide a window over the matches: the one holding the most different words wins
        best_at, best_count, last = spans[0][0], 0, 0
        counts: dict[str, int] = {}
        for at, until in spans:
            word = text[at:until].lower()
            counts[word] = counts.get(word, 0) + 1
            while spans[last][0] < at - SNIPPET_CHARS * 3 // 4:
                gone = text[spans[last][0]:spans[last][1]].lower()
                counts[gone] -= 1
                if not counts[gone]:
                    del counts[gone]
                last += 1
            if len(counts) > best_count:
                best_at, best_count = spans[last][0], len(counts)
        lead = SNIPPET_CHARS // 4  # words shown before the first match
        start = 0 if best_at <= lead else text.rfind(" ", 0, best_at - lead) + 1
        end = text.find(" ", start + SNIPPET_CHARS)
        end = len(text) if end < 0 else end
    pieces, at = [], start
    for first, until in spans:
        if first >= start and until <= end:
            pieces += [text[at:first], SNIPPET_START, text[first:until], SNIPPET_END]
            at = until
    pieces.append(text[at:end])
    return ("…" if start > 0 else "") + "".join(pieces).strip() + (
        "…" if end < len(text) else "")


def title_key(text: str) -> str:
    """A title's words, spelling-folded: equal keys mean "titled exactly as typed"."""
    return " ".join(fold_spelling(word) for word in words_of(text))


# The question a hit answers, shown as its title line

@dataclass(frozen=True)
class AnsweredHit(SearchHit):
    """A hit with the question from its page that the reader's words match, if any."""

    question: str = ""

    def title_line(self) -> str:
        """ "Will my hair fall out? → Hair loss", or the title alone."""
        return f"{self.question} → {self.title}" if self.question else self.title


def question_stems(question: str) -> frozenset[str]:
    """A question's meaningful words, stemmed, for best_question (made once per page)."""
    return frozenset(light_stem(word) for word in query_words(question)
                     if word not in STOP_WORDS)


def best_question(plan: Plan, questions: Iterable[tuple[str, frozenset[str]]]) -> str:
    """The page's question (each with its question_stems) that holds the most of the
    query's meaningful words, or a one-word synonym of them, the shorter on a tie; "" if
    none holds two in three of them (and at least one), or the query is one keyword."""
    if len(plan.terms) < 2 and len(plan.words) == len(plan.terms):
        return ""  # one keyword ("leukaemia") is not a question: the titles say enough
    wanted = plan.wanted_stems
    needed = max(1, -(-2 * len(wanted) // 3))
    prefix = light_stem(plan.terms[-1]) if plan.typing else None  # being typed
    best: tuple[int, int, str] | None = None
    for question, stems in questions:
        if stems.isdisjoint(plan.any_wanted_stem) and not prefix:
            continue  # shares no word: most questions of most hits
        matched = sum(1 for alike in wanted if alike & stems)
        if prefix and not wanted[-1] & stems and any(s.startswith(prefix) for s in stems):
            matched += 1
        if matched >= needed and (best is None or (matched, -len(question)) > best[:2]):
            best = (matched, -len(question), question)
    return best[2] if best else ""


# Spelling corrections

MAX_EDITS_SHORT = 1  # for words of up to SHORT_WORD letters
SHORT_WORD = 6
MAX_EDITS = 2
MIN_CORRECTED_LENGTH = 4  # shorter words are too easily another real word
KEPT_ANSWERS = 2048  # corrections remembered


def first_sounds(word: str) -> frozenset[str]:
    """How a word may start to the ear: a typo keeps the first letter or its sound
    ("kemo" for "chemo", "fone" for "phone"), never a new one ("number" for "lumber")."""
    sounds = {word[:1]}
    for start, sound in (("ph", "f"), ("ch", "k"), ("kn", "n"), ("wr", "r"), ("ps", "s"),
                         ("gn", "n"), ("wh", "w"), ("rh", "r")):
        if word.startswith(start):
            sounds.add(sound)
    if word[:1] in "ckq":
        sounds.update("kc")
    if word[:1] == "c" and word[1:2] in "eiy":
        sounds.add("s")
    if word[:1] in "sz":
        sounds.update("sz")
    return frozenset(sounds)


class Speller:
    """The words in the content, for correcting a reader's word that finds nothing.

    A correction is a content word at most MAX_EDITS letters away (MAX_EDITS_SHORT for
    short words; a swap of two letters counts as one), that starts with the same letter
    or sound. Only words of those first sounds and near lengths are compared, each by
    an edit distance that stops as soon as it passes the most allowed: plain Python,
    a few milliseconds on content a hundred times larger, and answers are kept.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self._folded = frozenset(fold_spelling(word) for word in self.words)
        self._starts = sorted(self.words | self._folded)  # for words being typed
        self._by_sound: dict[tuple[str, int], list[str]] = {}
        self._by_start: dict[tuple[str, int], list[str]] = {}  # by first two letters
        for word in sorted(self.words):
            for sound in first_sounds(word):
                self._by_sound.setdefault((sound, len(word)), []).append(word)
            self._by_start.setdefault((word[:2], len(word)), []).append(word)
        self._answers: dict[str, str | None] = {}

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def starts(self, word: str) -> bool:
        """Whether a content word starts with this one (it may still be being typed)."""
        for start in {word, fold_spelling(word)}:
            at = bisect.bisect_left(self._starts, start)
            if at < len(self._starts) and self._starts[at].startswith(start):
                return True
        return False

    def knows(self, word: str) -> bool:
        """Whether the content has this word, in this or the other spelling (UK or US),
        or it is too short or not a word to correct."""
        return (len(word) < MIN_CORRECTED_LENGTH or not word.isalpha()
                or any(form in self.words or fold_spelling(form) in self._folded
                       for form in _other_forms(word)))

    def correct(self, word: str) -> str | None:
        """The likeliest content word the reader meant, or None."""
        if word not in self._answers:
            if len(self._answers) >= KEPT_ANSWERS:  # a kiosk runs for weeks
                self._answers.clear()
            self._answers[word] = self._find(word)
        return self._answers[word]

    def _find(self, word: str) -> str | None:
        if len(word) < MIN_CORRECTED_LENGTH or not word.isalpha():
            return None
        most = MAX_EDITS_SHORT if len(word) <= SHORT_WORD else MAX_EDITS
        lengths = range(len(word) - most, len(word) + most + 1)
        # most typos keep the first two letters: those words first, a few of them; all
        # of the same first sound only when none of those is one edit away
        near = self._closest(word, most, [self._by_start.get((word[:2], n), ())
                                          for n in lengths])
        if near is None or near[0] > 1:
            wider = self._closest(word, most, [self._by_sound.get((sound, n), ())
                                               for sound in first_sounds(word)
                                               for n in lengths])
            near = min(filter(None, (near, wider)), default=None)
        return near[-1] if near else None

    @staticmethod
    def _closest(word: str, most: int, groups: list[Iterable[str]]
                 ) -> tuple[int, bool, int, int, str] | None:
        """The likeliest of these words within `most` edits: fewest edits, then the same
        first letter, a longer shared start, a length nearer the word's."""
        best: tuple[int, bool, int, int, str] | None = None
        for group in groups:
            for other in group:
                distance = edit_distance(word, other, most)
                if distance > most:
                    continue
                likelihood = (distance, other[:1] != word[:1],
                              -len(_common_prefix(word, other)), abs(len(other) - len(word)),
                              other)
                if best is None or likelihood < best:
                    best = likelihood
        return best


def edit_distance(first: str, second: str, most: int) -> int:
    """Optimal string alignment distance (insertions, deletions, substitutions and swaps
    of two neighbouring letters, each one edit), or most + 1 as soon as it must be more
    than `most`."""
    if abs(len(first) - len(second)) > most:
        return most + 1
    before: list[int] | None = None
    previous = list(range(len(second) + 1))
    for i, letter in enumerate(first, 1):
        current = [i] + [0] * len(second)
        for j, other in enumerate(second, 1):
            cost = letter != other
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (before is not None and j > 1 and letter == second[j - 2]
                    and first[i - 2] == other):
                value = min(value, before[j - 2] + 1)
            current[j] = value
        if min(current) > most:
            return most + 1
        before, previous = previous, current
    return previous[-1] if previous[-1] <= most else most + 1


def _other_forms(word: str) -> list[str]:
    """The word, and the forms that a regular English ending makes or takes away ("pigs"
    and "pig", "finishes" and "finished", "using" and "use"), but not a misspelt ending
    ("bruiseing" is not "bruise" + "ing")."""
    forms = [word, word + "s", word + "es", word + "ed", word + "ing"]
    if word.endswith("e"):
        forms += [word + "d", word[:-1] + "ing"]
    if word.endswith("y"):
        forms += [word[:-1] + "ies", word[:-1] + "ied"]
    for suffix in ("s", "es"):
        if word.endswith(suffix):
            forms.append(word[: -len(suffix)])
    if word.endswith(("ies", "ied")):
        forms.append(word[:-3] + "y")
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            base = word[: -len(suffix)]
            if len(base) > 2 and not (base.endswith("e") and not base.endswith("ee")):
                forms += [base, base + "e", base + "es", base + "ed", base + "ing"]
                if base[-1] == base[-2]:  # "stopping", "stopped"
                    forms.append(base[:-1])
    if word.endswith("d") and word[-2:-1] == "e":  # "used"
        forms.append(word[:-1])
    return forms


def _common_prefix(first: str, second: str) -> str:
    size = 0
    while size < min(len(first), len(second)) and first[size] == second[size]:
        size += 1
    return first[:size]


def corrected_words(words: list[str], unknown: set[str], speller: Speller) -> list[str] | None:
    """The query with each word that found nothing replaced by its correction, each word
    on its own; None if no word could be corrected."""
    changed = False
    corrected = []
    for word in words:
        fixed = speller.correct(word) if word in unknown else None
        corrected.append(fixed or word)
        changed = changed or bool(fixed)
    return corrected if changed else None


SCREEN_LIMIT = 20  # hits the search screen shows, and `python -m db search` prints


def corrections(typed: str, suggestion: str) -> list[tuple[str, str]]:
    """The words a suggestion changed, each with its correction, in order: for saying
    what was corrected ("lumber" to "lumbar") on the screen and in `db search --json`."""
    before, after = query_words(typed), query_words(suggestion)
    if len(before) != len(after):
        return [(typed, suggestion)] if suggestion and suggestion != typed else []
    return [(old, new) for old, new in zip(before, after, strict=True) if old != new]
