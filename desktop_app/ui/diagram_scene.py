"""The diagram's scene and views: layout from the core, selection, views, steps, animation.

DiagramScene places one CellItem per cell where `core.diagram.layout` says (spaced for the
text size), and moves between views and treatment steps with one animation: crowded-out
lines fade, blasts pile up over the stuck cell's branch and fill the marrow panel,
callouts appear, a treatment's stage moves to its next step. ZoomView gives zoom (wheel,
pinch, buttons) and panning (drag, one finger); DiagramGraphicsView adds the keys.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEasingCurve,
    QEvent,
    QLineF,
    QObject,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QResizeEvent,
    QTouchEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsItem, QGraphicsScene, QGraphicsView, QWidget

from desktop_app.core.diagram import (
    FULL_MARROW,
    LEAF_SPACING,
    Diagram,
    DiagramView,
    Direction,
    layout,
)
from desktop_app.ui import accessible_diagram
from desktop_app.ui.diagram_items import (
    MAX_BLASTS,
    RADIUS,
    BlastPile,
    CalloutItem,
    CellItem,
    EdgeItem,
    MarrowPanel,
)
from desktop_app.ui.diagram_palette import LIGHT, DiagramPalette
from desktop_app.ui.diagram_stage import StageItem

ANIMATION_MS = 700
MIN_ZOOM, MAX_ZOOM = 0.25, 4.0
ZOOM_STEP = 1.25
# the smallest zoom "Fit" uses: labels stay at least about 11 px high on screen
MIN_FIT_ZOOM = 0.62
BAND_GAP = 16.0


class DiagramScene(QGraphicsScene):
    """The lineage tree, its blast pile, the callouts or a treatment's stage, and the
    marrow panel, laid out from the data for the current text size."""

    cell_clicked = Signal(str)
    link_clicked = Signal(str)

    def __init__(self, diagram: Diagram, marrow_title: str, legend: tuple[str, str],
                 parent: QObject | None = None, text_scale: float = 1.0,
                 palette: DiagramPalette = LIGHT) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.diagram_palette = palette  # not `palette`: that is QGraphicsScene's own
        self.setBackgroundBrush(QColor(palette.paper))
        self.text_scale = text_scale
        self.cell_items: dict[str, CellItem] = {}
        for cell in diagram.cells:
            item = CellItem(cell, text_scale, palette)
            item.clicked.connect(self.cell_clicked)
            self.addItem(item)
            self.cell_items[cell.id] = item
        self.edge_items = [EdgeItem(p, c, palette) for p, c in diagram.edges()]
        for edge in self.edge_items:
            self.addItem(edge)
        self.pile = BlastPile(QRectF(), palette)
        self.addItem(self.pile)
        colours = [cell.look.fill for depth, cell in diagram.walk() if depth >= 2]
        self.marrow = MarrowPanel(400, marrow_title, legend, colours, text_scale, palette)
        self.addItem(self.marrow)
        self.stage = StageItem(400, text_scale, palette)
        self.stage.setVisible(False)
        self.addItem(self.stage)
        self.callouts: list[CalloutItem] = []
        self.view: DiagramView | None = None
        self.step_index = -1
        self.progress = 0.0  # 0 = healthy look, 1 = the leukaemia look in full
        self.blasts, self.healthy = 0.0, 1.0
        self._from = self._to = (0.0, 0.0, 1.0)  # (progress, blasts, healthy)
        self._crowded: set[str] = set()
        self._blocked: str | None = None
        self.animation = QVariantAnimation(self)
        self.animation.setDuration(ANIMATION_MS)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self.animation.valueChanged.connect(self._step)
        self.selected_id: str | None = None
        self.focused_id: str = diagram.root.id
        self.cell_items[self.focused_id].focused = True
        self.relayout(text_scale)

    # Layout

    def relayout(self, text_scale: float) -> None:
        """Place everything for a text size: labels grow, and the spacing grows with them."""
        self.text_scale = text_scale
        for item in self.cell_items.values():
            item.set_text_scale(text_scale)
        label_width = max(item.label_width for item in self.cell_items.values())
        label_height = max(item.label_height for item in self.cell_items.values())
        positions = layout(self.diagram, max(LEAF_SPACING, label_width + 8),
                           2 * RADIUS + label_height + 20)
        for cell_id, item in self.cell_items.items():
            item.setPos(*positions[cell_id])
        for edge in self.edge_items:
            parent = self.cell_items[edge.parent_id]
            edge.place(parent.pos() + QPointF(0, parent.label_bottom()),
                       self.cell_items[edge.child_id].pos())
        tree = QRectF()
        for item in self.cell_items.values():
            tree = tree.united(item.mapRectToScene(item.boundingRect()))
        self.tree_rect = tree
        self.band_top = tree.bottom() + BAND_GAP
        self.band_width = max(tree.width(), 3 * (CalloutItem.WIDTH * text_scale + 20))
        self.stage.setPos(tree.left(), self.band_top)
        self._place_pile()
        self._place_band()

    def _place_pile(self) -> None:
        blocked = self._blocked
        if blocked is None:
            self.pile.set_count(0)
            return
        item = self.cell_items[blocked]
        points = [self.cell_items[c].pos() - item.pos()
                  for c in [blocked, *self.diagram.descendants(blocked)]]
        xs, ys = [p.x() for p in points], [p.y() for p in points]
        self.pile.setPos(item.pos())
        self.pile.set_area(QRectF(min(xs) - 50, 0, max(xs) - min(xs) + 100, max(ys) + 20))

    def _place_band(self) -> None:
        """The callouts under their cells, or the stage; then the marrow panel below."""
        right = -1e9
        height = 0.0
        for callout in sorted(self.callouts, key=lambda c: c.cell_x):
            x = max(callout.cell_x, right + 14 + callout.width / 2)
            callout.place(QPointF(x, self.band_top), callout.cell_point)
            right = x + callout.width / 2
            height = max(height, callout.height)
        width, scale = self.band_width, self.text_scale
        if self.stage.isVisible():  # the stage and the marrow side by side
            self.stage.resize(width * 0.58, scale)
            self.marrow.resize(width * 0.42 - BAND_GAP, scale)
            self.marrow.setPos(self.tree_rect.left() + width * 0.58 + BAND_GAP, self.band_top)
        else:
            self.marrow.resize(width, scale)
            self.marrow.setPos(self.tree_rect.left(), self.band_top + height + BAND_GAP)

    def content_rect(self) -> QRectF:
        """Everything showing now, with the stuck tag, the blast pile and the callouts."""
        rect = QRectF(self.tree_rect)
        shown: list[QGraphicsItem] = [*self.cell_items.values(), self.pile, self.marrow,
                                      *self.callouts]
        if self.stage.isVisible():
            shown.append(self.stage)
        for item in shown:
            rect = rect.united(item.mapRectToScene(item.boundingRect()))
        return rect

    def set_palette(self, palette: DiagramPalette) -> None:
        """Re-style everything for a theme (light, dark, high contrast)."""
        self.diagram_palette = palette
        self.setBackgroundBrush(QColor(palette.paper))
        for item in self.cell_items.values():
            item.set_palette(palette)
        for edge in self.edge_items:
            edge.set_palette(palette)
        for callout in self.callouts:
            callout.set_palette(palette)
        self.pile.set_palette(palette)
        self.marrow.set_palette(palette)
        self.stage.set_palette(palette)

    # Selection and keyboard focus

    def select(self, cell_id: str | None) -> None:
        """Select a cell (None clears) and highlight the path to it from the stem cell."""
        self.selected_id = cell_id
        path = set(self.diagram.path_to(cell_id)) if cell_id else set()
        for item_id, item in self.cell_items.items():
            item.selected = item_id == cell_id
            item.on_path = item_id in path and item_id != cell_id
            item.update()
        for edge in self.edge_items:
            edge.set_highlight(edge.child_id in path and edge.parent_id in path)
        if cell_id:
            self.move_focus(cell_id)

    def move_focus(self, cell_id: str) -> None:
        self.cell_items[self.focused_id].focused = False
        self.cell_items[self.focused_id].update()
        self.focused_id = cell_id
        self.cell_items[cell_id].focused = True
        self.cell_items[cell_id].update()

    def path_highlighted(self) -> list[str]:
        return [i for i, item in self.cell_items.items() if item.on_path or item.selected]

    # Views, steps and their animation

    def set_view(self, view: DiagramView, animate: bool = True) -> None:
        """Show a tree or treatment view (its first step), animated from the current look."""
        self.view = view
        for item_id, item in self.cell_items.items():
            item.in_branch = item_id in view.branch
            item.update()
        self._crowded = set(view.crowded_out) or self._crowded
        if view.blocked:
            self._set_blocked(view.blocked)
        for callout in self.callouts:
            self.removeItem(callout)
        self.callouts = []
        for note in view.callouts if not view.steps else ():
            cell = self.cell_items[note.cell_id]
            callout = CalloutItem(note.text, note.link, self.text_scale, self.diagram_palette)
            callout.cell_x = cell.pos().x()
            callout.cell_point = cell.pos() + QPointF(0, cell.label_bottom())
            callout.setOpacity(self.progress)
            callout.clicked.connect(self.link_clicked)
            self.addItem(callout)
            self.callouts.append(callout)
        self.stage.setVisible(bool(view.steps))
        self._place_band()
        self.step_index = -1
        if view.steps:
            self.show_step(0, animate)
        else:
            progress = 1.0 if view.is_leukaemia else 0.0
            blasts = FULL_MARROW * progress
            self._animate_to((progress, blasts, 1.0 - blasts), animate)

    def show_step(self, index: int, animate: bool = True) -> None:
        """Go to step `index` of the current treatment view."""
        assert self.view is not None and self.view.steps
        index = max(0, min(len(self.view.steps) - 1, index))
        before = self.view.steps[self.step_index].actors if self.step_index >= 0 else ()
        step = self.view.steps[index]
        self.step_index = index
        self.stage.show_step(before, step.actors)
        self._animate_to((min(1.0, step.blasts / FULL_MARROW), step.blasts, step.healthy),
                         animate)

    def _set_blocked(self, cell_id: str) -> None:
        if self._blocked != cell_id:
            if self._blocked:
                self.cell_items[self._blocked].blocked = False
            self._blocked = cell_id
            self.cell_items[cell_id].prepareGeometryChange()
            self.cell_items[cell_id].blocked = True
            self._place_pile()

    def _animate_to(self, target: tuple[float, float, float], animate: bool) -> None:
        self._from = (self.progress, self.blasts, self.healthy)
        self._to = target
        self.animation.stop()
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        if animate:
            self.animation.start()
        else:
            self._step(1.0)

    def _step(self, share: float) -> None:
        """One animation frame: `share` runs from the old look (0) to the new one (1)."""
        self.progress, self.blasts, self.healthy = (
            a + (b - a) * share for a, b in zip(self._from, self._to, strict=True))
        # opacities only: the cached pictures of cells, lines and the tag are blended,
        # not painted again (a label changes its ink once, past half way)
        for item_id, item in self.cell_items.items():
            item.fade = self.progress if item_id in self._crowded else 0.0
            item.stuck_shown = self.progress if item.blocked else 0.0
        for edge in self.edge_items:
            edge.fade = self.cell_items[edge.child_id].fade
            edge.blocked = self.progress if edge.parent_id == self._blocked else 0.0
        self.pile.set_count(round(MAX_BLASTS * self.progress) if self._blocked else 0)
        for callout in self.callouts:
            callout.setOpacity(self.progress)
        self.marrow.set_shares(self.blasts, self.healthy)
        self.stage.set_share(share)
        if share >= 1.0 and self.progress == 0.0 and self._blocked:
            self.cell_items[self._blocked].prepareGeometryChange()
            self.cell_items[self._blocked].blocked = False
            self._blocked = None
            self._crowded = set()
            self.pile.set_count(0)


class ZoomView(QGraphicsView):
    """Zoom and pan by wheel, buttons, drag, one-finger drag and two-finger pinch."""

    zoom_changed = Signal(float)

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None,
                 max_zoom: float = MAX_ZOOM, min_fit: float = MIN_FIT_ZOOM) -> None:
        super().__init__(scene, parent)
        self.max_zoom, self.min_fit = max_zoom, min_fit
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # only the changed parts are repainted (every item paints inside its bounding
        # rect, and cached items cannot paint outside it, so no fragments are left)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        for bar in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):  # drag to pan
            (self.setHorizontalScrollBarPolicy if bar == Qt.Orientation.Horizontal
             else self.setVerticalScrollBarPolicy)(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.auto_fit = True  # keep fitting on resize until the reader zooms
        self._pinch_start: tuple[float, float] | None = None  # (distance, zoom)
        self._pan_from: QPointF | None = None
        self._tap = True

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, value: float) -> None:
        self.auto_fit = False
        value = max(MIN_ZOOM, min(self.max_zoom, value))
        factor = value / self.zoom()
        self.scale(factor, factor)
        self.keep_in_view()
        self.zoom_changed.emit(self.zoom())

    def keep_in_view(self) -> None:
        """After a zoom: subclasses keep what the reader chose on screen."""

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def fit_rect(self) -> QRectF:
        return self.scene().itemsBoundingRect()

    def fit(self) -> None:
        self.auto_fit = True
        rect = self.fit_rect().adjusted(-20, -20, 20, 20)
        self.setSceneRect(rect.adjusted(-400, -200, 400, 200))  # room to pan past the edge
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() < self.min_fit:  # too small to read: show the top, and scroll
            self.scale(self.min_fit / self.zoom(), self.min_fit / self.zoom())
            half_width = self.viewport().width() / 2 / self.zoom()
            half_height = self.viewport().height() / 2 / self.zoom()
            self.centerOn(max(rect.center().x(), rect.left() + half_width)
                          if rect.width() > 2 * half_width else rect.center().x(),
                          rect.top() + half_height)
        self.keep_in_view()
        self.zoom_changed.emit(self.zoom())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.set_zoom(self.zoom() * ZOOM_STEP ** steps)
        event.accept()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
                            QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            self._touch(event)  # type: ignore[arg-type]
            return True
        return super().viewportEvent(event)

    def _touch(self, event: QTouchEvent) -> None:
        points = [p for p in event.points()
                  if p.state() != p.State.Released or event.type() == QEvent.Type.TouchEnd]
        if event.type() == QEvent.Type.TouchBegin:
            self._tap, self._pinch_start, self._pan_from = True, None, None
        if len(points) >= 2 and event.type() != QEvent.Type.TouchEnd:
            distance = QLineF(points[0].position(), points[1].position()).length()
            if self._pinch_start is None:
                self._pinch_start = (max(distance, 1.0), self.zoom())
            else:
                start_distance, start_zoom = self._pinch_start
                self.set_zoom(start_zoom * distance / start_distance)
            self._tap = False
        elif len(points) == 1 and self._pinch_start is None:
            position = points[0].position()
            if event.type() == QEvent.Type.TouchEnd:
                if self._tap:
                    self._tap_at(position)
            elif self._pan_from is not None:
                delta = position - self._pan_from
                if delta.manhattanLength() > 6 or not self._tap:
                    self._tap = False
                    self.horizontalScrollBar().setValue(
                        self.horizontalScrollBar().value() - round(delta.x()))
                    self.verticalScrollBar().setValue(
                        self.verticalScrollBar().value() - round(delta.y()))
                    self._pan_from = position
            else:
                self._pan_from = position
        event.accept()

    def _tap_at(self, position: QPointF) -> None:
        """A tap on nothing in particular."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()


