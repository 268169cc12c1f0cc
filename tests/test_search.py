"""Search over the real built content, through the repository and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.repository import ContentRepository


def ids(hits: list) -> list[str]:
    return [hit.id for hit in hits]


@pytest.mark.parametrize(("uk", "us"), [("leukaemia", "leukemia"), ("anaemia", "anemia"),
                                         ("haematology", "hematology")])
def test_uk_and_us_spellings_find_the_same_pages(repository: ContentRepository,
                                                 uk: str, us: str) -> None:
    uk_hits, us_hits = repository.search(uk), repository.search(us)
    assert uk_hits, uk
    assert ids(uk_hits) == ids(us_hits)


def test_exact_title_comes_first_and_snippets_are_highlighted(
        repository: ContentRepository) -> None:
    hits = repository.search("anemia")
    assert (hits[0].kind, hits[0].id) == ("glossary", "anaemia")
    assert any("<b>anaemia</b>" in hit.snippet_html().lower() for hit in hits)


def test_prefix_finds_as_you_type(repository: ContentRepository) -> None:
    assert "what-is-leukaemia" in ids(repository.search("leuk"))


def test_nothing_and_nonsense_are_safe(repository: ContentRepository) -> None:
    assert repository.search("") == []
    assert repository.search('"*)(') == []
    # FTS5 syntax typed by a reader is searched as plain words, never parsed as a query
    assert isinstance(repository.search('bone" OR NEAR(marrow*'), list)


def test_cli_json(content_db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "db", "search", "anemia", "--json", "--db", str(content_db)],
        capture_output=True, text=True, check=True, timeout=60)
    hits = json.loads(result.stdout)
    assert {"kind", "id", "title", "snippet"} <= set(hits[0])
    assert {"article", "glossary"} <= {hit["kind"] for hit in hits}
    assert hits[0]["id"] == "anaemia"
    assert any("<b>anaemia</b>" in hit["snippet"] for hit in hits)
