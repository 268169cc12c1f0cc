"""The one address scheme for everything a link can point at.

Content, the UI, the command line and the tests all speak in addresses such as
`app:article/what-is-all` or `app:search?q=leukemia`; the router turns them into screens.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

SCHEME = "app"

# route -> whether it may take a target (the part after the slash)
ROUTES: dict[str, bool] = {
    "home": False,
    "section": True,
    "article": True,
    "treatment": True,
    "glossary": True,  # `app:glossary` is the A-Z list; `app:glossary/<id>` one term
    "search": False,
    "diagram": False,
    "journey": False,
    "questions": True,  # `app:questions`, or `app:questions/<list id>` for one stage
    "saved": False,  # the laptop's bookmarks, questions and recent pages
    "start": False,  # "Just diagnosed? Start here": the first pages to read, in order
    "about": False,  # what ALL Guide is, its content version and where its facts come from
}
ROUTES_NEEDING_TARGET = frozenset({"section", "article", "treatment"})


class AddressError(ValueError):
    """Raised for text that is not a valid in-app address."""


@dataclass(frozen=True)
class Address:
    """A parsed in-app address: a route, an optional target id and query parameters."""

    route: str
    target: str = ""
    query: tuple[tuple[str, str], ...] = ()

    def param(self, name: str, default: str = "") -> str:
        """The first value of query parameter `name`, or `default`."""
        for key, value in self.query:
            if key == name:
                return value
        return default

    def __str__(self) -> str:
        text = f"{SCHEME}:{self.route}"
        if self.target:
            text += "/" + quote(self.target, safe="-_.")  # "/" too: a target is one part
        if self.query:
            text += "?" + urlencode(self.query)
        return text


HOME = Address("home")


def search_address(query: str) -> Address:
    """The address of the search results for `query`."""
    return Address("search", query=(("q", query),))


def is_external(text: str) -> bool:
    """True for addresses that lead outside the app (web, mail, telephone)."""
    scheme = urlsplit(text.strip()).scheme.lower()
    return scheme in {"http", "https", "mailto", "tel", "ftp"}


def parse_address(text: str) -> Address:
    """Parse `app:route[/target][?query]`; raise AddressError for anything else."""
    try:
        parts = urlsplit(text.strip())
    except ValueError as error:  # such as "app://[": not an address of any kind
        raise AddressError(f"not an address: {text!r}") from error
    if parts.scheme != SCHEME:
        raise AddressError(f"not an in-app address: {text!r}")
    route, _, quoted = parts.path.partition("/")
    target = unquote(quoted)  # __str__ quotes it: "a b" is written "a%20b"
    if route not in ROUTES:
        raise AddressError(f"unknown page {route!r} in {text!r}")
    if target and not ROUTES[route]:
        raise AddressError(f"page {route!r} takes no id, got {text!r}")
    if not target and route in ROUTES_NEEDING_TARGET:
        raise AddressError(f"page {route!r} needs an id, as in app:{route}/<id>")
    query = tuple(parse_qsl(parts.query, keep_blank_values=True))
    return Address(route, target, query)
