"""Damaged saved data on a family laptop (issue 15): each kind is reported when the app
starts, the file is left exactly as it was, and the app still works for reading."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.core.user_data import UserData, UserDataError

ARTICLE = "app:article/what-is-all"
PAGES = [(f"app:article/p{n}", "x" * 500) for n in range(100)]


def _real(path: Path) -> None:
    """A good saved-data file with one bookmark, closed cleanly."""
    user_data = UserData(path)
    user_data.add_bookmark(ARTICLE, "What is ALL?")
    user_data.close()


def _sql(path: Path, *statements: str, rows: list[tuple[str, str]] | None = None) -> None:
    """Run statements and close the connection (so nothing is left in a -wal file)."""
    db = sqlite3.connect(path)
    try:
        with db:
            for statement in statements:
                db.execute(statement)
            if rows:
                db.executemany("INSERT INTO history (address, title, visited) "
                               "VALUES (?, ?, 0)", rows)
        db.execute("PRAGMA journal_mode=DELETE")
    finally:
        db.close()


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(15).randbytes(8192))


def text_file(path: Path) -> None:
    path.write_text("bookmarks: what-is-all\n" * 50, "utf-8")


def folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("x", "utf-8")


def named_pipe(path: Path) -> None:
    os.mkfifo(path)


def read_only(path: Path) -> None:
    _real(path)
    path.chmod(0o444)


def truncated(path: Path) -> None:
    _real(path)
    _sql(path, rows=PAGES)  # a few pages, so there is something to cut
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def overwritten_middle(path: Path) -> None:
    _real(path)
    _sql(path, rows=PAGES)
    data = bytearray(path.read_bytes())
    data[4096:12288] = random.Random(3).randbytes(8192)
    path.write_bytes(bytes(data))


def other_program(path: Path) -> None:
    _sql(path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)",
         "INSERT INTO moz_places (url) VALUES ('https://example.org')")


def wrong_columns(path: Path) -> None:
    _sql(path, "CREATE TABLE bookmarks (url TEXT, name TEXT)",
         "INSERT INTO bookmarks VALUES ('app:home', 'Home')")


def newer_version(path: Path) -> None:
    _real(path)
    _sql(path, "PRAGMA user_version = 99")


def other_application_id(path: Path) -> None:
    _real(path)
    _sql(path, "PRAGMA application_id = 1234")


def oversized(path: Path) -> None:
    _real(path)
    with path.open("r+b") as file:
        file.truncate(300 * 1024 * 1024)  # sparse: 300 MB on paper


def content_database(path: Path, content_db: Path) -> None:
    path.write_bytes(content_db.read_bytes())


KINDS: dict[str, tuple[Callable[..., None], str]] = {
    "zero bytes": (zero_bytes, "empty"),
    "random bytes": (random_bytes, "not a saved-data file"),
    "a text file": (text_file, "not a saved-data file"),
    "a folder": (folder, "is a folder"),
    "a named pipe": (named_pipe, "is a named pipe"),
    "read-only": (read_only, "read-only"),
    "truncated": (truncated, "could not be opened"),
    "overwritten pages": (overwritten_middle, "could not be opened"),
    "another program's database": (other_program, "another program's database"),
    "a table with other columns": (wrong_columns, "not the one ALL Guide writes"),
    "a newer version": (newer_version, "newer ALL Guide"),
    "another application id": (other_application_id, "another program's database"),
    "the content database": (content_database, "another program's database"),
    "300 MB": (oversized, "too big"),
}


def _fingerprint(path: Path) -> object:
    if path.is_dir():
        return sorted(p.name for p in path.iterdir())
    if not path.is_file():
        return path.stat().st_mode
    info = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), info.st_size, info.st_mtime_ns, \
        info.st_mode


def _make(kind: str, path: Path, content_db: Path) -> str:
    make, words = KINDS[kind]
    if make is content_database:
        make(path, content_db)
    else:
        make(path)
    return words


@pytest.mark.parametrize("kind", list(KINDS))
def test_damaged_saved_data_is_refused_untouched(tmp_path: Path, kind: str,
                                                 content_db: Path) -> None:
    path = tmp_path / "user.sqlite"
    words = _make(kind, path, content_db)
    before = _fingerprint(path)
    neighbours = sorted(p.name for p in tmp_path.iterdir())
    started = time.perf_counter()
    with pytest.raises(UserDataError) as raised:
        UserData(path)
    assert time.perf_counter() - started < 3.0
    assert words in str(raised.value) and "left untouched" in str(raised.value)
    assert _fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == neighbours  # no -wal, no -shm


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_laptop_says_so_and_still_reads(start_app, tmp_path: Path, kind: str,
                                            content_db: Path) -> None:
    path = tmp_path / "saved" / "user.sqlite"
    path.parent.mkdir()
    words = _make(kind, path, content_db)
    before = _fingerprint(path)
    person = start_app(user_data=path)
    message = person.close_message()
    assert words in message and "left untouched" in message
    person.click("Understanding ALL")
    assert person.address == "app:section/understanding"
    assert _fingerprint(path) == before


def test_a_good_file_opens_and_keeps_its_bookmark(tmp_path: Path) -> None:
    path = tmp_path / "user.sqlite"
    _real(path)
    user_data = UserData(path)
    assert user_data.bookmarks() == [(ARTICLE, "What is ALL?")]
    user_data.close()
