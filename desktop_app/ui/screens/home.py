"""The home screen: one large search box, the ways in for a new reader (start here, the
treatment journey, my questions), and a tile per section."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLineEdit, QWidget

from desktop_app.core.addresses import (
    ABOUT,
    DIAGRAM,
    GLOSSARY,
    JOURNEY,
    QUESTIONS,
    START,
    Address,
    search_address,
    section_address,
)
from desktop_app.core.repository import ContentRepository
from desktop_app.ui.screens import Navigate, Screen
from desktop_app.ui.widgets import CardButton, ScrollingPage, connect_clicked, heading

TILE_COLUMNS = 2
WIDE_CHARACTERS = 110  # the width of the column of tiles, in characters of text


class HomeScreen(Screen):
    def __init__(self, repository: ContentRepository, navigate: Navigate) -> None:
        super().__init__()
        self._navigate = navigate
        page = ScrollingPage(self, characters=WIDE_CHARACTERS)  # cards may be wider
        self.page = page
        page.column.addWidget(heading(self.tr("ALL Guide")))
        page.column.addWidget(heading(
            self.tr("Clear, checked information about acute lymphoblastic leukaemia (ALL) "
                    "for patients, families and carers."), "pageLead"))
        # The only search box on Home (the top bar hides its own here): typing moves on
        # to the results, where the top bar's box carries on with the same words.
        # Its label says beforehand that the results open as one types (WCAG 3.2.2) and
        # stays when the placeholder goes (3.3.2)
        label = heading(self.tr("Search ALL Guide"), "cardTitle")
        hint = heading(self.tr("The results open as you type."), "muted")
        self.search_field = QLineEdit()
        self.search_field.setObjectName("bigSearch")
        self.search_field.setPlaceholderText(self.tr("For example: bone marrow"))
        self.search_field.setAccessibleName(label.text())
        self.search_field.setAccessibleDescription(hint.text())
        self.search_field.textEdited.connect(self._search)
        label.setBuddy(self.search_field)
        page.column.addWidget(label)
        page.column.addWidget(hint)
        page.column.addWidget(self.search_field)
        self.tiles: list[CardButton] = []
        ways_in = [
            (self.tr("Just diagnosed? Start here"),
             self.tr("A few pages to read first, one at a time."), START),
            (self.tr("Your treatment journey"),
             self.tr("The phases of treatment, step by step."), JOURNEY),
            (self.tr("My questions for the care team"),
             self.tr("Questions to ask at each stage. Tick them and add your own."),
             QUESTIONS),
        ]
        page.column.addWidget(self._grid(ways_in, columns=3, name="waysIn"))
        entries = [(self.tr("How blood cells grow: the diagram"),
                    self.tr("Explore how marrow makes blood cells, and where ALL stops "
                            "them growing up."), DIAGRAM)]
        entries += [(s.title, s.summary, section_address(s.id)) for s in repository.sections()]
        entries.append((self.tr("Glossary A to Z"),
                        self.tr("Plain meanings of the medical words you may hear."),
                        GLOSSARY))
        page.column.addWidget(heading(self.tr("Topics"), "sectionTitle"))
        page.column.addWidget(self._grid(entries, columns=TILE_COLUMNS))
        about = CardButton(self.tr("About ALL Guide"),
                           self.tr("Who checks the pages, and which version this is."))
        connect_clicked(about, lambda: self._navigate(ABOUT))
        self.tiles.append(about)
        page.column.addWidget(about)
        page.column.addStretch()
        self.fill_with(page)

    def _grid(self, entries: list[tuple[str, str, Address]], columns: int,
              name: str = "") -> QWidget:
        tiles = QWidget()
        tiles.setObjectName(name)
        grid = QGridLayout(tiles)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setSpacing(14)
        for number, (title, summary, target) in enumerate(entries):
            tile = CardButton(title, summary)
            connect_clicked(tile, partial(self._navigate, target))
            # top-aligned: tiles of a row start level even when their texts differ
            grid.addWidget(tile, number // columns, number % columns,
                           Qt.AlignmentFlag.AlignTop)
            self.tiles.append(tile)
        for column in range(columns):
            grid.setColumnStretch(column, 1)
        return tiles

    def _search(self, text: str) -> None:
        if text.strip():
            self._navigate(search_address(text))

    def show_address(self, address: Address) -> bool:
        self.search_field.setText("")  # not clear(): that keeps undo history
        self.page.verticalScrollBar().setValue(0)
        return True

    def page_title(self) -> str:
        return self.tr("Home")
