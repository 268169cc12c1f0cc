"""The one address scheme for everything a link can point at.

Content, the UI, the command line and the tests all speak in addresses such as
`app:article/what-is-all` or `app:search?q=leukemia`; the router turns them into screens.

The code makes addresses with the constants and constructors below (`HOME`,
`article_address(id)`, `search_address(words)`...), never by writing their text. Text
from outside (a link in the content, `--page`, saved bookmarks) is parsed once, with
`parse_address`, where it enters. `str(address)` is the text, as saved and as linked.
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


# The pages that take no target (questions and glossary also take one: see below)
HOME = Address("home")
GLOSSARY = Address("glossary")  # the A to Z list
DIAGRAM = Address("diagram")
JOURNEY = Address("journey")
QUESTIONS = Address("questions")  # every list of questions
SAVED = Address("saved")
START = Address("start")
ABOUT = Address("about")


def _with_target(route: str, target: str) -> Address:
    """An address of one thing on a route: refused, as parse_address would refuse its
    text, when the route takes no target or the target is empty."""
    if not ROUTES.get(route, False):
        raise AddressError(f"page {route!r} takes no id")
    if not target:
        raise AddressError(f"page {route!r} needs an id, as in app:{route}/<id>")
    return Address(route, target)


def section_address(section_id: str) -> Address:
    return _with_target("section", section_id)


def article_address(article_id: str) -> Address:
    return _with_target("article", article_id)


def treatment_address(treatment_id: str) -> Address:
    return _with_target("treatment", treatment_id)


def glossary_address(term_id: str) -> Address:
    """One term of the glossary (GLOSSARY is the whole A to Z list)."""
    return _with_target("glossary", term_id)


def questions_address(list_id: str) -> Address:
    """One stage's list of questions (QUESTIONS is all of them)."""
    return _with_target("questions", list_id)


def diagram_address(*, view: str = "", cell: str = "") -> Address:
    """The diagram, showing a view and choosing a cell if given (view first, as the
    content's links write it: `app:diagram?view=all&cell=lymphoblast`)."""
    query = tuple((name, value) for name, value in (("view", view), ("cell", cell)) if value)
    return Address("diagram", query=query)


def search_address(query: str) -> Address:
    """The address of the search results for `query`."""
    return Address("search", query=(("q", query),))


def content_address(kind: str, thing_id: str) -> Address:
    """The address of something the content names by kind and id, as in its summaries and
    search hits: an article, treatment, glossary term, question list or diagram cell."""
    if kind == "cell":
        return diagram_address(cell=thing_id)
    return _with_target(kind, thing_id)


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
