"""A section: its title, what it covers and a card for each of its pages."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from desktop_app.core.addresses import Address
from desktop_app.core.repository import ContentRepository
from desktop_app.ui.screens import Navigate, Screen
from desktop_app.ui.widgets import CardButton, ScrollingPage, heading


class SectionScreen(Screen):
    def __init__(self, repository: ContentRepository, navigate: Navigate) -> None:
        super().__init__()
        self._repository = repository
        self._navigate = navigate
        self._title = ""
        self.page = ScrollingPage(self)
        self.cards: list[CardButton] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)

    def show_address(self, address: Address) -> bool:
        section = self._repository.section(address.target)
        if section is None:
            return False
        self._title = section.title
        self.page.clear()
        self.page.column.addWidget(heading(section.title))
        self.page.column.addWidget(heading(section.summary, "pageLead"))
        self.cards = []
        for document in self._repository.documents_in_section(section.id):
            card = CardButton(document.title, document.summary)
            card.clicked.connect(lambda _=False, a=document.address: self._navigate(a))
            self.page.column.addWidget(card)
            self.cards.append(card)
        self.page.column.addStretch()
        return True

    def page_title(self) -> str:
        return self._title
