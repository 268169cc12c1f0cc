"""Plain data objects the repository hands to the UI, tests and command line."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # search.py builds on these models
    from desktop_app.core.search import AnsweredHit

SNIPPET_START = "\x02"
SNIPPET_END = "\x03"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    summary: str


@dataclass(frozen=True)
class DocumentSummary:
    """What a list needs to show an article or treatment explainer."""

    kind: str  # "article" or "treatment"
    id: str
    title: str
    summary: str
    why: str = ""  # on "Start here" entries: one line saying why to read this page first

    @property
    def address(self) -> str:
        return f"app:{self.kind}/{self.id}"


@dataclass(frozen=True)
class SourceReference:
    name: str
    url: str


@dataclass(frozen=True)
class Document:
    """A whole article or treatment explainer, its body already rendered to safe HTML."""

    kind: str
    id: str
    section_id: str
    title: str
    summary: str
    audience: tuple[str, ...]
    html: str
    sources: tuple[SourceReference, ...]
    reviewed: date
    next_review: date
    asked: tuple[str, ...] = ()  # questions, in readers' own words, that the page answers
    reviewer: str = ""  # who checked the page, as a role ("ALL Guide editors")
    related: tuple[str, ...] = ()  # app: addresses of the pages a reader may want next
    # the earliest next review of the figures (statistics) the page uses, if any
    figures_next_review: date | None = None

    def is_due_for_review(self, today: date) -> bool:
        """Due when the page, or any figure it states, is past its next review."""
        due = self.next_review
        if self.figures_next_review is not None:
            due = min(due, self.figures_next_review)
        return today > due


@dataclass(frozen=True)
class Figure:
    """A statistic kept once in the content (figures.yaml), with where it comes from."""

    id: str
    text: str  # as pages show it: "<value> <group> (<place>, <years>) <measure>"
    source: SourceReference
    checked: date
    next_review: date
    used_in: tuple[DocumentSummary, ...] = ()


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    meaning: str
    also: tuple[str, ...] = ()
    used_in: tuple[DocumentSummary, ...] = field(default=())


@dataclass(frozen=True)
class SearchHit:
    """One ranked search result. `snippet` marks matches with SNIPPET_START/SNIPPET_END."""

    kind: str  # "article", "treatment" or "glossary"
    id: str
    title: str
    snippet: str

    @property
    def address(self) -> str:
        if self.kind == "cell":
            return f"app:diagram?cell={self.id}"
        return f"app:{self.kind}/{self.id}"

    def snippet_html(self) -> str:
        """The snippet as escaped HTML with the matched words in <b>."""
        escaped = html.escape(self.snippet, quote=False)
        return escaped.replace(SNIPPET_START, "<b>").replace(SNIPPET_END, "</b>")

    def snippet_marked(self, start: str = "[", end: str = "]") -> str:
        """The snippet as plain text with the matched words between `start` and `end`."""
        return self.snippet.replace(SNIPPET_START, start).replace(SNIPPET_END, end)


@dataclass(frozen=True)
class SearchOutcome:
    """Hits, plus a spelling suggestion; `corrected` when the hits are for the suggestion."""

    hits: list[AnsweredHit]
    suggestion: str = ""
    corrected: bool = False


@dataclass(frozen=True)
class QuestionList:
    id: str
    title: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class JourneyStep:
    lane_id: str
    lane_title: str
    treatment_id: str
    label: str
    when: str
    text: str


@dataclass(frozen=True)
class Journey:
    intro: str
    steps: tuple[JourneyStep, ...]

    def lanes(self) -> list[tuple[str, list[JourneyStep]]]:
        """(lane title, its steps) in order."""
        lanes: dict[str, list[JourneyStep]] = {}
        for step in self.steps:
            lanes.setdefault(step.lane_title, []).append(step)
        return list(lanes.items())
