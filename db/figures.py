"""Figures kept once: every statistic, approval and threshold lives in figures.yaml.

A page writes `{{figure:<id>}}`; the build puts the figure in plain words in its place:
"<value> <group> (<place>, <years>) <measure>", capitalised at the start of a sentence.
The check rejects unknown ids, incomplete entries, figures checked before the page that
uses them was reviewed, and numbers written into a body by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from db.links import outside_address_problem
from db.problems import Problem
from db.sources import ContentSources, SourceDocument, SourceFigure, SourceRetiredDomain

FIGURE_FIELDS = ("id", "value", "group", "measure", "place", "years", "source", "checked")
TOKEN = re.compile(r"\{\{\s*figure:([^}\s]*)\s*\}\}")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NUMBER = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten)"
_IN = r"(?:10|100|1,?000|10,?000|100,?000|ten|a hundred|one hundred|a thousand)"
_OUT_OF = r"(?:\d[\d,]*|ten|a hundred|one hundred|a thousand)"
# "45%", "45 per cent", "9 in 10", "one in a hundred", "3 out of 4"
HAND_WRITTEN = re.compile(
    rf"\b\d[\d,.]*\s*(?:%|per\s?cent\b)|\b{_NUMBER}\s+in\s+{_IN}\b"
    rf"|\b{_NUMBER}\s+out\s+of\s+{_OUT_OF}\b",
    re.IGNORECASE)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"'”’)]*)\s*(?:[-*+]|\d+[.)]|#+)?\s*[*_(\"“]*$")
_SENTENCE_END = re.compile(r"[.!?:][\"'”’)*_]*\s*$")


def figure_text(figure: SourceFigure) -> str:
    """The figure in plain words: "<value> <group> (<place>, <years>) <measure>"."""
    return (f"{figure.text('value')} {figure.text('group')} "
            f"({figure.text('place')}, {figure.text('years')}) {figure.text('measure')}")


def as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def next_review(figure: SourceFigure) -> date | None:
    """When a figure must be checked again: its own `next_review`, else a year after
    `checked`."""
    own = as_date(figure.fields.get("next_review"))
    checked = as_date(figure.fields.get("checked"))
    if own is not None or checked is None:
        return own
    try:
        return checked.replace(year=checked.year + 1)
    except ValueError:  # 29 February
        return checked + timedelta(days=365)


def tokens_in(body: str) -> Iterator[tuple[str, int]]:
    """(figure id, line within the body) for each figure token."""
    for number, text in enumerate(body.splitlines(), start=1):
        for match in TOKEN.finditer(text):
            yield match.group(1), number


def figures_used(document: SourceDocument, figures: dict[str, SourceFigure]) -> list[str]:
    """The ids of the known figures a page uses, sorted, each once."""
    return sorted({figure_id for figure_id, _ in tokens_in(document.body)
                   if figure_id in figures})


def expand(body: str, figures: dict[str, SourceFigure]) -> str:
    """The body with each known figure token replaced by its words; unknown tokens stay
    (the check reports them, so the build never sees them)."""
    lines = body.splitlines()
    for index, text in enumerate(lines):
        if "{{" not in text:
            continue
        previous = lines[index - 1] if index else ""

        def replace(match: re.Match[str], text: str = text, previous: str = previous) -> str:
            figure = figures.get(match.group(1))
            if figure is None:
                return match.group(0)
            words = figure_text(figure)
            before = text[: match.start()]
            continues = not before.strip() and previous.strip() \
                and not _SENTENCE_END.search(previous)
            if _SENTENCE_START.search(before) and not continues:
                words = words[:1].upper() + words[1:]
            return words

        lines[index] = TOKEN.sub(replace, text)
    return "\n".join(lines) + ("\n" if body.endswith("\n") else "")


def without_tokens(body: str) -> str:
    """The body with figure tokens taken out (for the repeated-sentence rule: one figure
    standing as its own sentence on two pages is the point, not pasted prose)."""
    return TOKEN.sub("", body)


def check_figures(sources: ContentSources) -> list[Problem]:
    """The entries of figures.yaml, then each page's use of them."""
    problems: list[Problem] = []
    known: dict[str, SourceFigure] = {}
    stated: dict[tuple[str, ...], SourceFigure] = {}
    for figure in sources.figures:
        problems += _check_entry(figure, known, sources.retired_domains)
        known.setdefault(figure.id, figure)
        said = tuple(figure.text(k).lower() for k in ("group", "measure", "place", "years"))
        other = stated.get(said)
        if other is not None and other.text("value") != figure.text("value") and all(said):
            problems.append(Problem(figure.path, figure.line,
                                    f"figure {figure.id!r} states {other.id!r} "
                                    f"(line {other.line}) differently: one figure, one entry"))
        stated.setdefault(said, figure)
    for document in sources.documents:
        problems += _check_use(document, known)
        for key in ("title", "summary"):
            match = HAND_WRITTEN.search(str(document.meta.get(key) or ""))
            if match:
                problems.append(Problem(document.path, document.line_of(key),
                                        f"number in the {key} ({match.group(0)!r}): state "
                                        "statistics in the body, as {{figure:<id>}}"))
    for entry in sources.glossary:
        match = HAND_WRITTEN.search(entry.meaning)
        if match:
            problems.append(Problem(entry.path, entry.line,
                                    f"number in the meaning of {entry.id!r} "
                                    f"({match.group(0)!r}): state statistics in a page, as "
                                    "{{figure:<id>}}"))
    return problems


