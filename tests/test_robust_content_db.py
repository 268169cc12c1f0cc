"""A corpus of damaged content databases (issue 15). Each is started the way `all-guide`
starts, with `--content-db`; the reader then opens the pages that read the damaged part,
and sees a content message screen: never a traceback, never "This page is not in
ALL Guide", and never a page built from half a row."""

from __future__ import annotations

import os
import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit

from desktop_app.core.repository import ContentRepository, ContentUnavailable

ARTICLE = "app:article/what-is-all"
TITLES = (
    "ALL Guide cannot find its content",
    "ALL Guide's content file is empty",
    "ALL Guide's content file is damaged",
    "This file is not ALL Guide content",
    "This content is for an older ALL Guide",
    "This content needs a newer ALL Guide",
)


@dataclass(frozen=True)
class Kind:
    """One kind of damage: how to make it from a good copy, and what the reader does."""

    make: Callable[[Path, Path], None]  # (good content, the path to damage)
    page: str = "app:home"  # the page the reader starts on (`--page`)
    search: str = ""  # words the reader then types into the search box
    title: str = ""  # the message expected, when one is certain


def _copy(good: Path, path: Path) -> None:
    path.write_bytes(good.read_bytes())
    path.chmod(0o644)


def _sql(*statements: str) -> Callable[[Path, Path], None]:
    def make(good: Path, path: Path) -> None:
        _copy(good, path)
        db = sqlite3.connect(path)
        try:
            for statement in statements:
                db.execute(statement)
            db.commit()
        finally:
            db.close()
    return make


def _bytes(transform: Callable[[bytes], bytes]) -> Callable[[Path, Path], None]:
    def make(good: Path, path: Path) -> None:
        path.write_bytes(transform(good.read_bytes()))
    return make


def _overwrite(data: bytes) -> bytes:
    damaged = bytearray(data)
    damaged[8192:len(data) - 8192] = random.Random(7).randbytes(len(data) - 16384)
    return bytes(damaged)


def _wal_only(good: Path, path: Path) -> None:
    """What is left when only the write-ahead log of a database was copied."""
    source = path.with_name("source.sqlite")
    _copy(good, source)
    db = sqlite3.connect(source)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.execute("UPDATE sections SET title = title || ' '")
    db.commit()
    path.write_bytes(Path(f"{source}-wal").read_bytes())
    db.close()


def _folder(good: Path, path: Path) -> None:
    path.mkdir()
    (path / "content.sqlite").write_bytes(b"")


def _pipe(good: Path, path: Path) -> None:
    os.mkfifo(path)


def _loop(good: Path, path: Path) -> None:
    path.symlink_to(path)


def _saved_data(good: Path, path: Path) -> None:
    from desktop_app.core.user_data import UserData

    user_data = UserData(path)
    user_data.add_bookmark(ARTICLE, "What is ALL?")
    user_data.close()


