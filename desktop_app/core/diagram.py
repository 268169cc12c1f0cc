"""The cell-maturation diagram as plain data: cells, views, the guided tour, and layout.

The layout is computed from the lineage tree, so a cell added to the data finds its
place without any code changing: depth runs top to bottom, leaves are spaced evenly left
to right, and each parent sits above the middle of its children.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

LEAF_SPACING = 124.0
LEVEL_SPACING = 112.0


@dataclass(frozen=True)
class Cell:
    id: str
    parent_id: str | None
    family: str  # "stem", "myeloid" or "lymphoid"
    name: str
    medical_name: str
    does: str
    too_few: str
    in_all: str
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Callout:
    cell_id: str
    text: str
    link: str


@dataclass(frozen=True)
class DiagramView:
    id: str
    title: str
    summary: str
    blocked: str | None = None  # the cell where maturation stops
    branch: tuple[str, ...] = ()  # the cells this type of ALL starts from
    crowded_out: tuple[str, ...] = ()
    callouts: tuple[Callout, ...] = ()

    @property
    def is_leukaemia(self) -> bool:
        return self.blocked is not None


@dataclass(frozen=True)
class TourStep:
    view_id: str
    cell_id: str
    caption: str


class Direction(Enum):
    PARENT = "parent"
    FIRST_CHILD = "first-child"
    PREVIOUS_SIBLING = "previous-sibling"
    NEXT_SIBLING = "next-sibling"


@dataclass
class Diagram:
    """The whole lineage tree with its views and tour, in data order."""

    cells: list[Cell]
    views: list[DiagramView] = field(default_factory=list)
    tour: list[TourStep] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id = {cell.id: cell for cell in self.cells}
        self._children: dict[str | None, list[str]] = {}
        for cell in self.cells:
            self._children.setdefault(cell.parent_id, []).append(cell.id)

    def cell(self, cell_id: str) -> Cell | None:
        return self._by_id.get(cell_id)

    def view(self, view_id: str) -> DiagramView | None:
        return next((view for view in self.views if view.id == view_id), None)

    @property
    def root(self) -> Cell:
        return self._by_id[self._children[None][0]]

    def children(self, cell_id: str) -> list[str]:
        return list(self._children.get(cell_id, []))

    def edges(self) -> list[tuple[str, str]]:
        """(parent, child) for every lineage edge."""
        return [(c.parent_id, c.id) for c in self.cells if c.parent_id is not None]

    def path_to(self, cell_id: str) -> list[str]:
        """The cells from the stem cell down to `cell_id`, inclusive."""
        path: list[str] = []
        current = self._by_id.get(cell_id)
        while current is not None:
            path.append(current.id)
            current = self._by_id.get(current.parent_id) if current.parent_id else None
        return list(reversed(path))

    def descendants(self, cell_id: str) -> list[str]:
        found = []
        for child in self.children(cell_id):
            found += [child, *self.descendants(child)]
        return found

    def neighbour(self, cell_id: str, direction: Direction) -> str | None:
        """The cell an arrow key moves to along the lineage edges, or None at an edge."""
        cell = self._by_id[cell_id]
        if direction is Direction.PARENT:
            return cell.parent_id
        if direction is Direction.FIRST_CHILD:
            children = self.children(cell_id)
            return children[0] if children else None
        siblings = self.children(cell.parent_id) if cell.parent_id else [cell_id]
        index = siblings.index(cell_id) + (1 if direction is Direction.NEXT_SIBLING else -1)
        return siblings[index] if 0 <= index < len(siblings) else None

    def walk(self) -> list[tuple[int, Cell]]:
        """(depth, cell) in tree order: the order of the text alternative."""
        order: list[tuple[int, Cell]] = []

        def visit(cell_id: str, depth: int) -> None:
            order.append((depth, self._by_id[cell_id]))
            for child in self.children(cell_id):
                visit(child, depth + 1)

        visit(self.root.id, 0)
        return order


def layout(diagram: Diagram, leaf_spacing: float = LEAF_SPACING,
           level_spacing: float = LEVEL_SPACING) -> dict[str, tuple[float, float]]:
    """Centre point of every cell: depth down y, leaves evenly along x, parents centred."""
    positions: dict[str, tuple[float, float]] = {}
    next_leaf = 0

    def place(cell_id: str, depth: int) -> float:
        nonlocal next_leaf
        children = diagram.children(cell_id)
        if children:
            child_xs = [place(child, depth + 1) for child in children]
            x = (child_xs[0] + child_xs[-1]) / 2
        else:
            x = next_leaf * leaf_spacing
            next_leaf += 1
        positions[cell_id] = (x, depth * level_spacing)
        return x

    place(diagram.root.id, 0)
    return positions
