"""The content contract (core/content_schema.py, core/json_columns.py): the build and the
repository read the same definitions, and these tests fail when the two disagree: a table
or column the build writes differently, a value not of its column's kind, a JSON column
that does not read back as written, or the repository reading something the contract
does not have."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from db.__main__ import SCHEMA_HEADER
from desktop_app.core import json_columns
from desktop_app.core.content_schema import (
    BY_NAME,
    JSON_KINDS,
    SEARCH_INDEX,
    TABLES,
    Column,
    schema_sql,
)
from desktop_app.core.repository import ContentRepository

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def built(content_db: Path) -> Iterator[sqlite3.Connection]:
    """The freshly built database (conftest builds it from resources/content), read-only."""
    connection = sqlite3.connect(f"{content_db.as_uri()}?mode=ro", uri=True)
    yield connection
    connection.close()


def _own_tables(db: sqlite3.Connection) -> dict[str, str]:
    """Name -> CREATE statement of each table, leaving out FTS5's own shadow tables."""
    return {name: sql for name, sql in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        if not name.startswith(f"{SEARCH_INDEX.name}_")}


def test_the_build_writes_exactly_the_contract(built: sqlite3.Connection) -> None:
    tables = _own_tables(built)
    assert set(tables) == {*BY_NAME, SEARCH_INDEX.name}
    for table in TABLES:
        written = [(name, kind, key) for _, name, kind, _, _, key in
                   built.execute(f'PRAGMA table_info("{table.name}")')]
        expected = [(c.name, c.sql_type, table.key.index(c.name) + 1 if c.name in table.key
                     else 0) for c in table.columns]
        assert written == expected, table.name
    assert [row[1] for row in built.execute(f"PRAGMA table_info({SEARCH_INDEX.name})")] == \
        list(SEARCH_INDEX.columns)
    assert tables[SEARCH_INDEX.name] == SEARCH_INDEX.create_sql()


def test_db_schema_sql_is_the_contract_as_written() -> None:
    """db/schema.sql, the contract for reading, is current (`python -m db schema`)."""
    assert (ROOT / "db" / "schema.sql").read_text(encoding="utf-8") == \
        SCHEMA_HEADER + schema_sql()


def _of_kind(value: object, column: Column, table: str) -> bool:
    """Whether one stored value is of its column's kind, judged here in Python, apart
    from the repository's SQL check."""
    kind = column.kind
    if kind in JSON_KINDS:
        if column.optional and value == "":
            return True
        codec = next(c for c in json_columns.ALL if (c.table, c.name) == (table, column.name))
        decoded = codec.decode(value)
        if kind == "texts":
            return all(isinstance(item, str) for item in decoded)
        if kind == "objects":
            return all(isinstance(item, dict) and all(isinstance(item.get(f), str)
                                                      for f in column.fields)
                       for item in decoded)
        return isinstance(decoded, dict)
    if kind in ("date", "date-or-empty"):
        if kind == "date-or-empty" and value == "":
            return True
        return isinstance(value, str) and date.fromisoformat(value).isoformat() == value
    return {"text": isinstance(value, str),
            "text-or-null": value is None or isinstance(value, str),
            "number": isinstance(value, int) and not isinstance(value, bool),
            "bytes": isinstance(value, bytes)}[kind]


def test_every_value_the_build_writes_is_of_its_kind(built: sqlite3.Connection) -> None:
    """Every table, the search tables too (the repository does not scan those)."""
    wrong = []
    for table in TABLES:
        rows = built.execute(f'SELECT {", ".join(table.column_names)} FROM "{table.name}"')
        for row in rows:
            for column, value in zip(table.columns, row, strict=True):
                if not _of_kind(value, column, table.name):
                    wrong.append(f"{table.name}.{column.name} = {value!r:.60}")
    assert wrong == []


def test_every_json_column_has_one_codec_and_reads_back_as_written(
        built: sqlite3.Connection) -> None:
    in_contract = {(table.name, column.name) for table in TABLES for column in table.columns
                   if column.kind in JSON_KINDS}
    codecs = {(codec.table, codec.name) for codec in json_columns.ALL}
    assert codecs == in_contract and len(codecs) == len(json_columns.ALL)
    for codec in json_columns.ALL:
        column = BY_NAME[codec.table].column(codec.name)
        assert (column.kind, column.fields, column.optional) == \
            (codec.shape, codec.fields, codec.optional)
        values = [value for (value,) in built.execute(
            f'SELECT "{codec.name}" FROM "{codec.table}"')]
        assert values, f"{codec.table}.{codec.name} has no rows to try"
        for value in values:
            decoded = codec.decode(value)
            # the core reads what the build wrote, and writing that again gives the same text
            assert codec.encode(decoded) == value


def test_a_row_outside_the_contract_is_refused(tmp_path: Path) -> None:
    """The build creates its tables from the contract first, so sqlite-utils cannot add a
    column the contract does not name."""
    db = sqlite_utils.Database(tmp_path / "content.sqlite")
    for table in TABLES:
        db.execute(table.create_sql())
    with pytest.raises(sqlite3.OperationalError, match="no column named colour"):
        db.table("sections").insert({"id": "x", "position": 1, "title": "X", "summary": "",
                                     "colour": "red"})


def _read_everything(repository: ContentRepository) -> None:
    """Every reading method of the repository, the way the app calls them."""
    for section in repository.sections(include_hidden=True):
        repository.section(section.id)
        for page in repository.documents_in_section(section.id):
            repository.document(page.kind, page.id)
            repository.related(page.kind, page.id)
            repository.next_in_section(page.kind, page.id)
    repository.start_here()
    repository.figures()
    for term in repository.glossary_terms()[:3]:
        repository.glossary_term(term.id)
    repository.diagram()
    repository.image("none.png")
    repository.question_lists()
    repository.journey()
    repository.search("hair loss")
    repository.search_forgiving("lumber puncture")
    repository.search_forgiving("leukamia")


def test_the_repository_reads_only_what_the_contract_has(content_db: Path) -> None:
    """SQLite's authorizer names every table and column a statement reads (through the
    repository's views too): each must be in the contract, and every table of the
    contract must be read by something."""
    reads: set[tuple[str, str]] = set()

    def note(action: int, table: str | None, column: str | None, database: str | None,
             _view: str | None) -> int:
        if action == sqlite3.SQLITE_READ and database == "main" and table and column:
            reads.add((table, column))
        return sqlite3.SQLITE_OK

    connection = sqlite3.connect(f"{content_db.as_uri()}?mode=ro", uri=True)
    connection.set_authorizer(note)  # from the start: opening reads the meta table
    repository = ContentRepository(connection, content_db, hidden_sections=["research"])
    try:
        _read_everything(repository)
    finally:
        repository.close()
    fts = SEARCH_INDEX.name
    outside = sorted(f"{table}.{column}" for table, column in reads
                     if not table.startswith((f"{fts}_", "sqlite_"))  # FTS5's and SQLite's own
                     and not (table == fts and column in {*SEARCH_INDEX.columns, fts, "ROWID"})
                     and not (table in BY_NAME and column in BY_NAME[table].column_names))
    assert outside == []
    assert {table for table, _ in reads} >= set(BY_NAME)
