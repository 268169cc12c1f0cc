"""Every screen the router can show, one entry a route: which screen makes it, whether it
prints, what the self-test calls it and a real address of it taken from the content.

The main window (which screen to make), the laptop (which pages print), the self-test
(one address of each screen) and the tests all read this one list. A new screen is one
module in screens/ plus one entry here.

Each screen module is imported only when its screen is first shown, so start-up loads
only Home. The imports are written out one by one, not made with importlib, so that
PyInstaller still finds them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.core.addresses import (
    ABOUT,
    GLOSSARY,
    HOME,
    JOURNEY,
    ROUTES,
    START,
    Address,
    content_address,
    diagram_address,
    glossary_address,
    questions_address,
    search_address,
    section_address,
)
from desktop_app.core.repository import ContentRepository
from desktop_app.core.session import ReaderSession
from desktop_app.core.settings import SiteSettings
from desktop_app.ui.screens import LinkNotFound, Navigate, Screen


@dataclass(frozen=True)
class ScreenContext:
    """What a screen may use: the content, a way to open a page (and to say a link in
    the content named none), and the site."""

    repository: ContentRepository
    open: Navigate
    link_not_found: LinkNotFound
    session: ReaderSession
    settings: SiteSettings


Examples = Callable[[ContentRepository], dict[str, Address]]


@dataclass(frozen=True)
class ScreenEntry:
    route: str
    make: Callable[[ScreenContext], Screen] | None  # None: a profile adds it (My pages)
    examples: Examples  # self-test name -> an address of this screen in this content
    prints: bool = False
    key: str = ""  # routes with the same key share one screen (treatment uses article's)

    @property
    def screen_key(self) -> str:
        return self.key or self.route


def _home(c: ScreenContext) -> Screen:
    from desktop_app.ui.screens.home import HomeScreen
    return HomeScreen(c.repository, c.open)


def _section(c: ScreenContext) -> Screen:
    from desktop_app.ui.screens.section import SectionScreen
    screen = SectionScreen(c.repository, c.open)
    screen.set_site_settings(c.settings)  # the hospital's contacts on the support page
    return screen


def _article(c: ScreenContext) -> Screen:
    from desktop_app.ui.screens.article import ArticleScreen
    return ArticleScreen(c.repository, c.open, c.link_not_found)


def _search(c: ScreenContext) -> Screen:
    from desktop_app.ui.screens.search import SearchScreen
    return SearchScreen(c.repository, c.open)


def _glossary(c: ScreenContext) -> Screen:
    from desktop_app.ui.screens.glossary import GlossaryScreen
    return GlossaryScreen(c.repository, c.open)


def _diagram(c: ScreenContext) -> Screen:
    from desktop_app.ui.screens.diagram import DiagramScreen
    return DiagramScreen(c.repository, c.open, c.link_not_found)


def _journey(c: ScreenContext) -> Screen:
    from desktop_app.ui.screens.journey import JourneyScreen
    return JourneyScreen(c.repository, c.open)


def _questions(c: ScreenContext) -> Screen:
    from desktop_app.ui.screens.questions import QuestionsScreen
    return QuestionsScreen(c.repository, c.open, c.session)  # keeps what the reader ticks


def _start_here(c: ScreenContext) -> Screen:
    from desktop_app.ui.screens.start_here import StartHereScreen
    return StartHereScreen(c.repository, c.open)


def _about(c: ScreenContext) -> Screen:
    from desktop_app.ui.screens.about import AboutScreen
    return AboutScreen(c.repository, c.open)


def _first_document(repository: ContentRepository, kind: str) -> Address:
    for section in repository.sections():
        for document in repository.documents_in_section(section.id):
            if document.kind == kind:
                return content_address(document.kind, document.id)
    raise LookupError(f"the content has no {kind} to show")


def _one(name: str, address: Address) -> Examples:
    return lambda _repository: {name: address}


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("home", _home, _one("home", HOME)),
    ScreenEntry("section", _section,
                lambda r: {"section": section_address(r.sections()[0].id)}),
    ScreenEntry("article", _article,
                lambda r: {"article": _first_document(r, "article")}, prints=True),
    ScreenEntry("treatment", _article,
                lambda r: {"treatment": _first_document(r, "treatment")}, prints=True,
                key="article"),
    ScreenEntry("search", _search, _one("search", search_address("leukaemia"))),
    ScreenEntry("glossary", _glossary,
                lambda r: {"glossary": GLOSSARY,
                           "glossary term": glossary_address(r.glossary_terms()[0].id)}),
    ScreenEntry("diagram", _diagram,
                lambda r: {"diagram": diagram_address(cell=r.diagram().cells[-1].id)}),
    ScreenEntry("journey", _journey, _one("journey", JOURNEY)),
    ScreenEntry("questions", _questions,
                lambda r: {"questions": questions_address(r.question_lists()[0].id)},
                prints=True),
    ScreenEntry("start", _start_here, _one("start here", START)),
    ScreenEntry("about", _about, _one("about", ABOUT)),
    ScreenEntry("saved", None, lambda _r: {}),  # the laptop's My pages (ui/laptop.py)
)
BY_ROUTE: dict[str, ScreenEntry] = {entry.route: entry for entry in SCREENS}
assert set(BY_ROUTE) == set(ROUTES), "every address route needs exactly one screen entry"


def entry_for(route: str) -> ScreenEntry | None:
    return BY_ROUTE.get(route)


def prints(route: str) -> bool:
    entry = BY_ROUTE.get(route)
    return entry is not None and entry.prints


def example_addresses(repository: ContentRepository) -> dict[str, str]:
    """One real address of every screen, by the name the self-test reports, written as
    text (self_test.py reports and parses them; it could take the Address values of
    `ScreenEntry.examples` as they are)."""
    found: dict[str, str] = {}
    for entry in SCREENS:
        found.update({name: str(address) for name, address in entry.examples(repository).items()})
    return found
