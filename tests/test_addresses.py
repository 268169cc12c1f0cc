from __future__ import annotations

import pytest

from desktop_app.core.addresses import (
    ABOUT,
    DIAGRAM,
    GLOSSARY,
    HOME,
    JOURNEY,
    QUESTIONS,
    SAVED,
    START,
    Address,
    AddressError,
    article_address,
    content_address,
    diagram_address,
    glossary_address,
    is_external,
    parse_address,
    questions_address,
    search_address,
    section_address,
    treatment_address,
)
from desktop_app.core.models import DocumentSummary, SearchHit


@pytest.mark.parametrize(
    "text",
    ["app:home", "app:section/understanding", "app:article/what-is-all",
     "app:glossary/bone-marrow", "app:glossary", "app:diagram?view=all",
     "app:treatment/induction", "app:search?q=low+platelets"],
)
def test_addresses_round_trip(text: str) -> None:
    assert str(parse_address(text)) == text


def test_search_address_keeps_the_words() -> None:
    address = search_address("spinal tap & more")
    assert parse_address(str(address)).param("q") == "spinal tap & more"


@pytest.mark.parametrize(
    "text",
    ["https://www.nhs.uk", "app:nowhere", "app:article", "app:home/extra", "article/x", ""],
)
def test_bad_addresses_are_refused(text: str) -> None:
    with pytest.raises(AddressError):
        parse_address(text)


def test_outside_addresses_are_recognised() -> None:
    assert is_external("https://www.cancer.gov") and is_external("mailto:a@b.org")
    assert not is_external("app:home")
    assert Address("diagram", query=(("cell", "platelet"),)).param("cell") == "platelet"


def test_the_constructors_write_the_text_content_and_saved_data_use() -> None:
    """Saved bookmarks, links in the content and the tests hold this text: it must not
    change, and it must parse back to the same Address."""
    made = {
        HOME: "app:home", GLOSSARY: "app:glossary", DIAGRAM: "app:diagram",
        JOURNEY: "app:journey", QUESTIONS: "app:questions", SAVED: "app:saved",
        START: "app:start", ABOUT: "app:about",
        section_address("understanding"): "app:section/understanding",
        article_address("what-is-all"): "app:article/what-is-all",
        treatment_address("induction"): "app:treatment/induction",
        glossary_address("bone-marrow"): "app:glossary/bone-marrow",
        questions_address("transplant"): "app:questions/transplant",
        diagram_address(cell="lymphoblast"): "app:diagram?cell=lymphoblast",
        diagram_address(view="all", cell="lymphoblast"): "app:diagram?view=all&cell=lymphoblast",
        search_address("low platelets"): "app:search?q=low+platelets",
    }
    for address, text in made.items():
        assert str(address) == text
        assert parse_address(text) == address


@pytest.mark.parametrize("kind", ["article", "treatment", "glossary", "questions", "cell"])
def test_content_addresses_agree_with_the_models(kind: str) -> None:
    """Summaries and search hits name pages by kind and id; the screens make their
    addresses with content_address, which says the same as the models' text."""
    hit = SearchHit(kind, "some-id", "A title", "")
    assert str(content_address(kind, "some-id")) == hit.address
    assert parse_address(hit.address) == content_address(kind, "some-id")
    if kind in ("article", "treatment"):
        assert str(content_address(kind, "x")) == DocumentSummary(kind, "x", "t", "s").address


@pytest.mark.parametrize("make", [lambda: article_address(""), lambda: section_address(""),
                                  lambda: content_address("home", "x"),
                                  lambda: content_address("nowhere", "x")])
def test_constructors_refuse_what_parse_address_refuses(make) -> None:
    with pytest.raises(AddressError):
        make()
