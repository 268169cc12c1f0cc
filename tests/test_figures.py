"""Figures kept once: the words the build writes for a token, and the review dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from db.build import build
from db.figures import expand, next_review
from db.sources import SourceFigure
from desktop_app.core.repository import ContentRepository
from tests.content_edits import TEST_FIGURE, add_body, add_figure

FIGURE = SourceFigure(
    id="x", path=Path("figures.yaml"), line=1,
    fields={"id": "x", "value": "more than 9 in 10", "group": "children aged 14 or younger",
            "measure": "lived for 5 years or more", "place": "England",
            "years": "diagnosed 2008 to 2010", "checked": date(2026, 12, 1),
            "source": {"name": "n", "url": "https://www.cancerresearchuk.org/"}})
WORDS = ("more than 9 in 10 children aged 14 or younger (England, diagnosed 2008 to 2010) "
         "lived for 5 years or more")


def test_a_token_becomes_plain_words_capitalised_at_a_sentence_start() -> None:
    figures = {"x": FIGURE}
    assert expand("{{figure:x}}.", figures) == WORDS[0].upper() + WORDS[1:] + "."
    assert expand("- {{figure:x}}.", figures) == "- M" + WORDS[1:] + "."
    assert expand("Hard news. {{figure:x}}.", figures) == "Hard news. M" + WORDS[1:] + "."
    assert expand("**{{figure:x}}.**", figures) == "**M" + WORDS[1:] + ".**"
    assert expand("We know that {{figure:x}}.", figures) == f"We know that {WORDS}."
    assert expand("A long\n{{figure:x}}.", figures) == f"A long\n{WORDS}."
    assert expand("{{figure:unknown}}", figures) == "{{figure:unknown}}"


def test_a_figure_is_due_a_year_after_it_was_checked() -> None:
    assert next_review(FIGURE) == date(2027, 12, 1)
    own = SourceFigure("x", {**FIGURE.fields, "next_review": date(2027, 6, 1)}, FIGURE.path, 1)
    assert next_review(own) == date(2027, 6, 1)


def test_a_page_is_due_when_a_figure_it_uses_is(content_copy: Path, tmp_path: Path) -> None:
    add_figure(content_copy, TEST_FIGURE + "  next_review: 2099-06-01\n")
    add_body(content_copy / "articles" / "hair-loss.md", "{{figure:test-figure}}.")
    target = tmp_path / "content.sqlite"
    build(content_copy, target)
    repository = ContentRepository.open(target)
    try:
        document = repository.document("article", "hair-loss")
        assert document is not None
        assert "About 9 in 10 children in a test (England, diagnosed 2008 to 2010) did well." \
            in document.html
        assert document.figures_next_review == date(2099, 6, 1)
        assert document.is_due_for_review(date(2099, 6, 2))
        assert not document.is_due_for_review(document.reviewed)
        # the figure's source is listed with the page's own, once
        urls = [source.url for source in document.sources]
        assert urls[-1] == "https://www.cancerresearchuk.org/x" and len(set(urls)) == len(urls)
        figure = next(f for f in repository.figures() if f.id == "test-figure")
        assert figure.text.startswith("about 9 in 10 children in a test")
        assert figure.next_review == date(2099, 6, 1)
        assert [page.id for page in figure.used_in] == ["hair-loss"]
    finally:
        repository.close()