DAMAGED = "ALL Guide's content file is damaged"
KINDS: dict[str, Kind] = {
    # the file itself
    "zero bytes": Kind(_bytes(lambda data: b""), title="ALL Guide's content file is empty"),
    "random bytes": Kind(_bytes(lambda data: random.Random(1).randbytes(len(data)))),
    "truncated to half": Kind(_bytes(lambda data: data[: len(data) // 2]), page=ARTICLE),
    "truncated to the header": Kind(_bytes(lambda data: data[:100])),
    "pages overwritten": Kind(_bytes(_overwrite), page=ARTICLE),
    "a text file": Kind(_bytes(lambda data: b"SQLite format 2\n" * 400)),
    "only a write-ahead log": Kind(_wal_only),
    "a folder in its place": Kind(_folder),
    "a named pipe in its place": Kind(_pipe),
    "a symlink loop": Kind(_loop),
    "saved data instead of content": Kind(_saved_data,
                                          title="This file is not ALL Guide content"),
    "an empty database": Kind(_sql("PRAGMA user_version = 0"), page=ARTICLE),
    # the database's labels
    "wrong application_id": Kind(_sql("PRAGMA application_id = 1234"),
                                 title="This file is not ALL Guide content"),
    "old schema version": Kind(_sql("PRAGMA user_version = 1"),
                               title="This content is for an older ALL Guide"),
    "new schema version": Kind(_sql("PRAGMA user_version = 99"),
                               title="This content needs a newer ALL Guide"),
    "no sections": Kind(_sql("DELETE FROM sections"),
                        title="ALL Guide's content file is empty"),
}
# every table gone, one at a time, and the page that reads it
TABLE_PAGES = {
    "meta": "app:home", "sections": "app:home", "documents": ARTICLE,
    "glossary": "app:glossary", "glossary_usage": "app:glossary/chemotherapy",
    "question_lists": "app:questions", "questions": "app:questions",
    "journey_steps": "app:journey", "start_here": "app:start", "cells": "app:diagram",
    "diagram_views": "app:diagram", "tour_steps": "app:diagram", "synonyms": "search",
    "search_documents": "search", "search_documents_fts": "search",
    "spelling_variants": "search", "search_vocabulary": "search",
}
for _table, _page in TABLE_PAGES.items():
    KINDS[f"no table {_table}"] = Kind(
        _sql(f"DROP TABLE {_table}"), page="app:home" if _page == "search" else _page,
        search="marow" if _page == "search" else "")
# a column gone
for _table, _column, _page in [
        ("documents", "html", ARTICLE), ("documents", "sources", ARTICLE),
        ("sections", "summary", "app:home"), ("glossary", "meaning", "app:glossary"),
        ("questions", "text", "app:questions"), ("journey_steps", "label", "app:journey"),
        ("cells", "name", "app:diagram"), ("start_here", "why", "app:start")]:
    KINDS[f"no column {_table}.{_column}"] = Kind(
        _sql(f"ALTER TABLE {_table} DROP COLUMN {_column}"), page=_page)
# bad JSON in each JSON column
for _table, _column, _page in [
        ("documents", "sources", ARTICLE), ("documents", "asked", ARTICLE),
        ("documents", "related", ARTICLE), ("glossary", "also", "app:glossary"),
        ("cells", "links", "app:diagram"), ("diagram_views", "branch", "app:diagram"),
        ("diagram_views", "details", "app:diagram"), ("cells", "look", "app:diagram"),
        ("diagram_views", "callouts", "app:diagram")]:
    KINDS[f"bad JSON in {_table}.{_column}"] = Kind(
        _sql(f"UPDATE {_table} SET {_column} = '{{oops'"), page=_page, title=DAMAGED)
    KINDS[f"JSON of the wrong shape in {_table}.{_column}"] = Kind(
        _sql(f"UPDATE {_table} SET {_column} = '[{{\"a\": 1}}]'"), page=_page)
# NULLs and values of the wrong kind
for _table, _column, _page in [
        ("documents", "title", ARTICLE), ("documents", "html", ARTICLE),
        ("documents", "kind", ARTICLE), ("documents", "reviewed", ARTICLE),
        ("sections", "title", "app:home"), ("glossary", "term", "app:glossary"),
        ("questions", "text", "app:questions"), ("journey_steps", "text", "app:journey"),
        ("cells", "name", "app:diagram"), ("meta", "value", "app:home")]:
    KINDS[f"NULL in {_table}.{_column}"] = Kind(
        _sql(f"UPDATE {_table} SET {_column} = NULL"), page=_page)
KINDS["a date that is not a date"] = Kind(
    _sql("UPDATE documents SET reviewed = 'last spring'"), page=ARTICLE)
KINDS["a number where text belongs"] = Kind(
    _sql("UPDATE documents SET title = 12345, summary = x'00ff'"), page="app:section/understanding")
KINDS["the search index emptied"] = Kind(
    _sql("DELETE FROM search_documents_fts_data"), search="marrow")


def _started_content(tmp_path: Path, content_db: Path, kind: Kind) -> Path:
    path = tmp_path / "content" / "content.sqlite"
    path.parent.mkdir()
    kind.make(content_db, path)
    return path


NEEDS_UI: dict[str, str] = {}  # kinds that need a UI change first (none now)


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.skip(reason=NEEDS_UI[name])) if name in NEEDS_UI
    else name for name in KINDS])
def test_damaged_content_shows_a_content_message(start_app, tmp_path: Path,
                                                 content_db: Path, name: str) -> None:
    kind = KINDS[name]
    path = _started_content(tmp_path, content_db, kind)
    person = start_app("--page", kind.page, content=path)
    if kind.search and not any(person.sees(title) for title in TITLES):
        person.click_widget(person.find("Search ALL Guide", QLineEdit))
        person.type(kind.search)
    shown = [title for title in TITLES if person.sees(title)]
    assert shown, f"{name}: no content message; the reader sees {person.texts()[:300]!r}"
    if kind.title:
        assert shown == [kind.title]
    assert not person.sees("This page is not in ALL Guide")
    assert not person.find("Search ALL Guide", QLineEdit).isEnabled()


def test_the_corpus_has_at_least_twenty_kinds() -> None:
    assert len(KINDS) >= 20


@pytest.mark.parametrize("name", [n for n in KINDS if n.startswith((
    "NULL", "JSON of the wrong shape", "a number", "a date", "zero", "random", "wrong",
    "old", "new"))])
def test_open_refuses_values_that_reading_would_not_notice(tmp_path: Path,
                                                          content_db: Path,
                                                          name: str) -> None:
    """A NULL, a number for text or JSON of the wrong shape is found when the file is
    opened: reading it later would give a crash, a half page or "page not found"."""
    path = _started_content(tmp_path, content_db, KINDS[name])
    with pytest.raises(ContentUnavailable):
        ContentRepository.open(path)


def test_the_real_content_passes_every_value_rule(content_db: Path) -> None:
    ContentRepository.open(content_db).close()


def test_a_huge_file_as_content_is_refused_at_once(tmp_path: Path, content_db: Path) -> None:
    import time

    from desktop_app.core.limits import MAX_CONTENT_DB_BYTES

    path = tmp_path / "content.sqlite"
    _copy(content_db, path)
    with path.open("r+b") as file:
        file.truncate(MAX_CONTENT_DB_BYTES + 1)  # sparse: nothing written
    started = time.perf_counter()
    with pytest.raises(ContentUnavailable, match="too big"):
        ContentRepository.open(path)
    assert time.perf_counter() - started < 1.0
