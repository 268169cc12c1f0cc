"""The top bar's arrangement: navigation and search on the left, the text size buttons
anchored at the right end of the first row, and the profile's actions (My pages,
Bookmark, Print...) beside them when they fit, else on a second row that wraps.

A+ stays at the right end of the first row whatever the text size, the page or the
bookmark state, so a second click where the first one was hits A+ again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.flow_layout import FlowLayout
from desktop_app.ui.widgets import guarded_event_filter

SEARCH_CHARACTERS = 14  # the search field never gets narrower than this


class TopBar(QFrame):
    """The bar itself; MainWindow makes the controls and hands them over."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topBar")
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(12, 8, 12, 8)
        self.rows.setSpacing(8)
        self.first = QHBoxLayout()
        self.first.setSpacing(6)
        self.rows.addLayout(self.first)
        self.second = QHBoxLayout()
        self.second.setContentsMargins(0, 0, 0, 0)
        self.rows.addLayout(self.second)
        self.actions = QWidget()
        self.actions.setObjectName("topBarActions")
        self.actions.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.actions_flow = FlowLayout(self.actions, spacing=6)
        self.actions.hide()
        self.search: QLineEdit | None = None
        self.right: list[QWidget] = []
        self.left: list[QWidget] = []
        self._in_first_row = True
        self._arranging = False

    def set_controls(self, left: list[QWidget], search: QLineEdit, after_search: list[QWidget],
                     right: list[QWidget]) -> None:
        """Left: Back, Forward, Home; then the search field (it takes the spare width)
        with its label; right, anchored at the end: the colours and text size buttons."""
        # a visible label that stays while the reader types (WCAG 3.3.2), contained in
        # the field's name (2.5.3); shown and hidden with the field
        self.search_label = QLabel(self.tr("Search"))
        self.search_label.setBuddy(search)
        self.left = [*left, self.search_label, *after_search]
        self.search, self.right = search, right
        for widget in (*left, self.search_label):
            self.first.addWidget(widget)
        self.first.addWidget(search, 1)
        for widget in after_search:
            self.first.addWidget(widget)
        self.first.addStretch(0)  # takes the spare width when Home hides the search field
        self.first.addWidget(self.actions)
        for widget in right:
            self.first.addWidget(widget)
        search.installEventFilter(self)  # shown and hidden page by page

    def add_action(self, widget: QWidget) -> None:
        """A profile's button (Start over, Bookmark, Print...)."""
        self.actions_flow.addWidget(widget)
        self.actions.show()
        widget.installEventFilter(self)  # its words and size change with the page
        self.arrange()

    @guarded_event_filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.FontChange):
            if watched is self.search:
                self.search_label.setHidden(self.search.isHidden())
            self.arrange()
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.arrange()

    def first_row_width(self) -> int:
        """The width the first row needs with the actions in it."""
        spacing = self.first.spacing()
        widgets = [w for w in (*self.left, *self.right) if not w.isHidden()]
        width = sum(w.sizeHint().width() for w in widgets) + spacing * len(widgets)
        if self.search is not None and not self.search.isHidden():
            width += self.search.fontMetrics().averageCharWidth() * SEARCH_CHARACTERS + spacing
        width += self.actions_flow.sizeHint().width() + spacing
        margins = self.rows.contentsMargins()
        return width + margins.left() + margins.right()

    def arrange(self) -> None:
        """The actions beside the text size buttons if the row has room, else below."""
        if self._arranging or self.search is None or self.actions_flow.count() == 0:
            return
        self._arranging = True
        try:
            fits = self.first_row_width() <= self.width()
            if fits != self._in_first_row:
                if fits:
                    self.second.removeWidget(self.actions)
                    self.first.insertWidget(self.first.indexOf(self.right[0]), self.actions)
                else:
                    self.first.removeWidget(self.actions)
                    self.second.addWidget(self.actions, 1)
                self._in_first_row = fits
                policy = QSizePolicy.Policy.Maximum if fits else QSizePolicy.Policy.Preferred
                self.actions.setSizePolicy(policy, QSizePolicy.Policy.Preferred)
                self.actions_flow.invalidate()
        finally:
            self._arranging = False

    @property
    def actions_in_first_row(self) -> bool:
        return self._in_first_row


class ThemePanel(QFrame):
    """A row under the top bar to choose the colours: the system's, light, dark or high
    contrast. Buttons a finger can hit, each named with its visible words."""

    def __init__(self, labels: dict[str, tuple[str, str]], title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("themePanel")
        self.setAccessibleName(title)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 6, 12, 8)
        holder = QWidget()
        flow = FlowLayout(holder, spacing=6, centre_rows=True)
        heading = QLabel(title)
        heading.setAccessibleName(title)
        flow.addWidget(heading)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QAbstractButton] = {}
        for choice, (text, name) in labels.items():
            button = QPushButton(text)
            button.setCheckable(True)
            button.setAccessibleName(name)
            button.setMinimumHeight(44)
            button.setProperty("themeChoice", choice)
            self.group.addButton(button)
            flow.addWidget(button)
            self.buttons[choice] = button
        outer.addWidget(holder)
        heading.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def mark(self, choice: str) -> None:
        button = self.buttons.get(choice)
        if button is not None:
            button.setChecked(True)