def _check_entry(figure: SourceFigure, known: dict[str, SourceFigure],
                 retired: list[SourceRetiredDomain]) -> list[Problem]:
    where = (figure.path, figure.line)
    problems = []
    if not _ID.match(figure.id):
        problems.append(Problem(*where, f"figure id {figure.id!r} must be kebab-case"))
    elif figure.id in known:
        problems.append(Problem(*where, f"figure {figure.id!r} is defined twice "
                                        f"(line {known[figure.id].line})"))
    for key in FIGURE_FIELDS:
        value = figure.fields.get(key)
        if value in (None, "", [], {}):
            problems.append(Problem(*where, f"figure {figure.id!r} is missing '{key}'"))
    for key in ("value", "group", "measure", "place", "years"):
        if key in figure.fields and not isinstance(figure.fields[key], str):
            problems.append(Problem(*where, f"figure {figure.id!r}: '{key}' must be text"))
    source = figure.fields.get("source")
    if source not in (None, "", {}):
        if not isinstance(source, dict) or not source.get("name") or not source.get("url"):
            problems.append(Problem(*where, f"figure {figure.id!r}: 'source' needs a name "
                                            "and a url"))
        elif not str(source["url"]).startswith("https://"):
            problems.append(Problem(*where, f"figure {figure.id!r}: the source url must "
                                            "start with https://"))
        else:
            message = outside_address_problem(str(source["url"]), retired)
            if message:
                problems.append(Problem(*where, f"figure {figure.id!r}: source: {message}"))
    if figure.fields.get("checked") not in (None, "") and as_date(
            figure.fields["checked"]) is None:
        problems.append(Problem(*where, f"figure {figure.id!r}: 'checked' must be a date "
                                        "written YYYY-MM-DD"))
    if "next_review" in figure.fields and as_date(figure.fields["next_review"]) is None:
        problems.append(Problem(*where, f"figure {figure.id!r}: 'next_review' must be a "
                                        "date written YYYY-MM-DD"))
    return problems


def _check_use(document: SourceDocument, known: dict[str, SourceFigure]) -> list[Problem]:
    problems = []
    offset = document.body_line - 1
    reviewed = as_date(document.meta.get("reviewed"))
    for figure_id, line in tokens_in(document.body):
        figure = known.get(figure_id)
        if figure is None:
            problems.append(Problem(document.path, line + offset,
                                    f"unknown figure {figure_id!r}: add it to figures.yaml"))
            continue
        checked = as_date(figure.fields.get("checked"))
        if reviewed and checked and checked < reviewed:
            problems.append(Problem(
                document.path, line + offset,
                f"figure {figure_id!r} was checked on {checked.isoformat()}, before this "
                f"page was reviewed on {reviewed.isoformat()}: check it against its source "
                "and update its 'checked' date"))
    for number, text in enumerate(document.body.splitlines(), start=1):
        match = HAND_WRITTEN.search(_LINK_TARGET.sub("](", TOKEN.sub("", text)))
        if match:
            problems.append(Problem(
                document.path, number + offset,
                f"number written by hand ({match.group(0)!r}): keep it in figures.yaml "
                "and write {{figure:<id>}}"))
    return problems
