"""A section: its title, what it covers and a card for each of its pages."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout

from desktop_app.core.addresses import Address
from desktop_app.core.repository import ContentRepository
from desktop_app.core.settings import Contact, SiteSettings
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
        self.contacts: tuple[Contact, ...] = ()
        self.site_name = ""
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
        if section.id == "support" and self.contacts:
            self._add_contacts()
        self.page.column.addStretch()
        return True

    def set_site_settings(self, settings: SiteSettings) -> None:
        """The hospital's own contacts, from the site settings, for the support page."""
        self.contacts, self.site_name = settings.contacts, settings.site_name

    def _add_contacts(self) -> None:
        title = (self.tr("Contacts at {site}").format(site=self.site_name) if self.site_name
                 else self.tr("Local contacts"))
        self.page.column.addWidget(heading(title, "sectionTitle"))
        for contact in self.contacts:
            lines = [f"<b>{html.escape(contact.phone)}</b>" if contact.phone else "",
                     html.escape(contact.note)]
            label = heading("", "bodyText")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setText(f"<b>{html.escape(contact.name)}</b><br/>"
                          + "<br/>".join(line for line in lines if line))
            label.setAccessibleName(f"{contact.name} {contact.phone} {contact.note}".strip())
            self.page.column.addWidget(label)
        self.page.column.addWidget(heading(self.tr(
            "If you are worried about symptoms, call your care team's number, not this "
            "list."), "pageLead"))

    def page_title(self) -> str:
        return self._title
