"""The reader's own data on a family laptop: bookmarks, history, questions, preferences.

Kept in a separate SQLite file in the platform's user data folder (platformdirs), never in
the content database. It is written in WAL mode with one transaction per change, so a
crash or power cut loses nothing already saved. Export and import move it as JSON.
Kiosks never create this file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.limits import (
    MAX_IMPORT_BYTES,
    MAX_USER_DATA_BYTES,
    FileRefused,
    check_file,
    read_bytes,
)

EXPORT_FORMAT = "all-guide-user-data"
EXPORT_VERSION = 1
HISTORY_LIMIT = 200
USER_DATA_VERSION = 1  # PRAGMA user_version of the saved-data file
# What one import may hold: far more than a reader ever saves, far less than would slow
# the laptop (20,000 bookmarks once took 1.1 GB and 21 s).
MAX_BOOKMARKS = 1000
MAX_TICKED = 2000
MAX_OWN_QUESTIONS = 1000
MAX_ADDRESS = 2000
MAX_TITLE = 300
MAX_LIST_ID = 100
MAX_QUESTION = 500
_SCHEMA = """
CREATE TABLE IF NOT EXISTS bookmarks (address TEXT PRIMARY KEY, title TEXT, added REAL);
CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY, address TEXT, title TEXT,
    visited REAL);
CREATE TABLE IF NOT EXISTS ticked_questions (list_id TEXT, question TEXT,
    PRIMARY KEY (list_id, question));
CREATE TABLE IF NOT EXISTS own_questions (list_id TEXT, question TEXT, added REAL,
    PRIMARY KEY (list_id, question));
