"""A full-page message: content that cannot be opened, or a page that does not exist."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop_app.core.addresses import Address
from desktop_app.ui.screens import Screen
from desktop_app.ui.widgets import ScrollingPage, heading


class MessageScreen(Screen):
    """Says what is wrong and what to do, in plain words, with optional technical detail."""

    def __init__(self) -> None:
        super().__init__()
        page = ScrollingPage(self)
        self.title_label = heading("")
        self.text_label = heading("", "pageLead")
        self.advice_label = heading("", "pageLead")
        self.detail_label = QLabel()
        self.detail_label.setObjectName("muted")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (self.title_label, self.text_label, self.advice_label, self.detail_label):
            page.column.addWidget(widget)
        page.column.addStretch()
        self.fill_with(page)

    def set_message(self, title: str, text: str, advice: str = "", detail: str = "") -> None:
        self.title_label.setText(title)
        self.title_label.setAccessibleName(title)
        self.text_label.setText(text)
        self.text_label.setAccessibleName(text)
        self.advice_label.setText(advice)
        self.advice_label.setVisible(bool(advice))
        self.detail_label.setText(detail)
        self.detail_label.setAccessibleName(detail)
        self.detail_label.setVisible(bool(detail))

    def show_address(self, address: Address) -> bool:
        return True

    def page_title(self) -> str:
        return self.title_label.text()
