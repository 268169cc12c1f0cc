from __future__ import annotations

import pytest

from desktop_app.core.addresses import (
    Address,
    AddressError,
    is_external,
    parse_address,
    search_address,
)


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
