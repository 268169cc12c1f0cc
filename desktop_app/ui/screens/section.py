"""A section: its title, what it covers and a card for each of its pages."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt

from desktop_app.core.addresses import JOURNEY, QUESTIONS, Address, content_address
from desktop_app.core.repository import ContentRepository
from desktop_app.core.settings import Contact, SiteSettings
from desktop_app.ui.screens import Navigate, Screen
from desktop_app.ui.widgets import CardButton, ScrollingPage, connect_clicked, heading


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
        self.fill_with(self.page)

    def show_address(self, address: Address) -> bool:
        section = self._repository.section(address.target)
        if section is None:
            return False
        self._title = section.title
        self.page.clear()
        self.page.column.addWidget(heading(section.title))
        self.page.column.addWidget(heading(section.summary, "pageLead"))
        self.cards = []
        if section.id == "treatment":
            self._add_card(self.tr("Your treatment journey"),
                           self.tr("The phases of treatment, step by step."), JOURNEY)
        for document in self._repository.documents_in_section(section.id):
            self._add_card(document.title, document.summary,
                           content_address(document.kind, document.id))
        if section.id == "support" and self.contacts:
            self._add_contacts()
        self._add_card(self.tr("Questions to ask your care team"),
                       self.tr("Tick the ones you want to ask, and add your own."),
                       QUESTIONS)
        self.page.column.addStretch()
        self.page.verticalScrollBar().setValue(0)  # a section always opens at its top
        return True

    def _add_card(self, title: str, text: str, target: Address) -> None:
        card = CardButton(title, text)
        connect_clicked(card, lambda: self._navigate(target))
        self.page.column.addWidget(card)
        self.cards.append(card)

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
