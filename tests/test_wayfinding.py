"""Wayfinding from the repository: "Start here", related pages and the next page."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from db.build import build
from desktop_app.core.repository import ContentRepository
from tests.content_edits import set_front_matter


def test_start_here_lists_pages_in_order_with_why(repository: ContentRepository) -> None:
    entries = repository.start_here()
    assert 4 <= len(entries) <= 7
    assert entries[0].address == "app:article/what-is-all"
    assert all(entry.why and entry.title for entry in entries)
    for entry in entries:
        assert repository.document(entry.kind, entry.id) is not None


def test_next_in_section_follows_the_section_order(repository: ContentRepository) -> None:
    pages = repository.documents_in_section("understanding")
    for page, after in pairwise(pages):
        assert repository.next_in_section(page.kind, page.id) == after
    assert repository.next_in_section(pages[-1].kind, pages[-1].id) is None
    assert repository.next_in_section("article", "no-such-page") is None


def test_related_pages_and_document_fields(content_copy: Path, tmp_path: Path) -> None:
    set_front_matter(content_copy / "articles" / "hair-loss.md",
                     "related:\n  - app:treatment/steroids\n"
                     "  - app:article/feelings-and-mental-health\n"
                     "asked:\n  - Will my hair fall out?\n  - Will it grow back?\n"
                     "  - Can I wear a wig?\n"
                     "reviewer: ALL Guide editors")
    target = tmp_path / "content.sqlite"
    build(content_copy, target)
    repository = ContentRepository.open(target)
    try:
        related = repository.related("article", "hair-loss")
        assert [page.address for page in related] == [
            "app:treatment/steroids", "app:article/feelings-and-mental-health"]
        document = repository.document("article", "hair-loss")
        assert document is not None
        assert document.asked == ("Will my hair fall out?", "Will it grow back?",
                                  "Can I wear a wig?")
        assert document.reviewer == "ALL Guide editors"
        assert document.related == ("app:treatment/steroids",
                                    "app:article/feelings-and-mental-health")
        assert repository.related("article", "no-such-page") == []
        # a hidden section's pages are not offered as related, next or to start with
        repository.hide_sections(["living"])
        assert [p.address for p in repository.related("article", "hair-loss")] == []
        assert "feelings-and-mental-health" not in [p.id for p in repository.start_here()]
        repository.hide_sections(["treatment"])
        assert [p.address for p in repository.related("article", "hair-loss")] == [
            "app:article/feelings-and-mental-health"]
    finally:
        repository.close()
