"""Search results, updated as the reader types.

The search itself is ContentRepository.search_forgiving, the one `python -m db search`
makes too: this screen only shows its hits, in its order, with its correction.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop_app.core.addresses import GLOSSARY, HOME, Address, content_address, search_address
from desktop_app.core.repository import ContentRepository
from desktop_app.core.search import SCREEN_LIMIT, corrections
from desktop_app.ui.accessible_factory import announce
from desktop_app.ui.screens import Navigate, Screen
from desktop_app.ui.widgets import CardButton, ScrollingPage, connect_clicked, heading


class SearchScreen(Screen):
    def __init__(self, repository: ContentRepository, navigate: Navigate) -> None:
        super().__init__()
        self._repository = repository
        self._navigate = navigate
        self.page = ScrollingPage(self)
        self.results: list[CardButton] = []
        self.query = ""
        self.fill_with(self.page)
        self._kind_names = {
            "article": self.tr("Article"),
            "treatment": self.tr("Treatment"),
            "glossary": self.tr("Word meaning"),
            "cell": self.tr("Diagram"),
            "questions": self.tr("Questions to ask"),
        }
        self.suggestion_button: QPushButton | None = None

    def show_address(self, address: Address) -> bool:
        self.query = address.param("q")
        outcome = (self._repository.search_forgiving(self.query, SCREEN_LIMIT)
                   if self.query.strip() else None)
        hits = outcome.hits if outcome else []
        self.page.clear()
        self.results = []
        self.suggestion_button = None
        if not self.query.strip():
            self._title(self.tr("Search"))
            self.page.column.addWidget(heading(
                self.tr("Type a word in the search box, for example: platelets."), "pageLead"))
        elif not hits:
            self._title(self.tr("No pages found"))
            self.page.column.addWidget(heading(
                self.tr("Nothing matches “{query}”. Try fewer words, or another word for "
                        "the same thing.").format(query=self.query), "pageLead"))
            self._offer_ways_on()
        else:
            shown = outcome.suggestion if outcome and outcome.corrected else self.query
            self._title(self.tr("Results for “{query}”").format(query=shown))
            if outcome and outcome.corrected:
                changed = corrections(self.query, outcome.suggestion)
                typed = "”, “".join(old for old, _ in changed) or self.query
                self.page.column.addWidget(heading(self.tr(
                    "Nothing matched “{typed}” as it is spelt, so these are the results for "
                    "“{shown}”.").format(typed=typed, shown=shown), "pageLead"))
            elif outcome and outcome.suggestion:
                self._offer(outcome.suggestion)
            for hit in hits:
                kind = self._kind_names.get(hit.kind, hit.kind)
                # the page's own question that the reader's words match, if one does:
                # "Will my hair fall out? → Hair loss"
                line = hit.title_line()
                card = CardButton(f"{line}  ·  {kind}", hit.snippet_html())
                card.setAccessibleName(f"{line}, {kind}")
                card.setAccessibleDescription(hit.snippet_marked("", ""))
                target = content_address(hit.kind, hit.id)
                card.clicked.connect(lambda _=False, a=target: self._navigate(a))
                self.page.column.addWidget(card)
                self.results.append(card)
        self.page.column.addStretch()
        if self.query.strip():  # the focus stays in the search box: say what came up
            announce(self, self.tr("No pages found") if not hits else
                     self.tr("1 page found") if len(hits) == 1 else
                     self.tr("{count} pages found").format(count=len(hits)))
        return True

    def _offer_ways_on(self) -> None:
        """A reader who found nothing still has somewhere to go: each word alone, the
        sections, and the glossary."""
        words = [w for w in self.query.split() if len(w) > 2]
        ways = [(self.tr("Search for “{word}” only").format(word=word),
                 search_address(word)) for word in words[:4]] if len(words) > 1 else []
        ways += [(self.tr("Browse the topics on the home page"), HOME),
                 (self.tr("Look up a word in the glossary"), GLOSSARY)]
        for label, target in ways:
            card = CardButton(label)
            connect_clicked(card, partial(self._navigate, target))
            self.page.column.addWidget(card)
            self.results.append(card)

    def _title(self, text: str) -> None:
        self.title_label = heading(text)
        self.page.column.addWidget(self.title_label)

    def _offer(self, suggestion: str) -> None:
        label = self.tr("Did you mean “{suggestion}”?").format(suggestion=suggestion)
        self.suggestion_button = QPushButton(label)
        self.suggestion_button.setAccessibleName(label)
        self.suggestion_button.clicked.connect(
            lambda: self._navigate(search_address(suggestion)))
        self.page.column.addWidget(self.suggestion_button,
                                   alignment=Qt.AlignmentFlag.AlignLeft)

    def page_title(self) -> str:
        return self.tr("Search")
