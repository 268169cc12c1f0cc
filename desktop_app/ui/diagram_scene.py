"""The diagram's scene and view: layout from the core, selection, views and animation.

DiagramScene places one CellItem per cell where `core.diagram.layout` says, and moves
between views (healthy, ALL, B-ALL, T-ALL) with one animation: crowded-out lines fade,
blasts multiply around the blocked cell and fill the marrow panel, callouts appear.
DiagramView adds zoom (wheel, pinch, buttons), panning (drag, one finger) and the keys.
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
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPainter, QResizeEvent, QTouchEvent, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView, QWidget

from desktop_app.core.diagram import Diagram, DiagramView, Direction, layout
from desktop_app.ui.diagram_items import CalloutItem, CellItem, EdgeItem, MarrowPanel

ANIMATION_MS = 700
DIM_OPACITY = 0.28
MAX_BLASTS = 9
MIN_ZOOM, MAX_ZOOM = 0.25, 4.0
ZOOM_STEP = 1.25


class DiagramScene(QGraphicsScene):
    cell_clicked = Signal(str)
    link_clicked = Signal(str)

    def __init__(self, diagram: Diagram, marrow_title: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.setBackgroundBrush(Qt.GlobalColor.white)
        positions = layout(diagram)
        self.cell_items: dict[str, CellItem] = {}
        for cell in diagram.cells:
            item = CellItem(cell)
            item.setPos(*positions[cell.id])
            item.clicked.connect(self.cell_clicked)
            self.addItem(item)
            self.cell_items[cell.id] = item
        self.edge_items = []
        for parent_id, child_id in diagram.edges():
            edge = EdgeItem(parent_id, child_id, QPointF(*positions[parent_id]),
                            QPointF(*positions[child_id]))
            self.addItem(edge)
            self.edge_items.append(edge)
        tree = self.itemsBoundingRect()
        # a band under the tree for the symptom callouts, then the marrow panel
        self.callout_top = tree.bottom() + 28 + CalloutItem.HEIGHT / 2
        self.callout_left = tree.left()
        width = max(tree.width(), 3 * (CalloutItem.WIDTH + 20))
        self.marrow = MarrowPanel(width, 120, marrow_title)
        self.marrow.setPos(tree.left(), self.callout_top + CalloutItem.HEIGHT / 2 + 20)
        self.addItem(self.marrow)
        self.callouts: list[CalloutItem] = []
        self.view: DiagramView | None = None
        self.progress = 0.0  # 0 = healthy look, 1 = the current leukaemia view in full
        self._from_progress = self._to_progress = 0.0
        self._from_opacity: dict[str, float] = {}
        self._to_opacity: dict[str, float] = {}
        self.animation = QVariantAnimation(self)
        self.animation.setDuration(ANIMATION_MS)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self.animation.valueChanged.connect(self._step)
        self.selected_id: str | None = None
        self.focused_id: str = diagram.root.id
        self.cell_items[self.focused_id].focused = True

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

    # Views and their animation

    def set_view(self, view: DiagramView, animate: bool = True) -> None:
        self.view = view
        dimmed = set(view.crowded_out)
        self._from_opacity = {i: item.opacity() for i, item in self.cell_items.items()}
        self._to_opacity = {i: DIM_OPACITY if i in dimmed else 1.0 for i in self.cell_items}
        for item_id, item in self.cell_items.items():
            item.blocked = item_id == view.blocked
            item.in_branch = item_id in view.branch
            item.prepareGeometryChange()
            item.update()
        for callout in self.callouts:
            self.removeItem(callout)
        self.callouts = []
        for number, note in enumerate(view.callouts):
            anchor = self.cell_items[note.cell_id].pos()
            x = self.callout_left + CalloutItem.WIDTH / 2 + number * (CalloutItem.WIDTH + 20)
            callout = CalloutItem(note.text, note.link, anchor, QPointF(x, self.callout_top))
            callout.setOpacity(0.0)
            callout.clicked.connect(self.link_clicked)
            self.addItem(callout)
            self.callouts.append(callout)
        self._from_progress = self.progress
        self._to_progress = 1.0 if view.is_leukaemia else 0.0
        self.animation.stop()
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        if animate:
            self.animation.start()
        else:
            self._step(1.0)

    def _step(self, share: float) -> None:
        """One animation frame: `share` runs from the old look (0) to the new one (1)."""
        self.progress = self._from_progress + (self._to_progress - self._from_progress) * share
        for item_id, item in self.cell_items.items():
            begin = self._from_opacity.get(item_id, 1.0)
            target = self._to_opacity.get(item_id, 1.0)
            item.setOpacity(begin + (target - begin) * share)
            if item.blocked:
                item.blast_count = round(MAX_BLASTS * self.progress)
        dimmed = self.view.crowded_out if self.view else ()
        for edge in self.edge_items:
            edge.setOpacity(self.cell_items[edge.child_id].opacity()
                            if edge.child_id in dimmed else 1.0)
        for callout in self.callouts:
            callout.setOpacity(self.progress)
        self.marrow.set_blast_share(0.85 * self.progress)

    def finish_animation(self) -> None:
        """Jump to the end of a running animation (tests, and reduced motion)."""
        if self.animation.state() == QVariantAnimation.State.Running:
            self.animation.stop()
            self._step(1.0)


class DiagramGraphicsView(QGraphicsView):
    """Zoom and pan by wheel, buttons, drag, one-finger drag and two-finger pinch;
    arrows walk the lineage edges, Enter selects, Escape clears."""

    zoom_changed = Signal(float)

    def __init__(self, scene: DiagramScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.diagram_scene = scene
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.auto_fit = True  # keep fitting on resize until the reader zooms
        self._pinch_start: tuple[float, float] | None = None  # (distance, zoom)
        self._pan_from: QPointF | None = None
        self._tap = True

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, value: float) -> None:
        self.auto_fit = False
        value = max(MIN_ZOOM, min(MAX_ZOOM, value))
        factor = value / self.zoom()
        self.scale(factor, factor)
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def fit(self) -> None:
        self.auto_fit = True
        self.fitInView(self.diagram_scene.itemsBoundingRect().adjusted(-20, -20, 20, 20),
                       Qt.AspectRatioMode.KeepAspectRatio)
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
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            scene.cell_clicked.emit(scene.focused_id)
        elif key == Qt.Key.Key_Escape and scene.selected_id:
            scene.cell_clicked.emit("")
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def cell_viewport_point(self, cell_id: str) -> QPointF:
        """Where a cell's centre is on screen (for tests and the tour)."""
        return QPointF(self.mapFromScene(self.diagram_scene.cell_items[cell_id].pos()))

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()
