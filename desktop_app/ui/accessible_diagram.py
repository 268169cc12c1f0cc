"""The diagram to a screen reader: the view is a list, and every cell is one of its items.

QGraphicsItems are invisible to accessibility, so the view's interface lists the cells
(in the family tree's order, as the list beside it does), each with its plain name, what
it is in the current view (stuck, crowded out), the cell it grows from, its focused and
selected states and its place on screen. The view sends a focus event for each cell the
arrow keys reach, and a state change when Enter selects one.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QRect
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QAccessibleInterface,
    QAccessibleObject,
    QAccessibleStateChangeEvent,
    QWindow,
)
from PySide6.QtWidgets import QAbstractButton, QAccessibleWidget, QGraphicsView, QWidget

from desktop_app.ui.accessible_factory import alive, register_class, register_object_name

VIEW_BUTTON = "diagramViewButton"  # the objectName of the diagram's view buttons


def _tr(text: str) -> str:
    return QCoreApplication.translate("DiagramAccessible", text)


class DiagramViewAccessible(QAccessibleWidget):
    """The diagram view: a list whose items are the cells, in the family tree's order."""

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view, QAccessible.Role.List)
        self._view = view

    def _cells(self) -> list[QObject]:
        scene = self._view.diagram_scene  # type: ignore[attr-defined]
        return [scene.cell_items[cell.id] for _, cell in scene.diagram.walk()]

    def childCount(self) -> int:
        return len(self._cells()) if alive(self._view) else 0

    def child(self, index: int) -> QAccessibleInterface | None:
        cells = self._cells() if alive(self._view) else []
        if 0 <= index < len(cells):
            return QAccessible.queryAccessibleInterface(cells[index])
        return None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        target = child.object() if child is not None else None
        for index, cell in enumerate(self._cells()):
            if cell is target:
                return index
        return -1

    def focusChild(self) -> QAccessibleInterface | None:
        if not self._view.hasFocus():
            return None
        scene = self._view.diagram_scene  # type: ignore[attr-defined]
        return QAccessible.queryAccessibleInterface(scene.cell_items[scene.focused_id])

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:
        for index in range(self.childCount()):
            child = self.child(index)
            if child is not None and child.rect().contains(x, y):
                return child
        return None


class CellAccessible(QAccessibleObject):
    """One cell of the diagram, as an item of the view's list."""

    def __init__(self, item: QObject) -> None:
        super().__init__(item)
        self._item = item

    def _view(self) -> QGraphicsView | None:
        scene = self._item.scene() if alive(self._item) else None  # type: ignore[attr-defined]
        views = scene.views() if scene is not None else []
        return views[0] if views else None

    def isValid(self) -> bool:
        return alive(self._item) and self._view() is not None

    def parent(self) -> QAccessibleInterface | None:
        view = self._view()
        return QAccessible.queryAccessibleInterface(view) if view is not None else None

    def child(self, index: int) -> QAccessibleInterface | None:
        return None

    def childCount(self) -> int:
        return 0

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        return -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:
        return None

    def focusChild(self) -> QAccessibleInterface | None:
        return None

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.ListItem

    def text(self, kind: QAccessible.Text) -> str:
        if not self.isValid():
            return ""
        cell = self._item.cell  # type: ignore[attr-defined]
        if kind == QAccessible.Text.Name:
            return cell.name
        if kind == QAccessible.Text.Description:
            return describe_cell(self._item)
        return ""

    def setText(self, kind: QAccessible.Text, text: str) -> None:
        """The cells' words come from the content; nothing may change them."""

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        view = self._view()
        if view is None:
            state.invalid = True
            return state
        scene = view.diagram_scene  # type: ignore[attr-defined]
        cell_id = self._item.cell.id  # type: ignore[attr-defined]
        state.focusable = True
        state.selectable = True
        state.focused = view.hasFocus() and scene.focused_id == cell_id
        state.selected = scene.selected_id == cell_id
        state.invisible = not view.isVisible()
        state.offscreen = not self.rect().intersects(
            QRect(view.viewport().mapToGlobal(QPoint(0, 0)), view.viewport().size()))
        return state

    def rect(self) -> QRect:
        view = self._view()
        if view is None:
            return QRect()
        item = self._item
        on_view = view.mapFromScene(item.mapRectToScene(item.boundingRect())).boundingRect()  # type: ignore[attr-defined]
        return on_view.translated(view.viewport().mapToGlobal(QPoint(0, 0)))

    def window(self) -> QWindow | None:
        view = self._view()
        return view.window().windowHandle() if view is not None else None


def describe_cell(item: QObject) -> str:
    """What a sighted reader sees around the cell: its medical name, its look in this
    view (stuck, crowded out) and the cell it grows from."""
    cell = item.cell  # type: ignore[attr-defined]
    scene = item.scene()  # type: ignore[attr-defined]
    parts = []
    if cell.medical_name and cell.medical_name != cell.name:
        parts.append(cell.medical_name)
    if item.blocked and item.stuck_shown > 0.5:  # type: ignore[attr-defined]
        parts.append(_tr("stuck: it does not grow up in ALL"))
    elif item.fade > 0.5:  # type: ignore[attr-defined]
        parts.append(_tr("crowded out"))
    if cell.parent_id and scene is not None:
        parent = scene.diagram.cell(cell.parent_id)
        if parent is not None:
            parts.append(_tr("grows from: {name}").format(name=parent.name))
    return ". ".join(parts)


def announce_cell_focus(item: QObject) -> None:
    """The arrow keys moved to this cell: a screen reader says its name."""
    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleEvent(item, QAccessible.Event.Focus))


def announce_cell_selected(item: QObject) -> None:
    """Enter chose this cell: its selected state changed."""
    if QAccessible.isActive():
        changed = QAccessible.State()
        changed.selected = True
        QAccessible.updateAccessibility(QAccessibleStateChangeEvent(item, changed))


class ViewButtonAccessible(QAccessibleWidget):
    """A view button: a button that is pressed while its view shows (Qt calls a
    checkable button a check box, which it is not: one view shows at a time)."""

    def __init__(self, button: QAbstractButton) -> None:
        super().__init__(button, QAccessible.Role.Button)
        self._button = button

    def state(self) -> QAccessible.State:
        state = super().state()
        state.checkable = False
        state.checked = False
        state.pressed = alive(self._button) and self._button.isChecked()
        return state

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name and alive(self._button):
            return self._button.accessibleName() or self._button.text()
        return super().text(kind)

    def actionNames(self) -> list[str]:
        return [self.pressAction(), *super().actionNames()]

    def doAction(self, action: str) -> None:
        if action == self.pressAction() and alive(self._button):
            self._button.click()
        else:
            super().doAction(action)


def announce_pressed(button: QAbstractButton) -> None:
    """A view button went up or down: a screen reader hears "pressed" change."""
    if QAccessible.isActive():
        changed = QAccessible.State()
        changed.pressed = True
        QAccessible.updateAccessibility(QAccessibleStateChangeEvent(button, changed))


def install(view: QWidget) -> None:
    """Give the diagram view, its cells and the view buttons their interfaces."""
    del view  # the factory finds every diagram view by its class
    register_class("DiagramGraphicsView", DiagramViewAccessible)
    register_class("CellItem", CellAccessible)
    register_object_name(VIEW_BUTTON, ViewButtonAccessible)