CREATE TABLE IF NOT EXISTS preferences (key TEXT PRIMARY KEY, value TEXT);
"""


class UserDataError(Exception):
    """Saved data could not be read or written; `message` says so in plain words."""


@dataclass(frozen=True)
class Imported:
    """What an import added, by kind (things already saved are not counted)."""

    bookmarks: int = 0
    ticked: int = 0
    questions: int = 0

    @property
    def total(self) -> int:
        return self.bookmarks + self.ticked + self.questions


# each table's columns, so a file of another app (or another schema) is never written to
_TABLES = {
    "bookmarks": ["address", "title", "added"],
    "history": ["id", "address", "title", "visited"],
    "ticked_questions": ["list_id", "question"],
    "own_questions": ["list_id", "question", "added"],
    "preferences": ["key", "value"],
}


def default_user_data_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("all-guide", appauthor=False) / "user.sqlite"


class UserData:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            if os.path.lexists(path):  # an existing file is looked at before any write
                _inspect(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None, timeout=2.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            check = self._db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(check)
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version = {USER_DATA_VERSION}")
        except (sqlite3.DatabaseError, OSError, FileRefused) as error:
            raise UserDataError(f"your saved pages and questions at {path} could not be "
                                f"opened ({error}); the file was left untouched") from error

    def close(self) -> None:
        self._db.close()

    def _write(self, sql: str, *parameters: Any) -> None:
        """One change, one transaction."""
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute(sql, parameters)
        except sqlite3.OperationalError as error:
            raise UserDataError(f"your change could not be saved ({error}). Everything "
                                "saved before is safe; free some disk space and try "
                                "again.") from error

    # Bookmarks and history

    def add_bookmark(self, address: str, title: str) -> None:
        self._write("INSERT OR REPLACE INTO bookmarks VALUES (?, ?, ?)", address, title,
                    time.time())

    def remove_bookmark(self, address: str) -> None:
        self._write("DELETE FROM bookmarks WHERE address = ?", address)

    def is_bookmarked(self, address: str) -> bool:
        return self._db.execute("SELECT 1 FROM bookmarks WHERE address = ?",
                                (address,)).fetchone() is not None

    def bookmarks(self) -> list[tuple[str, str]]:
        return self._db.execute(
            "SELECT address, title FROM bookmarks ORDER BY added DESC").fetchall()

    def add_history(self, address: str, title: str) -> None:
        self._write("INSERT INTO history (address, title, visited) VALUES (?, ?, ?)",
                    address, title, time.time())
        self._write("DELETE FROM history WHERE id NOT IN (SELECT id FROM history "
                    "ORDER BY id DESC LIMIT ?)", HISTORY_LIMIT)

    def history(self, limit: int = 20) -> list[tuple[str, str]]:
        return self._db.execute(
            "SELECT address, title FROM history ORDER BY id DESC LIMIT ?", (limit,)).fetchall()

    def clear_history(self) -> None:
        """"Read lately" emptied at the reader's request (bookmarks stay)."""
        self._write("DELETE FROM history")

    # Questions (the QuestionStore that ReaderSession writes through)

    def set_ticked(self, list_id: str, question: str, ticked: bool) -> None:
        if ticked:
            self._write("INSERT OR IGNORE INTO ticked_questions VALUES (?, ?)", list_id,
                        question)
        else:
            self._write("DELETE FROM ticked_questions WHERE list_id = ? AND question = ?",
                        list_id, question)

    def add_question(self, list_id: str, question: str) -> None:
        self._write("INSERT OR IGNORE INTO own_questions VALUES (?, ?, ?)", list_id,
                    question, time.time())

    def remove_question(self, list_id: str, question: str) -> None:
        """Forget one of the reader's own questions, and its tick."""
        self._write("DELETE FROM own_questions WHERE list_id = ? AND question = ?",
                    list_id, question)
        self.set_ticked(list_id, question, False)

    def ticked_questions(self) -> set[tuple[str, str]]:
        return set(self._db.execute("SELECT list_id, question FROM ticked_questions"))

    def own_questions(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for list_id, question in self._db.execute(
                "SELECT list_id, question FROM own_questions ORDER BY added"):
            found.setdefault(list_id, []).append(question)
        return found

    # Preferences (window size, text size, last page)

    def preference(self, key: str, default: str = "") -> str:
        row = self._db.execute("SELECT value FROM preferences WHERE key = ?",
                               (key,)).fetchone()
        return row[0] if row else default

    def set_preference(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO preferences VALUES (?, ?)", key, value)

    # Moving to another computer

    def export_to(self, path: Path) -> None:
        data = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "bookmarks": [{"address": a, "title": t} for a, t in self.bookmarks()],
            "ticked_questions": sorted([list(pair) for pair in self.ticked_questions()]),
            "own_questions": self.own_questions(),
        }
        temporary = path.with_name(path.name + ".partial")
        try:
            temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False), "utf-8")
            temporary.replace(path)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise UserDataError(f"could not write {path.name}: {error.strerror}") from error

    def import_from(self, path: Path) -> int:
        """Merge an exported file in; returns how many things were added."""
        return self.import_counts(path).total

    def import_counts(self, path: Path) -> Imported:
        """Merge an exported file in, all or nothing: the whole file is read within its
        limits and checked before anything is written, and then written in one
        transaction. UserDataError says why nothing was added."""
        bookmarks, ticked, questions = _read_export(path)
        now = time.time()
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                added_bookmarks = sum(self._db.execute(
                    "INSERT OR IGNORE INTO bookmarks VALUES (?, ?, ?)",
                    (address, title, now)).rowcount for address, title in bookmarks)
                added_ticks = sum(self._db.execute(
                    "INSERT OR IGNORE INTO ticked_questions VALUES (?, ?)", pair).rowcount
                    for pair in ticked)
                added_questions = sum(self._db.execute(
                    "INSERT OR IGNORE INTO own_questions VALUES (?, ?, ?)",
                    (list_id, question, now)).rowcount for list_id, question in questions)
        except sqlite3.Error as error:
            raise UserDataError(f"{path.name} could not be imported ({error}); nothing "
                                "was changed") from error
        return Imported(added_bookmarks, added_ticks, added_questions)


def _inspect(path: Path) -> None:
    """Refuse, without writing a byte, a saved-data file the app must not touch: not a
    regular file, empty, read-only, damaged, made by a newer ALL Guide, or another
    program's database."""
    check_file(path, MAX_USER_DATA_BYTES)
    info = path.stat()
    if info.st_size == 0:
        raise FileRefused("the file is empty: it was cut short, perhaps by a full disk")
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise FileRefused("the file is read-only, so nothing could be saved in it")
    with path.open("rb") as file:
        if file.read(16) != b"SQLite format 3\x00":
            raise FileRefused("it is not a saved-data file: it may be damaged")
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                 timeout=2.0)
    try:
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"damaged: {check}")
        if connection.execute("PRAGMA application_id").fetchone()[0] != 0:
            raise FileRefused("it is another program's database")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > USER_DATA_VERSION:
            raise FileRefused("it was made by a newer ALL Guide")
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("sqlite_")]
        for table in tables:
            if table not in _TABLES:
                raise FileRefused(f"it is another program's database (table {table!r})")
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            if columns != _TABLES[table]:
                raise FileRefused(f"its table {table!r} is not the one ALL Guide writes")
    finally:
        connection.close()


