"""The content database's layout, written down once: every table the build writes, its
columns and what each column's values must be.

The build (db/build.py) creates its tables from these definitions and then fills them with
sqlite-utils, which refuses a row with a column not written here. The repository
(core/repository.py) checks an opened file against the same definitions: every value it
reads must be of its column's kind. The JSON columns are the codecs of core/json_columns.py.
`python -m db schema` prints the SQL. This is the issue's "db/schema.sql": it lives in the
core because the app runs from a wheel, which carries desktop_app and not db/.

A change here that the app must know about bumps content_format.SCHEMA_VERSION.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from desktop_app.core import json_columns as js
from desktop_app.core.json_columns import JsonColumn

# What a column's values must be (the repository's check turns each into SQL):
# text; text-or-null; number; date (YYYY-MM-DD); date-or-empty; bytes; and the JSON shapes
# texts, objects and object (json_columns)
Kind = Literal["text", "text-or-null", "number", "date", "date-or-empty", "bytes",
               "texts", "objects", "object"]
JSON_KINDS: frozenset[str] = frozenset({"texts", "objects", "object"})
_SQL_TYPES: dict[str, str] = {"number": "INTEGER", "bytes": "BLOB"}  # the rest are TEXT


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    optional: bool = False  # a JSON column that may be "" (read only when present)
    fields: tuple[str, ...] = ()  # objects: the text fields each one holds

    @property
    def sql_type(self) -> str:
        return _SQL_TYPES.get(self.kind, "TEXT")

    def described(self) -> str:
        """The kind in words, for the SQL's comments ("" where the type says it all)."""
        words = {"text-or-null": "text or NULL", "date": "a date, YYYY-MM-DD",
                 "date-or-empty": "a date, or ''", "texts": "JSON: a list of text",
                 "objects": "JSON: a list of objects", "object": "JSON: an object"
                 }.get(self.kind, "")
        if self.fields:
            words += " {" + ", ".join(self.fields) + "}"
        return words + (", or ''" if self.optional else "")


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]  # the primary key's columns
    columns: tuple[Column, ...]
    # the repository checks every value's kind when it opens the file; the search tables
    # are read only inside a search, where a bad value raises and the results page says
    # the content is damaged: not worth their scan at every start
    scanned: bool = True

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def create_sql(self) -> str:
        """The CREATE TABLE statement, each column's kind in a comment where its SQL type
        does not say it all."""
        parts = [(f'"{c.name}" {c.sql_type}' + (" PRIMARY KEY" if self.key == (c.name,) else ""),
                  c.described()) for c in self.columns]
        if len(self.key) > 1:
            parts.append(("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in self.key) + ")", ""))
        lines = [f"   {sql}{',' if n < len(parts) - 1 else ''}" + (f"  -- {words}" if words
                                                                  else "")
                 for n, (sql, words) in enumerate(parts)]
        return f'CREATE TABLE "{self.name}" (\n' + "\n".join(lines) + "\n)"


@dataclass(frozen=True)
class FtsTable:
    """An FTS5 index over columns of another table (`content`), rebuilt after filling."""

    name: str
    content: str
    columns: tuple[str, ...]
    tokenize: str
    prefix: str

    def create_sql(self) -> str:
        return (f"CREATE VIRTUAL TABLE {self.name} USING FTS5 ({', '.join(self.columns)},"
                f" tokenize='{self.tokenize}', content='{self.content}',"
                f" prefix='{self.prefix}')")


def _table(name: str, key: tuple[str, ...], /, *, scanned: bool = True,
           **columns: Kind | JsonColumn) -> Table:
    """A table from its columns in order: each a kind, or the JSON codec it holds."""
    made = []
    for column, kind in columns.items():
        if isinstance(kind, str):
            made.append(Column(column, kind))
        else:
            assert (kind.table, kind.name) == (name, column), f"{kind} is not {name}.{column}"
            made.append(Column(column, kind.shape, kind.optional, kind.fields))
    return Table(name, key, tuple(made), scanned)


# In the order the build creates them.
TABLES: tuple[Table, ...] = (
    _table("meta", ("key",), key="text", value="text"),
    _table("sections", ("id",), id="text", position="number", title="text", summary="text"),
    _table("documents", ("kind", "id"),
           kind="text", id="text", section_id="text", position="number", title="text",
           summary="text", audience=js.AUDIENCE, html="text", sources=js.SOURCES,
           reviewed="date", next_review="date", reviewer="text-or-null", asked=js.ASKED,
           related=js.RELATED,
           # the earliest next review of the figures the page states ("" if none)
           figures_next_review="date-or-empty"),
    # the questions each page answers, in readers' words, one row each: the search screen
    # shows the one that matched as the hit's title line
    _table("asked_questions", ("kind", "id", "position"), scanned=False,
           kind="text", id="text", position="number", text="text"),
    _table("glossary", ("id",), id="text", term="text", meaning="text", also=js.ALSO),
    _table("glossary_usage", ("term_id", "document_kind", "document_id"),
           term_id="text", document_kind="text", document_id="text"),
    _table("figures", ("id",),
           id="text", text="text", value="text", group_name="text", measure="text",
           place="text", years="text", source_name="text", source_url="text",
           checked="date", next_review="date"),
    _table("figure_usage", ("figure_id", "document_kind", "document_id"),
           figure_id="text", document_kind="text", document_id="text"),
    _table("images", ("name",), name="text", mime="text", data="bytes"),
    _table("question_lists", ("id",), id="text", position="number", title="text"),
    _table("questions", ("list_id", "position"), list_id="text", position="number",
           text="text"),
    _table("journey_steps", ("position",),
           position="number", lane_id="text", lane_title="text", treatment_id="text-or-null",
           label="text", when_text="text", text="text"),
    _table("synonyms", ("group_id", "phrase"), group_id="number", phrase="text"),
    _table("start_here", ("position",), position="number", kind="text", id="text",
           why="text"),
    # the diagram: core/diagram.py reads whole rows
    _table("cells", ("id",),
           id="text", position="number", parent_id="text-or-null", family="text",
           name="text", medical_name="text", does="text", too_few="text", in_all="text",
           links=js.CELL_LINKS, look=js.CELL_LOOK),
    _table("diagram_views", ("id",),
           id="text", position="number", title="text", summary="text", kind="text",
           blocked="text", branch=js.VIEW_BRANCH, callouts=js.VIEW_CALLOUTS,
           details=js.VIEW_DETAILS, explainer="text", steps=js.VIEW_STEPS),
    _table("tour_steps", ("position",), position="number", view="text", cell="text",
           caption="text"),
    # search: one row per thing a search can find. title_key lets a search put an entry
    # titled exactly as typed first; `asked` is last, so the other columns keep their
    # numbers for snippet() and bm25
    _table("search_documents", ("rowid",), scanned=False,
           rowid="number", kind="text", ref_id="text", title="text", title_key="text",
           summary="text", body="text", names="text", related_names="text", asked="text"),
    _table("spelling_variants", ("folded", "word"), scanned=False, folded="text",
           word="text"),
    # every word a search can match, for "did you mean" suggestions on misspellings
    _table("search_vocabulary", ("word",), scanned=False, word="text"),
)

FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"
# prefix='2 3': two- and three-letter prefixes (the first keystrokes of a word, which
# match the most entries) are indexed at build time, so search as you type stays fast
SEARCH_INDEX = FtsTable("search_documents_fts", "search_documents",
                        ("title", "summary", "body", "names", "related_names", "asked"),
                        FTS_TOKENIZER, "2 3")

BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}


def schema_sql() -> str:
    """Every CREATE statement, as `python -m db schema` prints it."""
    return "".join(f"{statement};\n\n" for statement in
                   [*(table.create_sql() for table in TABLES), SEARCH_INDEX.create_sql()])
