"""Questions to ask your care team: a list per stage to tick and add to."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.addresses import Address
from desktop_app.core.models import QuestionList
from desktop_app.core.repository import ContentRepository
from desktop_app.core.session import ReaderSession
from desktop_app.ui.screens import Navigate, Screen
from desktop_app.ui.widgets import MIN_TARGET, ScrollingPage, heading


class _TogglingLabel(QLabel):
    """A question's words: pressing them toggles its tick box too.

    (Setting the label's mousePressEvent to a method of the row, or connecting to one,
    leaves objects Python and Qt never free: a kiosk lost 6 MB per 1,000 sessions.)"""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self._box = box

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._box.toggle()


class QuestionRow(QWidget):
    """A tick box with the question beside it, wrapped; the words toggle the box too."""

    def __init__(self, text: str, ticked: bool) -> None:
        super().__init__()
        self.text = text
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.box = QCheckBox()
        self.box.setAccessibleName(text)
        self.box.setChecked(ticked)
        self.box.setMinimumSize(MIN_TARGET, MIN_TARGET)
        self.box.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label = _TogglingLabel(text, self.box)
        self.label.setWordWrap(True)
        row.addWidget(self.box, alignment=Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1, alignment=Qt.AlignmentFlag.AlignVCenter)


class QuestionsScreen(Screen):
    def __init__(self, repository: ContentRepository, navigate: Navigate,
                 session: ReaderSession) -> None:
        super().__init__()
        self.session = session
        self.lists = repository.question_lists()
        self.page = ScrollingPage(self)
        self.rows: dict[str, list[QuestionRow]] = {}
        self.add_fields: dict[str, QLineEdit] = {}
        self.list_headings: dict[str, QLabel] = {}
        self._boxes: dict[str, QVBoxLayout] = {}
        self.fill_with(self.page)
        self.rebuild()

    def _session_state(self) -> tuple[frozenset[tuple[str, str]], tuple[str, ...]]:
        own = tuple(f"{i}\0{q}" for i, qs in sorted(self.session.own_questions.items())
                    for q in qs)
        return frozenset(self.session.ticked), own

    def rebuild(self) -> None:
        """Lay out every list from the session (after a wipe, everything is unticked)."""
        self._built_from = self._session_state()
        self.page.clear()
        self.rows, self.add_fields, self.list_headings = {}, {}, {}
        self.page.column.addWidget(heading(self.tr("Questions to ask your care team")))
        self.page.column.addWidget(heading(self.tr(
            "Tick the questions you want to ask, and add your own. Take them to your next "
            "appointment. Your care team is the best place to get answers about you."),
            "pageLead"))
        for question_list in self.lists:
            self._add_list(question_list)
        self.page.column.addStretch()

    def _add_list(self, question_list: QuestionList) -> None:
        title = heading(question_list.title, "sectionTitle")
        self.list_headings[question_list.id] = title
        self.page.column.addWidget(title)
        box = QVBoxLayout()
        box.setSpacing(0)
        self._boxes[question_list.id] = box
        self.page.column.addLayout(box)
        self.rows[question_list.id] = []
        own = self.session.own_questions.get(question_list.id, [])
        for text in [*question_list.questions, *own]:
            self._add_row(question_list.id, text)
        field = QLineEdit()
        field.setAccessibleName(self.tr("Add your own question to “{title}”").format(
            title=question_list.title))
        # a visible label that stays while the reader types (WCAG 3.3.2)
        field_label = heading(self.tr("Add your own question"), "muted")
        field_label.setBuddy(field)
        self.page.column.addWidget(field_label)
        field.setMinimumHeight(MIN_TARGET)
        add = QPushButton(self.tr("Add"))
        add.setAccessibleName(self.tr("Add this question to “{title}”").format(
            title=question_list.title))
        add.setMinimumSize(MIN_TARGET, MIN_TARGET)
        add.clicked.connect(lambda _=False, i=question_list.id: self.add_own_question(i))
        field.returnPressed.connect(lambda i=question_list.id: self.add_own_question(i))
        row = QHBoxLayout()
        row.addWidget(field, 1)
        row.addWidget(add)
        self.page.column.addLayout(row)
        self.add_fields[question_list.id] = field

    def _add_row(self, list_id: str, text: str) -> None:
        row = QuestionRow(text, self.session.is_ticked(list_id, text))
        row.box.toggled.connect(
            lambda ticked, i=list_id, t=text: self._set_ticked(i, t, ticked))
        self._boxes[list_id].addWidget(row)
        self.rows[list_id].append(row)

    def _set_ticked(self, list_id: str, text: str, ticked: bool) -> None:
        self.session.set_ticked(list_id, text, ticked)
        self._built_from = self._session_state()

    def add_own_question(self, list_id: str) -> None:
        field = self.add_fields[list_id]
        added = self.session.add_question(list_id, field.text())
        if added:
            self._add_row(list_id, added)
        self._built_from = self._session_state()
        field.setText("")  # not clear(): Ctrl+Z would bring the words back

    def show_address(self, address: Address) -> bool:
        if address.target and address.target not in self.list_headings:
            return False
        if self._session_state() != self._built_from:  # changed on My pages meanwhile
            self.rebuild()
        # scroll once the layout has run, so the heading has its final place
        # (the screen is the timer's context: a kiosk reset may delete it before then)
        QTimer.singleShot(0, self, lambda: self.scroll_to(address.target))
        return True

    def scroll_to(self, list_id: str) -> None:
        heading_label = self.list_headings.get(list_id)
        self.page.verticalScrollBar().setValue(heading_label.y() - 12 if heading_label else 0)

    def page_title(self) -> str:
        return self.tr("Questions to ask")
