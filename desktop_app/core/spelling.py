"""Folding UK and US spellings to one key, so a search for either finds both.

The content is written in UK spelling ("leukaemia", "haematology", "tumour",
"randomised", "centre"); readers type either. The build records every content word whose
folded form differs from itself, and the search looks a query word up by its folded form.
A rule that folds two unrelated words together only widens a search a little, so the
rules stay short and are limited to word shapes where they are reliable.
"""

from __future__ import annotations

import re

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # haem-, leukaem-, anaesthetic, paediatric, oesophagus, oedema, diarrhoea, foetal
    (re.compile(r"ae"), "e"),
    (re.compile(r"^oe|(?<=rh)oe"), "e"),
    # tumour, colour, behaviour (not four, hour, your: too short to be this pattern)
    (re.compile(r"(?<=[a-z]{3})our(?=s?$)"), "or"),
    # randomised, organisation, recognise (not rise, wise: too short)
    (re.compile(r"(?<=[a-z]{3})is(?=(?:e|ed|es|ing|ation|ations)$)"), "iz"),
    # centre, litre, fibre, metre
    (re.compile(r"(?<=[a-z]{2})([tb])re(?=s?$)"), r"\1er"),
    # travelling, counselled, counsellor
    (re.compile(r"(?<=[a-z]{3})ll(?=ing$|ed$|or$|ors$)"), "l"),
    # programme
    (re.compile(r"(?<=gram)me(?=s?$)"), ""),
)


def fold_spelling(word: str) -> str:
    """Return the spelling-neutral key of one lowercase word."""
    folded = word.lower()
    for pattern, replacement in _RULES:
        folded = pattern.sub(replacement, folded)
    return folded


WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def words_of(text: str) -> list[str]:
    """The lowercase words of a text, as search sees them."""
    return [match.group(0).lower() for match in WORD.finditer(text)]
