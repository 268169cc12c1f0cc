"""The home screen: a search box and one large tile per section."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLineEdit, QVBoxLayout, QWidget

from desktop_app.core.addresses import Address, search_address
from desktop_app.core.repository import ContentRepository
from desktop_app.ui.screens import Navigate, Screen
from desktop_app.ui.widgets import CardButton, ScrollingPage, heading

TILE_COLUMNS = 2


class HomeScreen(Screen):
    def __init__(self, repository: ContentRepository, navigate: Navigate) -> None:
        super().__init__()
        self._navigate = navigate
        page = ScrollingPage(self)
        page.column.addWidget(heading(self.tr("ALL Guide")))
        page.column.addWidget(heading(
            self.tr("Clear, checked information about acute lymphoblastic leukaemia (ALL) "
                    "for patients, families and carers."), "pageLead"))
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText(self.tr("Search, for example: bone marrow"))
        self.search_field.setAccessibleName(self.tr("Search ALL Guide"))
        self.search_field.returnPressed.connect(self._search)
        self.search_field.textEdited.connect(self._search)
        page.column.addWidget(self.search_field)
        tiles = QWidget()
        grid = QGridLayout(tiles)
        grid.setContentsMargins(0, 8, 0, 0)
        grid.setSpacing(14)
        self.tiles: list[CardButton] = []
        entries = [(self.tr("How blood cells grow: the diagram"),
                    self.tr("Explore how marrow makes blood cells, and where ALL stops "
                            "them growing up."), "app:diagram")]
        entries += [(s.title, s.summary, f"app:section/{s.id}") for s in repository.sections()]
        entries.append((self.tr("Glossary A to Z"),
                        self.tr("Plain meanings of the medical words you may hear."),
                        "app:glossary"))
        for number, (title, summary, target) in enumerate(entries):
            tile = CardButton(title, summary)
            tile.clicked.connect(lambda _=False, t=target: self._navigate(t))
            grid.addWidget(tile, number // TILE_COLUMNS, number % TILE_COLUMNS)
            self.tiles.append(tile)
        page.column.addWidget(tiles)
        page.column.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page)

    def _search(self, *_: object) -> None:
        text = self.search_field.text()
        if text.strip():
            self._navigate(str(search_address(text)))

    def show_address(self, address: Address) -> bool:
        self.search_field.setText("")  # not clear(): that keeps undo history
        return True

    def page_title(self) -> str:
        return self.tr("Home")
