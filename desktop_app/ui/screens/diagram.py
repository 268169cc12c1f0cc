"""The cell-maturation diagram screen (`app:diagram`, `?view=<id>`, `?cell=<id>`).

The diagram itself is a QGraphicsView; screen readers cannot see QGraphicsItems, so a
tree of the same cells (the text alternative) and an info panel with the selected cell's
or the view's texts stay in step with it. A guided tour steps through the story, and each
treatment view through its own steps, with Next and Back. The MRD view swaps in a picture
of 10,000 cells. Every view, text and step comes from the data; the view buttons are
made from it, grouped by kind.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.addresses import Address, AddressError, parse_address
from desktop_app.core.diagram import Diagram, DiagramView
from desktop_app.core.repository import ContentRepository
from desktop_app.ui import accessible_diagram, style
from desktop_app.ui.diagram_mrd import MrdScene
from desktop_app.ui.diagram_palette import palette_for
from desktop_app.ui.diagram_scene import DiagramGraphicsView, DiagramScene, ZoomView
from desktop_app.ui.diagram_widgets import ScrollingRow, ViewButton, view_button_style
from desktop_app.ui.read_aloud import ReadAloudBar
from desktop_app.ui.screens import LinkNotFound, Navigate, Screen
from desktop_app.ui.widgets import MIN_TARGET, CardButton, ScrollingPage, heading

NARROW = 900  # px: below this width (or on a tall window) the panel goes under the diagram


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
        self.details: list[tuple[QLabel, QLabel]] = []
        self.details_box = QVBoxLayout()
        self.column.addLayout(self.details_box)
        self.link_buttons: list[CardButton] = []
        self.links_box = QVBoxLayout()
        self.column.addLayout(self.links_box)
        self.column.addStretch()

    def _set(self, label: QLabel, text: str, heading_text: str = "") -> None:
        """Each text is a Tab stop, so a screen reader reaches it (and the panel
        scrolls to it); a section's text carries its heading in its name."""
        label.setText(text)
        label.setAccessibleName(f"{heading_text}: {text}" if heading_text and text else text)
        label.setVisible(bool(text))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def show_overview(self, view: DiagramView, hint: str) -> None:
        """The view's own texts: its summary, its headed details and its explainer."""
        self._set(self.title_label, view.title)
        self._set(self.medical_label, view.summary)
        for key, (label, text) in self.sections.items():
            label.setVisible(False)
            self._set(text, hint if key == "does" and view.kind == "tree" else "")
        self._set_details([(d.heading, d.text) for d in view.details])
        self._set_links([view.explainer] if view.explainer else [])

    def _set_details(self, details: list[tuple[str, str]]) -> None:
        while len(self.details) < len(details):
            pair = (heading("", "cardTitle"), heading("", "bodyText"))
            for label in pair:
                self.details_box.addWidget(label)
            self.details.append(pair)
        for n, (title, text) in enumerate(self.details):
            title.setText(details[n][0] if n < len(details) else "")
            title.setVisible(bool(title.text()))
            self._set(text, details[n][1] if n < len(details) else "", title.text())

    def show_cell(self, diagram: Diagram, cell_id: str) -> None:
        cell = diagram.cell(cell_id)
        if cell is None:
            return
        self._set(self.title_label, cell.name)
        self._set(self.medical_label, cell.medical_name if cell.medical_name != cell.name else "")
        for key, (label, text) in self.sections.items():
            value = getattr(cell, key)
            label.setVisible(bool(value))
            self._set(text, value, label.text())
        self._set_details([])
        self._set_links(list(cell.links))

    def _set_links(self, links: list[str]) -> None:
        for button in self.link_buttons:
            button.hide()  # at once: deleteLater waits for the event loop
            self.links_box.removeWidget(button)
            button.deleteLater()
        self.link_buttons = []
        for link in links:
            try:
                address = parse_address(link)  # the content's link text, parsed here once
            except AddressError:
                continue
            title = self._link_title(address)
            if not title:
                continue
            button = CardButton(title)  # wraps its words: a long title fits at 200% text
            button.clicked.connect(lambda _=False, target=address: self._navigate(target))
            self.links_box.addWidget(button)
            self.link_buttons.append(button)

    def _link_title(self, address: Address) -> str:
        if address.route in ("article", "treatment"):
            document = self._repository.document(address.route, address.target)
            return self.tr("Read: {title}").format(title=document.title) if document else ""
        if address.route == "glossary" and address.target:
            term = self._repository.glossary_term(address.target)
            return self.tr("Meaning of “{term}”").format(term=term.term) if term else ""
        return ""