class _Refused(Exception):
    """One reason an export cannot be imported."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _Refused(f"the field {_short(key)} is written twice")
        seen[key] = value
    return seen


def _refuse_constant(name: str) -> None:
    raise _Refused(f"it holds {name}, which is not a value ALL Guide writes")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _text(value: object, what: str, most: int, *, empty: bool = False) -> str:
    if not isinstance(value, str):
        raise _Refused(f"{what} is not text")
    if not empty and not value.strip():
        raise _Refused(f"{what} is empty")
    if len(value) > most:
        raise _Refused(f"{what} is too long ({len(value):,} characters; at most {most:,})")
    if "\x00" in value:
        raise _Refused(f"{what} holds a NUL character")
    return value


def _list(value: object, what: str, most: int) -> list[Any]:
    if not isinstance(value, list):
        raise _Refused(f"{what} is not a list")
    if len(value) > most:
        raise _Refused(f"{what} has {len(value):,} entries (at most {most:,})")
    return value


def _read_export(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]],
                                      list[tuple[str, str]]]:
    """The bookmarks, ticks and own questions of an export, every one checked, or
    UserDataError naming the first thing wrong ("nothing was added")."""
    try:
        raw = read_bytes(path, MAX_IMPORT_BYTES)
    except FileRefused as error:
        raise UserDataError(f"{path.name} cannot be imported: {error}. Nothing was "
                            "added.") from error
    except OSError as error:
        raise UserDataError(f"{path.name} could not be read: "
                            f"{error.strerror or error}. Nothing was added.") from error
    try:
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates,
                          parse_constant=_refuse_constant)
    except _Refused as error:
        raise UserDataError(f"{path.name} is damaged: {error}. Nothing was "
                            "added.") from error
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise UserDataError(f"{path.name} could not be read: it is not an ALL Guide "
                            f"export or it is damaged ({type(error).__name__}). Nothing "
                            "was added.") from error
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise UserDataError(f"{path.name} is not an ALL Guide export. Nothing was added.")
    version = data.get("version", EXPORT_VERSION)
    if isinstance(version, int) and not isinstance(version, bool) \
            and version > EXPORT_VERSION:
        raise UserDataError(f"{path.name} was made by a newer ALL Guide. Nothing was "
                            "added.")
    try:
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise _Refused(f"its version {_short(version)} is not a version number")
        return _checked(data)
    except _Refused as error:
        raise UserDataError(f"{path.name} is damaged: {error}. Nothing was "
                            "added.") from error


def _checked(data: dict[str, Any]) -> tuple[list[tuple[str, str]], list[tuple[str, str]],
                                           list[tuple[str, str]]]:
    from desktop_app.core.addresses import AddressError, parse_address

    known = {"format", "version", "bookmarks", "ticked_questions", "own_questions"}
    for key in data:
        if key not in known:
            raise _Refused(f"it has a field ALL Guide does not write, {_short(key)}")
    bookmarks = []
    for number, item in enumerate(_list(data.get("bookmarks", []), "bookmarks",
                                        MAX_BOOKMARKS), start=1):
        what = f"bookmark {number}"
        if not isinstance(item, dict) or set(item) != {"address", "title"}:
            raise _Refused(f"{what} must have an address and a title, and nothing else")
        address = _text(item["address"], f"{what}'s address", MAX_ADDRESS)
        try:
            parse_address(address)
        except (AddressError, ValueError) as error:
            raise _Refused(f"{what}'s address is not a page of ALL Guide") from error
        bookmarks.append((address, _text(item["title"], f"{what}'s title", MAX_TITLE,
                                         empty=True)))
    ticked = []
    for number, pair in enumerate(_list(data.get("ticked_questions", []),
                                        "ticked_questions", MAX_TICKED), start=1):
        what = f"ticked question {number}"
        if not isinstance(pair, list) or len(pair) != 2:
            raise _Refused(f"{what} must be a list id and a question")
        ticked.append((_text(pair[0], f"{what}'s list", MAX_LIST_ID),
                       _text(pair[1], what, MAX_QUESTION)))
    own = data.get("own_questions", {})
    if not isinstance(own, dict):
        raise _Refused("own_questions is not a set of lists")
    questions = []
    for list_id, items in own.items():
        _text(list_id, "a question list's name", MAX_LIST_ID)
        for question in _list(items, f"own_questions[{_short(list_id)}]",
                              MAX_OWN_QUESTIONS):
            questions.append((list_id, _text(question, "one of your own questions",
                                             MAX_QUESTION)))
            if len(questions) > MAX_OWN_QUESTIONS:
                raise _Refused(f"it has more than {MAX_OWN_QUESTIONS:,} own questions")
    return bookmarks, ticked, questions
