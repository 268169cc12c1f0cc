"""The content build: byte-identical output, the header pragmas, all-or-nothing writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db.build import BuildFailed, build
from db.sources import CONTENT_DIR
from desktop_app.core.content_format import APPLICATION_ID, SCHEMA_VERSION


def test_same_sources_build_the_same_bytes(tmp_path: Path, content_db: Path) -> None:
    again = tmp_path / "again.sqlite"
    build(CONTENT_DIR, again)
    assert again.read_bytes() == content_db.read_bytes()


def test_a_frozen_copy_builds_the_same_bytes_twice(content_copy: Path, tmp_path: Path) -> None:
    """The same check on a copy no writer is editing while the tests run."""
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    build(content_copy, first)
    build(content_copy, second)
    assert first.read_bytes() == second.read_bytes()


def test_database_identifies_itself(content_db: Path) -> None:
    with sqlite3.connect(content_db) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        version = dict(db.execute("SELECT key, value FROM meta"))["content_version"]
    assert len(version) > 10


def test_markdown_is_html_at_build_time(content_db: Path) -> None:
    with sqlite3.connect(content_db) as db:
        html = db.execute("SELECT html FROM documents WHERE id = 'what-is-all'").fetchone()[0]
    assert "<p>" in html and 'class="glossary"' in html
    assert "](" not in html and "<script" not in html


def test_broken_source_writes_nothing(content_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "content.sqlite"
    target.write_bytes(b"the previous good database")
    article = content_copy / "articles" / "what-is-all.md"
    article.write_text(article.read_text().replace("title:", "titel:", 1))
    with pytest.raises(BuildFailed) as failure:
        build(content_copy, target)
    assert any("what-is-all.md" in str(p) and "'title'" in str(p)
               for p in failure.value.problems)
    assert target.read_bytes() == b"the previous good database"
    assert not list(tmp_path.glob("*.partial"))


def test_asked_questions_are_stored_and_searched(content_copy: Path, tmp_path: Path) -> None:
    from desktop_app.core.repository import ContentRepository
    from tests.content_edits import set_front_matter

    set_front_matter(content_copy / "articles" / "hair-loss.md",
                     "asked:\n  - Will my hair fall out?\n  - Will my eyebrows go too?\n"
                     "  - Is a wig from Quibbleton any good?")
    target = tmp_path / "content.sqlite"
    build(content_copy, target)
    with sqlite3.connect(target) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(search_documents_fts)")]
        asked = db.execute("SELECT text FROM asked_questions WHERE id = 'hair-loss'"
                           " ORDER BY position").fetchall()
    assert columns[-1] == "asked" and columns[:5] == ["title", "summary", "body", "names",
                                                      "related_names"]
    assert [text for (text,) in asked][-1] == "Is a wig from Quibbleton any good?"
    repository = ContentRepository.open(target)
    try:
        # a word only in a question still finds its page
        assert [hit.id for hit in repository.search("quibbleton")] == ["hair-loss"]
    finally:
        repository.close()
