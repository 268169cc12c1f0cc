"""The content database's JSON columns, one codec each: the build (db/) encodes with them
and the core decodes with them, so the two sides cannot disagree on what a column holds.

Three shapes: `Texts` (a list of text: a page's audiences, a term's other names), `Objects`
(a list of objects, each with the same fields: a page's sources) and `Record` (one object:
a cell's look). core/content_schema.py names each codec as the column it describes, and
the repository's check of an opened file refuses a value of the wrong shape before any of
these reads it. An `optional` column may be empty (""): it decodes as empty.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

Shape = Literal["texts", "objects", "object"]


def _dumps(value: object) -> str:
    # default=str: a date in the diagram's steps is written as its ISO text
    return json.dumps(value, default=str)


@dataclass(frozen=True)
class _JsonColumn:
    table: str
    name: str
    optional: bool = False  # may be "" (or absent): decodes as empty
    fields: tuple[str, ...] = ()  # Objects: the fields each object holds

    shape: ClassVar[Shape]

    def _loads(self, text: object) -> Any:
        if self.optional and (text is None or text == ""):
            return None
        if not isinstance(text, str):  # a NULL or a number: the content is damaged
            raise TypeError(f"{self.table}.{self.name} is not JSON text")
        return json.loads(text)


@dataclass(frozen=True)
class Texts(_JsonColumn):
    """A JSON array of text."""

    shape: ClassVar[Shape] = "texts"

    def encode(self, values: Iterable[str]) -> str:
        return _dumps(list(values))

    def decode(self, text: object) -> tuple[str, ...]:
        loaded = self._loads(text)
        return tuple(loaded) if loaded is not None else ()


@dataclass(frozen=True)
class Objects(_JsonColumn):
    """A JSON array of objects; with `fields`, each holds exactly those."""

    shape: ClassVar[Shape] = "objects"

    def encode(self, items: Iterable[Mapping[str, Any]]) -> str:
        if self.fields:
            return _dumps([{field: item[field] for field in self.fields} for item in items])
        return _dumps([dict(item) for item in items])

    def decode(self, text: object) -> tuple[dict[str, Any], ...]:
        loaded = self._loads(text)
        return tuple(dict(item) for item in loaded) if loaded is not None else ()


@dataclass(frozen=True)
class Record(_JsonColumn):
    """One JSON object."""

    shape: ClassVar[Shape] = "object"

    def encode(self, value: Mapping[str, Any]) -> str:
        return _dumps(dict(value))

    def decode(self, text: object) -> dict[str, Any]:
        loaded = self._loads(text)
        return dict(loaded) if loaded is not None else {}


JsonColumn = Texts | Objects | Record

# documents: one row per page
AUDIENCE = Texts("documents", "audience")
SOURCES = Objects("documents", "sources", fields=("name", "url"))
ASKED = Texts("documents", "asked")
RELATED = Texts("documents", "related")
# glossary
ALSO = Texts("glossary", "also")
# the diagram (core/diagram.py reads them from whole rows)
CELL_LINKS = Texts("cells", "links", optional=True)
CELL_LOOK = Record("cells", "look", optional=True)
VIEW_BRANCH = Texts("diagram_views", "branch", optional=True)
VIEW_CALLOUTS = Objects("diagram_views", "callouts", optional=True,
                        fields=("cell", "text", "link"))
VIEW_DETAILS = Objects("diagram_views", "details", optional=True, fields=("heading", "text"))
VIEW_STEPS = Objects("diagram_views", "steps", optional=True)

ALL: tuple[JsonColumn, ...] = (AUDIENCE, SOURCES, ASKED, RELATED, ALSO, CELL_LINKS, CELL_LOOK,
                               VIEW_BRANCH, VIEW_CALLOUTS, VIEW_DETAILS, VIEW_STEPS)
