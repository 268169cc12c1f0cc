"""My pages (laptop): bookmarks, my questions, pages read lately, and moving them all to
another computer. Everything here is kept on this computer only (core.user_data)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.core.addresses import HOME, QUESTIONS, Address, AddressError, parse_address
from desktop_app.core.repository import ContentRepository
from desktop_app.core.session import ReaderSession
from desktop_app.core.user_data import UserData
from desktop_app.ui.screens import Navigate, Screen
from desktop_app.ui.widgets import MIN_TARGET, CardButton, ScrollingPage, connect_clicked, heading

READ_LATELY = 10


def _parsed(saved: Iterable[tuple[str, str]]) -> list[tuple[Address, str]]:
    """Saved (address text, title) pairs as addresses: the saved data's text is parsed
    here, where it enters; an entry whose text is no address (a file changed by hand)
    would lead nowhere, so it is left out."""
    found = []
    for text, title in saved:
        try:
            found.append((parse_address(text), title))
        except AddressError:
            continue
    return found


class SavedScreen(Screen):
    def __init__(self, user_data: UserData, session: ReaderSession,
                 repository: ContentRepository | None, navigate: Navigate,
                 export: Callable[[], None], import_: Callable[[], None],
                 clear_history: Callable[[], Callable[[], None] | None]) -> None:
        super().__init__()
        self._user_data, self._session, self._navigate = user_data, session, navigate
        self._list_titles = {q.id: q.title for q in repository.question_lists()} \
            if repository is not None else {}
        self._export, self._import, self._clear_history = export, import_, clear_history
        self.page = ScrollingPage(self)
        self.bookmark_cards: list[CardButton] = []
        # the last removal, which "Undo" in its section takes back (WCAG 3.3.4): (the
        # section, what was done, how to undo it); kept until the next change or page
        self._undo: tuple[str, str, Callable[[], object]] | None = None
        self.undo_button: QPushButton | None = None
        self.fill_with(self.page)

    def show_address(self, address: Address) -> bool:
        self._undo = None
        self._rebuild()
        return True

    def _add_undo(self, section: str) -> None:
        """Where the reader just removed something: what happened, and Undo (which
        takes the focus, so the keyboard and a screen reader land on it)."""
        if self._undo is None or self._undo[0] != section:
            return
        _, done, _ = self._undo
        row = QHBoxLayout()
        row.addWidget(heading(done, "pageLead"), 1)
        self.undo_button = self._button(self.tr("Undo"),
                                        self.tr("Undo: {done}").format(done=done),
                                        self._take_back)
        row.addWidget(self.undo_button, alignment=Qt.AlignmentFlag.AlignTop)
        self.page.column.addLayout(row)

    def _take_back(self) -> None:
        if self._undo is not None:
            _, _, undo = self._undo
            self._undo = None
            undo()
        self._rebuild()

    def _rebuild(self) -> None:
        column = self.page.column
        self.page.clear()
        self.undo_button = None
        column.addWidget(heading(self.tr("My pages")))
        column.addWidget(heading(self.tr(
            "Pages you bookmarked, the questions you chose, and pages you read lately. They "
            "are kept on this computer only."), "pageLead"))
        self._add_bookmarks()
        self._add_questions()
        self._add_read_lately()
        column.addWidget(heading(self.tr("Move to another computer"), "sectionTitle"))
        row = QHBoxLayout()
        row.addWidget(self._button(self.tr("Export…"), self.tr(
            "Export… bookmarks and questions to a file"), self._export))
        row.addWidget(self._button(self.tr("Import…"), self.tr(
            "Import… bookmarks and questions from a file"), self._import))
        row.addStretch()
        column.addLayout(row)
        column.addStretch()
        if self.undo_button is not None:
            self.undo_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _button(self, text: str, name: str, action: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setMinimumHeight(MIN_TARGET)
        connect_clicked(button, action)
        return button

    def _add_bookmarks(self) -> None:
        self.bookmark_cards = []
        self.page.column.addWidget(heading(self.tr("Bookmarks"), "sectionTitle"))
        bookmarks = _parsed(self._user_data.bookmarks())
        if not bookmarks:
            self.page.column.addWidget(heading(self.tr(
                "No bookmarks yet. Use “Bookmark” at the top of any article."), "pageLead"))
        for target, title in bookmarks:
            card = CardButton(title)
            connect_clicked(card, partial(self._navigate, target))
            self.page.column.addWidget(card)
            self.bookmark_cards.append(card)

    def _add_questions(self) -> None:
        """The ticked and own questions, stage by stage; each can be taken off."""
        column = self.page.column
        column.addWidget(heading(self.tr("My questions"), "sectionTitle"))
        self._add_undo("questions")
        chosen = self._session.chosen()
        if not chosen:
            column.addWidget(heading(self.tr(
                "No questions chosen yet. Tick the ones you want to ask, or add your own, "
                "in the question lists."), "pageLead"))
        shown_list = ""
        for list_id, question in chosen:
            if list_id != shown_list:
                shown_list = list_id
                column.addWidget(heading(self._list_titles.get(list_id, list_id), "cardTitle"))
            column.addWidget(self._question_row(list_id, question))
        open_lists = CardButton(self.tr("Questions to ask your care team"), self.tr(
            "Tick questions for each stage, add your own, and print them."))
        connect_clicked(open_lists, lambda: self._navigate(QUESTIONS))
        column.addWidget(open_lists)

    def _question_row(self, list_id: str, question: str) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        words = QLabel(question)
        words.setWordWrap(True)
        words.setAccessibleName(question)
        remove = self._button(self.tr("Remove"), self.tr("Remove: {q}").format(q=question),
                              lambda: self._remove(list_id, question))
        line.addWidget(words, 1)
        line.addWidget(remove, alignment=Qt.AlignmentFlag.AlignTop)
        return row

    def _remove(self, list_id: str, question: str) -> None:
        own = question in self._session.own_questions.get(list_id, [])
        self._session.remove_question(list_id, question)
        self._undo = ("questions", self.tr("One question taken off your list."),
                      partial(self._session.add_question, list_id, question) if own
                      else partial(self._session.set_ticked, list_id, question, True))
        self._rebuild()

    def _add_read_lately(self) -> None:
        column = self.page.column
        column.addWidget(heading(self.tr("Read lately"), "sectionTitle"))
        self._add_undo("lately")
        seen: list[tuple[Address, str]] = []
        for target, title in _parsed(self._user_data.history(60)):
            if target not in {t for t, _ in seen} and target != HOME:
                seen.append((target, title))
        if not seen:
            column.addWidget(heading(self.tr("Nothing yet."), "pageLead"))
            return
        for target, title in seen[:READ_LATELY]:
            card = CardButton(title)
            connect_clicked(card, partial(self._navigate, target))
            column.addWidget(card)
        clear = self._button(self.tr("Clear this list"),
                             self.tr("Clear this list of pages read lately"),
                             self._clear_and_rebuild)
        column.addWidget(clear, alignment=Qt.AlignmentFlag.AlignLeft)

    def _clear_and_rebuild(self) -> None:
        put_back = self._clear_history()
        self._undo = ("lately", self.tr("The list of pages read lately was cleared."),
                      put_back) if put_back is not None else None
        self._rebuild()

    def page_title(self) -> str:
        return self.tr("My pages")
