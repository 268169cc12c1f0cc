"""Sections a site hides are left out inside the repository's SQL (issue 11): a search
asked for N hits gets N when N visible ones exist, never fewer because hidden pages were
dropped after the LIMIT."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.repository import ContentRepository

HIDDEN = ["research", "trials"]


def _sections(repository: ContentRepository) -> dict[tuple[str, str], str]:
    return {(page.kind, page.id): section.id
            for section in repository.sections(include_hidden=True)
            for page in repository.documents_in_section(section.id)}


def test_a_search_with_a_limit_fills_it_from_the_visible_pages(content_db: Path) -> None:
    everything = ContentRepository.open(content_db)
    try:
        section_of = _sections(everything)
        shown = everything.search("treatment", limit=5)
        # the premise: unhidden, the first five hold pages of the sections to be hidden
        assert any(section_of.get((hit.kind, hit.id)) in HIDDEN for hit in shown)
        visible = [hit for hit in everything.search("treatment", limit=500)
                   if section_of.get((hit.kind, hit.id)) not in HIDDEN]
    finally:
        everything.close()
    repository = ContentRepository.open(content_db, hidden_sections=HIDDEN)
    try:
        hits = repository.search("treatment", limit=5)
        assert len(hits) == 5
        assert [(hit.kind, hit.id) for hit in hits] == [(hit.kind, hit.id) for hit in visible[:5]]
        outcome = repository.search_forgiving("treatment", limit=5)
        assert len(outcome.hits) == 5
        assert not any(section_of.get((hit.kind, hit.id)) in HIDDEN for hit in outcome.hits)
    finally:
        repository.close()


def test_hidden_pages_are_left_out_everywhere(content_db: Path) -> None:
    everything = ContentRepository.open(content_db)
    try:
        hidden = {page for page, section in _sections(everything).items() if section in HIDDEN}
    finally:
        everything.close()
    assert ("article", "trial-phases") in hidden  # the premise
    repository = ContentRepository.open(content_db, hidden_sections=HIDDEN)
    try:
        assert [s.id for s in repository.sections()] == \
            [s.id for s in repository.sections(include_hidden=True) if s.id not in HIDDEN]
        assert repository.section("trials") is None
        assert repository.documents_in_section("trials") == []
        assert repository.document("article", "trial-phases") is None
        assert not hidden & set(_sections(repository))
        listed = {(page.kind, page.id) for page in repository.start_here()}
        listed |= {(page.kind, page.id) for figure in repository.figures()
                   for page in figure.used_in}
        listed |= {(page.kind, page.id) for term in repository.glossary_terms()
                   for page in (repository.glossary_term(term.id) or term).used_in}
        assert not listed & hidden
        # shown again when the site hides nothing
        repository.hide_sections(())
        assert repository.document("article", "trial-phases") is not None
    finally:
        repository.close()
