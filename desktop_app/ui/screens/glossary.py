"""The glossary: an A to Z list of terms with a filter, and the chosen term's meaning."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.addresses import Address, content_address
from desktop_app.core.repository import ContentRepository
from desktop_app.ui.read_aloud import ReadAloudBar
from desktop_app.ui.screens import Navigate, Screen
from desktop_app.ui.widgets import CardButton, ScrollingPage, WrappingList, heading


class GlossaryScreen(Screen):
    def __init__(self, repository: ContentRepository, navigate: Navigate) -> None:
        super().__init__()
        self._repository = repository
        self._navigate = navigate
        self.filter_field = QLineEdit()
        self.filter_field.setAccessibleName(self.tr("Find a word in the glossary"))
        # a visible label that stays while the reader types (WCAG 3.3.2)
        filter_label = heading(self.tr("Find a word"), "cardTitle")
        filter_label.setBuddy(self.filter_field)
        self.filter_field.textChanged.connect(self._filter)
        # long words wrap onto more lines at large text sizes, never cut off; pixel
        # steps, so a finger flick (ui/tablet.py) glides instead of jumping rows
        self.term_list = WrappingList()
        self.term_list.setAccessibleName(self.tr("Glossary words, A to Z"))
        self.term_list.currentItemChanged.connect(self._term_chosen)
        self._terms = repository.glossary_terms()
        for term in self._terms:
            item = QListWidgetItem(term.term)
            item.setData(Qt.ItemDataRole.UserRole, term.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, term.term)
            self.term_list.addItem(item)
        left = QVBoxLayout()
        left.addWidget(heading(self.tr("Glossary")))
        left.addWidget(filter_label)
        left.addWidget(self.filter_field)
        left.addWidget(self.term_list, 1)
        left_panel = QWidget()
        left_panel.setLayout(left)
        left_panel.setMaximumWidth(420)
        self.detail = ScrollingPage()
        self.term_title = heading("")
        self.meaning_label = heading("", "pageLead")
        self.also_label = QLabel()
        self.also_label.setWordWrap(True)
        self.used_heading = heading(self.tr("Pages that use this word"), "cardTitle")
        for widget in (self.term_title, self.meaning_label, self.also_label, self.used_heading):
            self.detail.column.addWidget(widget)
        self.read_aloud = ReadAloudBar(lambda: [self.term_title, self.meaning_label,
                                                self.also_label], self)
        self.detail.column.insertWidget(0, self.read_aloud)
        self.used_in: list[CardButton] = []
        self._used_start = self.detail.column.count()
        self.detail.column.addStretch()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 16, 8, 8)
        layout.addWidget(left_panel)
        layout.addWidget(self.detail, 1)

    def show_address(self, address: Address) -> bool:
        if not address.target:
            self.filter_field.setText("")
            if self.term_list.count():
                self.term_list.setCurrentRow(0)
            return True
        for row in range(self.term_list.count()):
            if self.term_list.item(row).data(Qt.ItemDataRole.UserRole) == address.target:
                self.filter_field.setText("")
                self.term_list.setCurrentRow(row)
                return True
        return False

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        first_visible = None
        for row, term in enumerate(self._terms):
            names = " ".join((term.term, *term.also)).lower()
            hidden = bool(needle) and needle not in names
            self.term_list.item(row).setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = row
        if first_visible is not None:
            self.term_list.setCurrentRow(first_visible)

    def _term_chosen(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        term = self._repository.glossary_term(item.data(Qt.ItemDataRole.UserRole))
        if term is None:
            return
        self.term_title.setText(term.term)
        self.term_title.setAccessibleName(term.term)
        self.meaning_label.setText(term.meaning)
        self.meaning_label.setAccessibleName(term.meaning)
        also = self.tr("Also called or spelt: {names}").format(names=", ".join(term.also))
        self.also_label.setText(also if term.also else "")
        self.also_label.setVisible(bool(term.also))
        for card in self.used_in:
            card.deleteLater()
        self.used_in = []
        for number, document in enumerate(term.used_in):
            card = CardButton(document.title, document.summary)
            address = content_address(document.kind, document.id)
            card.clicked.connect(lambda _=False, a=address: self._navigate(a))
            self.detail.column.insertWidget(self._used_start + number, card)
            self.used_in.append(card)
        self.used_heading.setVisible(bool(term.used_in))

    def selected_term_id(self) -> str:
        item = self.term_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def page_title(self) -> str:
        return self.tr("Glossary")