class DiagramScreen(Screen):
    def __init__(self, repository: ContentRepository, navigate: Navigate,
                 link_not_found: LinkNotFound) -> None:
        super().__init__()
        self._navigate = navigate
        self._link_not_found = link_not_found
        self.diagram = repository.diagram()
        self.text_scale = 1.0
        self.theme = style.LIGHT
        self.scene = DiagramScene(self.diagram, self.tr("Inside the bone marrow"),
                                  (self.tr("leukaemia cells (blasts)"),
                                   self.tr("healthy cells")), self)
        self.scene.cell_clicked.connect(self.select_cell)
        self.scene.link_clicked.connect(self._follow_link)
        self.view = DiagramGraphicsView(self.scene)
        self.view.setAccessibleName(self.tr("Cell maturation diagram"))
        self.view.setAccessibleDescription(self.tr(
            "Use the arrow keys to move along the family tree of blood cells and Enter to "
            "choose a cell. The list of cells beside the diagram holds the same "
            "information."))
        self.mrd_scene = MrdScene(self.tr("1 leukaemia cell among 10,000 cells"))
        self.mrd_view = ZoomView(self.mrd_scene, max_zoom=16.0, min_fit=0.1)
        self.mrd_view.setAccessibleName(self.tr("Picture of 10,000 cells"))
        self.mrd_view.setAccessibleDescription(self.tr(
            "10,000 small dots stand for cells. One of them, ringed and labelled, is a "
            "leukaemia cell. Zoom in to see it."))
        self.pictures = QStackedWidget()
        self.pictures.addWidget(self.view)
        self.pictures.addWidget(self.mrd_view)
        self.info = CellInfoPanel(repository, navigate)
        self.info.setAccessibleName(self.tr("About the chosen cell or view"))
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("The cells of the diagram, as a list"))
        self.tree_items: dict[str, QTreeWidgetItem] = {}
        self._fill_tree()
        self.tree.currentItemChanged.connect(self._tree_changed)
        self.view_buttons = QButtonGroup(self)
        self.view_buttons.setExclusive(True)
        self.view_id = ""
        self.tour_index = -1
        # Inside a scroll area: at large text on a small screen the view buttons wrap to
        # many rows, and the screen scrolls rather than push the window past the screen
        # (a full-screen kiosk or tablet would leave full screen)
        inner = QWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroller = QScrollArea(self)
        scroller.setObjectName("diagramPage")
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroller.setWidget(inner)
        outer.addWidget(scroller)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self._build_toolbar())
        self.middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.middle.addWidget(self.pictures, 3)
        self.side_panel = QTabWidget()
        self.side_panel.addTab(self.info, self.tr("About"))
        self.side_panel.addTab(self.tree, self.tr("All cells as a list"))
        self.side_panel.setAccessibleName(self.tr("About the cell, or all cells as a list"))
        self.side_panel.setMinimumWidth(300)
        self.side_panel.setMaximumWidth(440)
        self.middle.addWidget(self.side_panel, 2)
        layout.addLayout(self.middle, 1)
        layout.addWidget(self._build_step_bar())
        self.read_aloud = ReadAloudBar(  # the tour step, then the chosen cell or view
            lambda: [self.tour_caption, *self.info.findChildren(QLabel)], self)
        layout.addWidget(self.read_aloud)
        self.set_view("healthy", animate=False)

    # Building

    def _view_row(self, title: str, name: str, views: list[DiagramView]) -> ScrollingRow:
        """One group of views on one line, scrolling sideways when it is too long."""
        row = ScrollingRow(title, name)
        for view in views:
            button = ViewButton(view.title, self.theme)
            button.setAccessibleName(self.tr("Show the {title} view").format(title=view.title))
            button.setProperty("viewId", view.id)
            button.clicked.connect(lambda _=False, v=view.id: self.set_view(v))
            button.toggled.connect(
                lambda _=False, b=button: accessible_diagram.announce_pressed(b))
            self.view_buttons.addButton(button)
            row.add_button(button)
        self.view_rows.append(row)
        return row

    def _build_toolbar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("diagramToolbar")
        column = QVBoxLayout(bar)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        top = QHBoxLayout()
        illness = [v for v in self.diagram.views if v.kind != "treatment"]
        treatments = [v for v in self.diagram.views if v.kind == "treatment"]
        self.view_rows: list[ScrollingRow] = []
        top.addWidget(self._view_row(self.tr("The illness:"), self.tr("Views of the illness"),
                                     illness), 1)
        for text, name, slot in ((self.tr("−"), self.tr("Zoom out"), self.zoom_out),
                                 (self.tr("+"), self.tr("Zoom in"), self.zoom_in),
                                 (self.tr("Fit"), self.tr("Fit the diagram to the space"),
                                  self.fit)):
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.setMinimumSize(MIN_TARGET, MIN_TARGET)
            button.clicked.connect(slot)
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.zoom_out_button, self.zoom_in_button, self.fit_button = (
            top.itemAt(top.count() - n).widget() for n in (3, 2, 1))
        column.addLayout(top)
        if treatments:
            column.addWidget(self._view_row(self.tr("Treatments:"),
                                            self.tr("Views of how treatments work"), treatments))
        bar.setStyleSheet(view_button_style(self.text_scale, self.theme))
        self.toolbar = bar
        self._size_buttons()
        return bar

    def _build_step_bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 6, 0, 0)
        self.tour_caption = QLabel(self.tr("New to this? The guided tour tells the story "
                                           "one step at a time."))
        self.tour_caption.setWordWrap(True)
        self.tour_caption.setObjectName("pageLead")
        self.tour_caption.setAccessibleName(self.tour_caption.text())
        self.tour_step_label = QLabel()
        self.tour_back = QPushButton(self.tr("Back"))
        self.tour_back.setAccessibleName(self.tr("Back: the previous step of the tour"))
        self.tour_next = QPushButton(self.tr("Start the tour"))
        self.tour_next.setAccessibleName(self.tr("Start the tour"))
        for button in (self.tour_back, self.tour_next):
            button.setMinimumHeight(MIN_TARGET)
        self.tour_back.clicked.connect(lambda: self._go(-1))
        self.tour_next.clicked.connect(lambda: self._go(+1))
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

    # Size: the window's text size, and narrow or tall windows

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange):
            self.follow_theme()  # the window restyles itself for a new theme
            self._size_buttons()  # or for a kiosk's screen factor
        if event.type() == QEvent.Type.FontChange:
            scale = getattr(self.window(), "text_scale", 1.0)
            if scale != self.text_scale:
                self.set_text_scale(scale)

    def showEvent(self, event: QEvent) -> None:  # type: ignore[override]
        super().showEvent(event)  # type: ignore[arg-type]
        self.follow_theme()
        scale = getattr(self.window(), "text_scale", 1.0)
        if scale != self.text_scale:
            self.set_text_scale(scale)

    def set_text_scale(self, scale: float) -> None:
        """Labels, callouts and the stage grow with the window's text size."""
        self.text_scale = scale
        self.scene.relayout(scale)
        view = self.diagram.view(self.view_id)
        if view is not None and view.kind != "mrd":
            self.scene.set_view(view, animate=False)
            if view.steps and self.scene.step_index != self._step_wanted:
                self.scene.show_step(self._step_wanted, animate=False)
        self.toolbar.setStyleSheet(view_button_style(scale, self.theme))
        self._size_buttons()
        self.fit()

    def _size_buttons(self) -> None:
        """The view buttons' words at the window's text size (times a kiosk's factor)."""
        points = (style.BASE_POINT_SIZE * self.text_scale
                  * getattr(self.window(), "screen_factor", 1.0))
        for button in self.view_buttons.buttons():
            if isinstance(button, ViewButton):
                button.set_points(points)

    def follow_theme(self) -> None:
        """The window's theme (light, dark, high contrast) on the pictures and buttons."""
        theme = getattr(self.window(), "theme", style.LIGHT)
        if theme == self.theme:
            return
        self.theme = theme
        palette = palette_for(theme)
        self.scene.set_palette(palette)
        self.mrd_scene.set_palette(palette)
        for button in self.view_buttons.buttons():
            if isinstance(button, ViewButton):
                button.theme = theme
        self.toolbar.setStyleSheet(view_button_style(self.text_scale, theme))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = event.size()
        under = size.width() < NARROW or size.height() > size.width()
        direction = (QBoxLayout.Direction.TopToBottom if under
                     else QBoxLayout.Direction.LeftToRight)
        if self.middle.direction() != direction:
            self.middle.setDirection(direction)
            self.side_panel.setMaximumWidth(16777215 if under else 440)
            self.side_panel.setMinimumHeight(240 if under else 0)

    # Zoom, for whichever picture is showing

    def current_picture(self) -> ZoomView:
        return self.mrd_view if self.pictures.currentWidget() is self.mrd_view else self.view

    def zoom_in(self) -> None:
        self.current_picture().zoom_in()

    def zoom_out(self) -> None:
        self.current_picture().zoom_out()

    def fit(self) -> None:
        self.current_picture().fit()

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
            self.fit()
        return True

    def page_title(self) -> str:
        return self.tr("How blood cells grow")

    def _follow_link(self, text: str) -> None:
        """A symptom note's link, from the content: parsed here, once."""
        try:
            address = parse_address(text)
        except AddressError:
            self._link_not_found()
            return
        self._navigate(address)

    def set_view(self, view_id: str, animate: bool = True) -> None:
        view = self.diagram.view(view_id)
        if view is None:
            return
        changed = view_id != self.view_id
        self.view_id = view_id
        for button in self.view_buttons.buttons():
            button.setChecked(button.property("viewId") == view_id)
            if button.isChecked():
                for row in self.view_rows:
                    if row.isAncestorOf(button):
                        row.show_button(button)
        if view.kind == "mrd":
            self.pictures.setCurrentWidget(self.mrd_view)
            self.mrd_view.fit()
        else:
            self.pictures.setCurrentWidget(self.view)
            self.scene.set_view(view, animate=animate)
            if changed:
                self.view.fit()
        self._step_wanted = 0
        for cell_id, item in self.tree_items.items():
            state = ""
            if cell_id == view.blocked:
                state = self.tr(" – stuck, does not grow up in ALL")
            elif cell_id in view.crowded_out:
                state = self.tr(" – crowded out")
            cell = self.diagram.cell(cell_id)
            assert cell is not None
            item.setText(0, f"{cell.name}{state}")
        if view.steps or self.tour_index < 0:
            self.tour_index = -1
            self._show_bar()
        if not self.scene.selected_id or view.kind != "tree":
            self._show_overview()

    def select_cell(self, cell_id: str) -> None:
        """Select from a click, a tap, Enter, the list or the address ("" clears)."""
        self.scene.select(cell_id or None)
        self.tree.blockSignals(True)
        self.tree.setCurrentItem(self.tree_items[cell_id] if cell_id else None)
        self.tree.blockSignals(False)
        if cell_id:
            self.info.show_cell(self.diagram, cell_id)
            self.side_panel.setCurrentWidget(self.info)
        else:
            self._show_overview()

    def _show_overview(self) -> None:
        view = self.diagram.view(self.view_id)
        if view is not None:
            self.info.show_overview(view, self.tr(
                "Tap, click or press Enter on a cell to learn what it does."))

    def _tree_changed(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.select_cell(item.data(0, Qt.ItemDataRole.UserRole))

    # The bottom bar: a treatment view's steps, or else the guided tour

    def current_steps(self) -> int:
        view = self.diagram.view(self.view_id)
        return len(view.steps) if view is not None else 0

    def _go(self, delta: int) -> None:
        if self.current_steps():
            self.show_step((self.scene.step_index + delta) % self.current_steps())
        else:
            self.tour_step(self.tour_index + delta)

    def show_step(self, index: int) -> None:
        """Step `index` of the current treatment view (Next and Back)."""
        self._step_wanted = index
        self.scene.show_step(index)
        self._show_bar()

    def _show_bar(self) -> None:
        view = self.diagram.view(self.view_id)
        if view is not None and view.steps:
            index = max(0, self.scene.step_index)
            self.tour_caption.setText(view.steps[index].caption)
            self.tour_step_label.setText(self.tr("Step {n} of {total}").format(
                n=index + 1, total=len(view.steps)))
            last = index == len(view.steps) - 1
            self.tour_next.setText(self.tr("Start again") if last else self.tr("Next"))
            self.tour_next.setAccessibleName(self.tr("Start again: show step 1") if last
                                             else self.tr("Next step"))
            self.tour_back.setAccessibleName(self.tr("Back: the previous step"))
            self.tour_back.setVisible(index > 0)
        elif self.tour_index < 0:
            self.tour_caption.setText(self.tr("New to this? The guided tour tells the story "
                                              "one step at a time."))
            self.tour_next.setText(self.tr("Start the tour"))
            self.tour_next.setAccessibleName(self.tr("Start the tour"))
            self.tour_back.setAccessibleName(self.tr("Back: the previous step of the tour"))
            self.tour_back.setVisible(False)
            self.tour_step_label.clear()
        self.tour_caption.setAccessibleName(self.tour_caption.text())

    def tour_step(self, index: int) -> None:
        steps = self.diagram.tour
        if not steps:
            return
        if index >= len(steps):
            index = -1
        self.tour_index = max(-1, index)
        if self.tour_index < 0:
            self._show_bar()
            self.tour_caption.setText(self.tr("The tour is over. Start it again at any time."))
        else:
            step = steps[self.tour_index]
            self.set_view(step.view_id)
            self.select_cell(step.cell_id)
            self.view.centerOn(self.scene.cell_items[step.cell_id])
            self.tour_caption.setText(step.caption)
            last = self.tour_index == len(steps) - 1
            self.tour_next.setText(self.tr("Finish") if last else self.tr("Next"))
            self.tour_next.setAccessibleName(self.tour_next.text())
            self.tour_back.setAccessibleName(self.tr("Back: the previous step of the tour"))
            self.tour_back.setVisible(self.tour_index > 0)
            self.tour_step_label.setText(self.tr("Step {n} of {total}").format(
                n=self.tour_index + 1, total=len(steps)))
        self.tour_caption.setAccessibleName(self.tour_caption.text())
