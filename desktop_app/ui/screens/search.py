"""Search results, updated as the reader types."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from desktop_app.core.addresses import Address
from desktop_app.core.repository import ContentRepository
from desktop_app.ui.screens import Navigate, Screen
from desktop_app.ui.widgets import CardButton, ScrollingPage, heading


class SearchScreen(Screen):
    def __init__(self, repository: ContentRepository, navigate: Navigate) -> None:
        super().__init__()
        self._repository = repository
        self._navigate = navigate
        self.page = ScrollingPage(self)
        self.results: list[CardButton] = []
        self.query = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)
        self._kind_names = {
            "article": self.tr("Article"),
            "treatment": self.tr("Treatment"),
            "glossary": self.tr("Word meaning"),
            "cell": self.tr("Diagram"),
        }

    def show_address(self, address: Address) -> bool:
        self.query = address.param("q")
        hits = self._repository.search(self.query) if self.query.strip() else []
        self.page.clear()
        self.results = []
        if not self.query.strip():
            self.page.column.addWidget(heading(self.tr("Search")))
            self.page.column.addWidget(heading(
                self.tr("Type a word in the search box, for example: platelets."), "pageLead"))
        elif not hits:
            self.page.column.addWidget(heading(self.tr("No pages found")))
            self.page.column.addWidget(heading(
                self.tr("Nothing matches “{query}”. Try fewer words, or another word for "
                        "the same thing.").format(query=self.query), "pageLead"))
        else:
            self.page.column.addWidget(heading(
                self.tr("Results for “{query}”").format(query=self.query)))
            for hit in hits:
                kind = self._kind_names.get(hit.kind, hit.kind)
                card = CardButton(f"{hit.title}  ·  {kind}", hit.snippet_html())
                card.setAccessibleName(f"{hit.title}, {kind}")
                card.setAccessibleDescription(hit.snippet_marked("", ""))
                card.clicked.connect(lambda _=False, a=hit.address: self._navigate(a))
                self.page.column.addWidget(card)
                self.results.append(card)
        self.page.column.addStretch()
        return True

    def page_title(self) -> str:
        return self.tr("Search")
