"""My saved pages (laptop): bookmarks, recent pages, and moving them to another computer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from desktop_app.core.addresses import Address
from desktop_app.core.user_data import UserData
from desktop_app.ui.screens import Navigate, Screen
from desktop_app.ui.widgets import MIN_TARGET, CardButton, ScrollingPage, heading


class SavedScreen(Screen):
    def __init__(self, user_data: UserData, navigate: Navigate,
                 export: Callable[[], None], import_: Callable[[], None]) -> None:
        super().__init__()
        self._user_data, self._navigate = user_data, navigate
        self._export, self._import = export, import_
        self.page = ScrollingPage(self)
        self.bookmark_cards: list[CardButton] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)

    def show_address(self, address: Address) -> bool:
        self.page.clear()
        self.page.column.addWidget(heading(self.tr("My saved pages")))
        self.page.column.addWidget(heading(self.tr(
            "Pages you bookmarked and pages you read lately. They are kept on this computer "
            "only."), "pageLead"))
        self.bookmark_cards = []
        bookmarks = self._user_data.bookmarks()
        self.page.column.addWidget(heading(self.tr("Bookmarks"), "sectionTitle"))
        if not bookmarks:
            self.page.column.addWidget(heading(self.tr(
                "No bookmarks yet. Use “Bookmark” at the top of any article."), "pageLead"))
        for target, title in bookmarks:
            card = CardButton(title)
            card.clicked.connect(lambda _=False, a=target: self._navigate(a))
            self.page.column.addWidget(card)
            self.bookmark_cards.append(card)
        self.page.column.addWidget(heading(self.tr("Read lately"), "sectionTitle"))
        seen: set[str] = set()
        for target, title in self._user_data.history(40):
            if target in seen or len(seen) >= 10:
                continue
            seen.add(target)
            card = CardButton(title)
            card.clicked.connect(lambda _=False, a=target: self._navigate(a))
            self.page.column.addWidget(card)
        self.page.column.addWidget(heading(self.tr("Move to another computer"),
                                           "sectionTitle"))
        row = QHBoxLayout()
        for text, name, slot in (
                (self.tr("Export…"), self.tr("Export bookmarks and questions to a file"),
                 self._export),
                (self.tr("Import…"), self.tr("Import bookmarks and questions from a file"),
                 self._import)):
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.setMinimumHeight(MIN_TARGET)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch()
        self.page.column.addLayout(row)
        self.page.column.addStretch()
        return True

    def page_title(self) -> str:
        return self.tr("My saved pages")