class DiagramGraphicsView(ZoomView):
    """The diagram's view: arrows walk the lineage edges, Enter selects, Escape clears,
    and zooming keeps the selected cell on screen."""

    def __init__(self, scene: DiagramScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.diagram_scene = scene
        accessible_diagram.install(self)  # the cells are a screen reader's tree items

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Coming into the view, a screen reader hears the cell under the focus ring
        (after Qt's own focus event for the view, hence the queued call)."""
        super().focusInEvent(event)
        QTimer.singleShot(0, self._announce_focused_cell)

    def _announce_focused_cell(self) -> None:
        if self.hasFocus():
            scene = self.diagram_scene
            accessible_diagram.announce_cell_focus(scene.cell_items[scene.focused_id])

    def fit_rect(self) -> QRectF:
        return self.diagram_scene.content_rect()

    def keep_in_view(self) -> None:
        """The chosen cell stays on screen, with its "Stuck" tag when it has one (at
        200% text in a small window the tag was cut by the picture's edge)."""
        selected = self.diagram_scene.selected_id
        if selected:
            item = self.diagram_scene.cell_items[selected]
            if item.tag.isVisible():  # a small margin: a whole picture stays as it was
                self.ensureVisible(item.tag.sceneBoundingRect(), 4, 4)
            self.ensureVisible(item, 40, 40)

    def _tap_at(self, position: QPointF) -> None:
        for item in self.items(position.toPoint()):
            if isinstance(item, CellItem):
                item.clicked.emit(item.cell.id)
                return
            if isinstance(item, CalloutItem):
                item.clicked.emit(item.link)
                return

    def keyPressEvent(self, event: QKeyEvent) -> None:
        scene = self.diagram_scene
        moves = {Qt.Key.Key_Left: Direction.PARENT, Qt.Key.Key_Right: Direction.FIRST_CHILD,
                 Qt.Key.Key_Up: Direction.PREVIOUS_SIBLING,
                 Qt.Key.Key_Down: Direction.NEXT_SIBLING}
        key = event.key()
        if key in moves and not event.modifiers() & Qt.KeyboardModifier.AltModifier:
            target = scene.diagram.neighbour(scene.focused_id, moves[Qt.Key(key)])
            if target:
                scene.move_focus(target)
                self.ensureVisible(scene.cell_items[target], 60, 60)
                accessible_diagram.announce_cell_focus(scene.cell_items[target])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            scene.cell_clicked.emit(scene.focused_id)
            accessible_diagram.announce_cell_selected(scene.cell_items[scene.focused_id])
        elif key == Qt.Key.Key_Escape and scene.selected_id:
            scene.cell_clicked.emit("")
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def cell_viewport_point(self, cell_id: str) -> QPointF:
        """Where a cell's centre is on screen (for tests and the tour)."""
        return QPointF(self.mapFromScene(self.diagram_scene.cell_items[cell_id].pos()))
