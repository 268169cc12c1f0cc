"""The cell-maturation diagram screen (`app:diagram`, `?view=all`, `?cell=<id>`).

The diagram itself is a QGraphicsView; screen readers cannot see QGraphicsItems, so a
tree of the same cells (the text alternative) and an info panel with the selected cell's
texts stay in step with it. A guided tour steps through the story with Next and Back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.addresses import Address, AddressError, parse_address
from desktop_app.core.diagram import Diagram
from desktop_app.core.repository import ContentRepository
from desktop_app.ui.diagram_scene import DiagramGraphicsView, DiagramScene
from desktop_app.ui.screens import Navigate, Screen
from desktop_app.ui.widgets import MIN_TARGET, ScrollingPage, heading


class CellInfoPanel(ScrollingPage):
    """The selected cell's texts from the database, or the current view's summary."""

    def __init__(self, repository: ContentRepository, navigate: Navigate) -> None:
        super().__init__()
        self._repository = repository
        self._navigate = navigate
        self.column.setContentsMargins(16, 8, 16, 8)
        self.title_label = heading("", "pageTitle")
        self.medical_label = heading("", "pageLead")
        self.title_label.setObjectName("sectionTitle")
        self.sections: dict[str, tuple[QLabel, QLabel]] = {}
        self.column.addWidget(self.title_label)
        self.column.addWidget(self.medical_label)
        for key, title in (("does", self.tr("What it does")),
                           ("too_few", self.tr("When there are too few")),
                           ("in_all", self.tr("In ALL"))):
            label = heading(title, "cardTitle")
            text = heading("", "bodyText")
            self.column.addWidget(label)
            self.column.addWidget(text)
            self.sections[key] = (label, text)
        self.link_buttons: list[QPushButton] = []
        self.links_box = QVBoxLayout()
        self.column.addLayout(self.links_box)
        self.column.addStretch()

    def _set(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setAccessibleName(text)
        label.setVisible(bool(text))

    def show_overview(self, title: str, summary: str, hint: str) -> None:
        self._set(self.title_label, title)
        self._set(self.medical_label, summary)
        for key, (label, text) in self.sections.items():
            label.setVisible(key == "does")
            self._set(text, hint if key == "does" else "")
        self.sections["does"][0].setVisible(False)
        self._set_links([])

    def show_cell(self, diagram: Diagram, cell_id: str) -> None:
        cell = diagram.cell(cell_id)
        if cell is None:
            return
        self._set(self.title_label, cell.name)
        self._set(self.medical_label, cell.medical_name if cell.medical_name != cell.name else "")
        for key, (label, text) in self.sections.items():
            value = getattr(cell, key)
            label.setVisible(bool(value))
            self._set(text, value)
        self._set_links(list(cell.links))

    def _set_links(self, links: list[str]) -> None:
        for button in self.link_buttons:
            button.deleteLater()
        self.link_buttons = []
        for link in links:
            title = self._link_title(link)
            if not title:
                continue
            button = QPushButton(title)
            button.setAccessibleName(title)
            button.setMinimumHeight(MIN_TARGET)
            button.clicked.connect(lambda _=False, target=link: self._navigate(target))
            self.links_box.addWidget(button)
            self.link_buttons.append(button)

    def _link_title(self, link: str) -> str:
        try:
            address = parse_address(link)
        except AddressError:
            return ""
        if address.route in ("article", "treatment"):
            document = self._repository.document(address.route, address.target)
            return self.tr("Read: {title}").format(title=document.title) if document else ""
        if address.route == "glossary" and address.target:
            term = self._repository.glossary_term(address.target)
            return self.tr("Meaning of “{term}”").format(term=term.term) if term else ""
        return ""


class DiagramScreen(Screen):
    def __init__(self, repository: ContentRepository, navigate: Navigate) -> None:
        super().__init__()
        self._navigate = navigate
        self.diagram = repository.diagram()
        self.scene = DiagramScene(self.diagram, self.tr("Inside the bone marrow"), self)
        self.scene.cell_clicked.connect(self.select_cell)
        self.scene.link_clicked.connect(navigate)
        self.view = DiagramGraphicsView(self.scene)
        self.view.setAccessibleName(self.tr("Cell maturation diagram"))
        self.view.setAccessibleDescription(self.tr(
            "Use the arrow keys to move along the family tree of blood cells and Enter to "
            "choose a cell. The list of cells beside the diagram holds the same "
            "information."))
        self.info = CellInfoPanel(repository, navigate)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("The cells of the diagram, as a list"))
        self.tree_items: dict[str, QTreeWidgetItem] = {}
        self._fill_tree()
        self.tree.currentItemChanged.connect(self._tree_changed)
        self.view_buttons = QButtonGroup(self)
        self.view_buttons.setExclusive(True)
        self.view_id = ""
        self.summary_label = heading("", "pageLead")
        self.tour_index = -1
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addLayout(self._build_toolbar())
        layout.addWidget(self.summary_label)
        middle = QHBoxLayout()
        middle.addWidget(self.view, 3)
        side = QVBoxLayout()
        side.addWidget(self.info, 3)
        side.addWidget(heading(self.tr("All cells as a list"), "cardTitle"))
        side.addWidget(self.tree, 2)
        side_panel = QWidget()
        side_panel.setLayout(side)
        side_panel.setMinimumWidth(280)
        side_panel.setMaximumWidth(400)
        middle.addWidget(side_panel, 2)
        layout.addLayout(middle, 1)
        layout.addWidget(self._build_tour_bar())
        self.set_view("healthy", animate=False)

    # Building

    def _build_toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for view in self.diagram.views:
            button = QPushButton(view.title)
            button.setCheckable(True)
            button.setAccessibleName(self.tr("Show the {title} view").format(title=view.title))
            button.setMinimumHeight(MIN_TARGET)
            button.setProperty("viewId", view.id)
            button.clicked.connect(lambda _=False, v=view.id: self.set_view(v))
            self.view_buttons.addButton(button)
            row.addWidget(button)
        row.addStretch()
        for text, name, slot in ((self.tr("−"), self.tr("Zoom out"), self.view.zoom_out),
                                 (self.tr("+"), self.tr("Zoom in"), self.view.zoom_in),
                                 (self.tr("Fit"), self.tr("Fit the diagram to the space"),
                                  self.view.fit)):
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.setMinimumSize(MIN_TARGET, MIN_TARGET)
            button.clicked.connect(slot)
            row.addWidget(button)
        self.zoom_out_button, self.zoom_in_button, self.fit_button = (
            row.itemAt(row.count() - n).widget() for n in (3, 2, 1))
        return row

    def _build_tour_bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 6, 0, 0)
        self.tour_caption = QLabel(self.tr("New to this? The guided tour tells the story "
                                           "one step at a time."))
        self.tour_caption.setWordWrap(True)
        self.tour_caption.setAccessibleName(self.tour_caption.text())
        self.tour_step_label = QLabel()
        self.tour_back = QPushButton(self.tr("Back"))
        self.tour_back.setAccessibleName(self.tr("Previous step of the tour"))
        self.tour_next = QPushButton(self.tr("Start the tour"))
        self.tour_next.setAccessibleName(self.tr("Start the guided tour"))
        for button in (self.tour_back, self.tour_next):
            button.setMinimumHeight(MIN_TARGET)
        self.tour_back.clicked.connect(lambda: self.tour_step(self.tour_index - 1))
        self.tour_next.clicked.connect(lambda: self.tour_step(self.tour_index + 1))
        self.tour_back.setVisible(False)
        row.addWidget(self.tour_caption, 1)
        row.addWidget(self.tour_step_label)
        row.addWidget(self.tour_back)
        row.addWidget(self.tour_next)
        return bar

    def _fill_tree(self) -> None:
        parents: dict[str, QTreeWidgetItem] = {}
        for _, cell in self.diagram.walk():
            item = QTreeWidgetItem([f"{cell.name} ({cell.medical_name})"
                                    if cell.medical_name != cell.name else cell.name])
            item.setData(0, Qt.ItemDataRole.UserRole, cell.id)
            if cell.parent_id:
                parents[cell.parent_id].addChild(item)
            else:
                self.tree.addTopLevelItem(item)
            parents[cell.id] = item
            self.tree_items[cell.id] = item
        self.tree.expandAll()

    # Behaviour

    def show_address(self, address: Address) -> bool:
        view = address.param("view", "healthy")
        if self.diagram.view(view) is None:
            return False
        cell = address.param("cell")
        if cell and self.diagram.cell(cell) is None:
            return False
        self.set_view(view, animate=self.isVisible() and view != self.view_id)
        self.select_cell(cell)
        if cell:
            self.view.centerOn(self.scene.cell_items[cell])
        else:
            self.view.fit()
        return True

    def page_title(self) -> str:
        return self.tr("How blood cells grow")

    def set_view(self, view_id: str, animate: bool = True) -> None:
        view = self.diagram.view(view_id)
        if view is None:
            return
        self.view_id = view_id
        for button in self.view_buttons.buttons():
            button.setChecked(button.property("viewId") == view_id)
        self.summary_label.setText(view.summary)
        self.summary_label.setAccessibleName(view.summary)
        self.scene.set_view(view, animate=animate)
        for cell_id, item in self.tree_items.items():
            state = ""
            if cell_id == view.blocked:
                state = self.tr(" – stops maturing in ALL")
            elif cell_id in view.crowded_out:
                state = self.tr(" – crowded out")
            cell = self.diagram.cell(cell_id)
            assert cell is not None
            item.setText(0, f"{cell.name}{state}")
        if not self.scene.selected_id:
            self._show_overview()

    def select_cell(self, cell_id: str) -> None:
        """Select from a click, a tap, Enter, the list or the address ("" clears)."""
        self.scene.select(cell_id or None)
        self.tree.blockSignals(True)
        self.tree.setCurrentItem(self.tree_items[cell_id] if cell_id else None)
        self.tree.blockSignals(False)
        if cell_id:
            self.info.show_cell(self.diagram, cell_id)
        else:
            self._show_overview()

    def _show_overview(self) -> None:
        view = self.diagram.view(self.view_id)
        if view is not None:
            self.info.show_overview(view.title, view.summary, self.tr(
                "Tap, click or press Enter on a cell to learn what it does."))

    def _tree_changed(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.select_cell(item.data(0, Qt.ItemDataRole.UserRole))

    def tour_step(self, index: int) -> None:
        steps = self.diagram.tour
        if not steps:
            return
        if index >= len(steps):
            index = -1
        self.tour_index = max(-1, index)
        if self.tour_index < 0:
            self.tour_caption.setText(self.tr("The tour is over. Start it again at any time."))
            self.tour_next.setText(self.tr("Start the tour"))
            self.tour_back.setVisible(False)
            self.tour_step_label.clear()
        else:
            step = steps[self.tour_index]
            self.set_view(step.view_id)
            self.select_cell(step.cell_id)
            self.view.centerOn(self.scene.cell_items[step.cell_id])
            self.tour_caption.setText(step.caption)
            last = self.tour_index == len(steps) - 1
            self.tour_next.setText(self.tr("Finish") if last else self.tr("Next"))
            self.tour_back.setVisible(self.tour_index > 0)
            self.tour_step_label.setText(self.tr("Step {n} of {total}").format(
                n=self.tour_index + 1, total=len(steps)))
        self.tour_caption.setAccessibleName(self.tour_caption.text())
        self.tour_next.setAccessibleName(self.tour_next.text())
