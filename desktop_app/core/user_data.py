"""The reader's own data on a family laptop: bookmarks, history, questions, preferences.

Kept in a separate SQLite file in the platform's user data folder (platformdirs), never in
the content database. It is written in WAL mode with one transaction per change, so a
crash or power cut loses nothing already saved. Export and import move it as JSON.
Kiosks never create this file.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

EXPORT_FORMAT = "all-guide-user-data"
EXPORT_VERSION = 1
HISTORY_LIMIT = 200
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


def default_user_data_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("all-guide", appauthor=False) / "user.sqlite"


class UserData:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            check = self._db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(check)
            self._db.executescript(_SCHEMA)
        except (sqlite3.DatabaseError, OSError) as error:
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
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise UserDataError(f"{path.name} could not be read: {error}") from error
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise UserDataError(f"{path.name} is not an ALL Guide export")
        if data.get("version", 0) > EXPORT_VERSION:
            raise UserDataError(f"{path.name} was made by a newer ALL Guide")
        added = 0
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                for item in data.get("bookmarks", []):
                    added += self._db.execute(
                        "INSERT OR IGNORE INTO bookmarks VALUES (?, ?, ?)",
                        (str(item["address"]), str(item["title"]), time.time())).rowcount
                for list_id, question in data.get("ticked_questions", []):
                    added += self._db.execute(
                        "INSERT OR IGNORE INTO ticked_questions VALUES (?, ?)",
                        (str(list_id), str(question))).rowcount
                for list_id, questions in data.get("own_questions", {}).items():
                    for question in questions:
                        added += self._db.execute(
                            "INSERT OR IGNORE INTO own_questions VALUES (?, ?, ?)",
                            (str(list_id), str(question), time.time())).rowcount
        except (KeyError, TypeError, ValueError) as error:
            raise UserDataError(f"{path.name} is damaged; nothing was imported") from error
        except sqlite3.OperationalError as error:
            raise UserDataError(f"{path.name} could not be imported ({error}); nothing "
                                "was changed") from error
        return added
