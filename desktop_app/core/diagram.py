"""The cell-maturation diagram as plain data: cells, views, the guided tour, and layout.

Everything the diagram shows comes from resources/diagram/cells.yaml through the content
database: each cell's look, every view (the illness, each treatment, MRD) with its texts
and steps, and the tour. The layout is computed from the lineage tree, and which cells are
crowded out in a leukaemia view is derived from it, so a cell added to the data finds its
place, its look and its dimming without any code changing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from desktop_app.core import json_columns as js

LEAF_SPACING = 124.0
LEVEL_SPACING = 112.0

# What a treatment step can show on its stage; the UI paints each kind (diagram_stage.py)
# and the content check rejects any other.
ACTOR_KINDS = ("blast", "t-cell", "car-t", "stem-cell", "healthy", "chemo", "steroid",
               "bridge", "antibody", "tki", "signal")
ACTOR_STATES = ("", "dividing", "dying", "gone")
NUCLEUS_KINDS = ("round", "disc", "fragments", "lobes", "segments", "kidney", "offset")
VIEW_KINDS = ("tree", "treatment", "mrd")
# a leukaemia view's marrow panel: the share of blasts when the marrow is full of them
FULL_MARROW = 0.85


@dataclass(frozen=True)
class CellLook:
    """How a cell is drawn: a simple, recognisable cue rather than a micrograph."""

    fill: str = "#e6def7"
    line: str = "#5b21b6"
    nucleus: str = "round"
    nucleus_fill: str = ""  # "" = a lighter shade of the line colour
    granules: str = ""  # colour of granules round the nucleus, "" = none
    size: float = 1.0  # relative to a standard cell

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> CellLook:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        if "size" in known:
            known["size"] = float(known["size"])
        return cls(**known)


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
    look: CellLook = field(default_factory=CellLook)


@dataclass(frozen=True)
class Callout:
    cell_id: str
    text: str
    link: str


@dataclass(frozen=True)
class Detail:
    """One headed paragraph of a view's own texts (where B-cell ALL starts, ...)."""

    heading: str
    text: str


@dataclass(frozen=True)
class Actor:
    """One thing on a treatment step's stage: a cell, a drug, a bridge between two slots."""

    kind: str
    slot: float = 2.0  # 0 (left) to 4 (right)
    to_slot: float | None = None  # bridges run from slot to to_slot
    mark: str = ""  # a marker written on it: CD19, CD22, Ph+, donor
    state: str = ""  # "", "dividing", "dying"


@dataclass(frozen=True)
class Step:
    caption: str
    blasts: float = 0.0  # share of the marrow panel that is leukaemia cells
    healthy: float = 1.0  # share that is healthy cells (the rest is empty marrow)
    actors: tuple[Actor, ...] = ()


@dataclass(frozen=True)
class DiagramView:
    id: str
    title: str
    summary: str
    blocked: str | None = None  # the cell where maturation stops
    branch: tuple[str, ...] = ()  # the cells this type of ALL starts from
    crowded_out: tuple[str, ...] = ()  # derived from the lineage (crowded_out_by)
    callouts: tuple[Callout, ...] = ()
    kind: str = "tree"  # "tree", "treatment" or "mrd"
    details: tuple[Detail, ...] = ()
    explainer: str = ""  # the in-app page that explains this view (app:treatment/...)
    steps: tuple[Step, ...] = ()

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


def crowded_out_by(diagram: Diagram, blocked: str | None) -> tuple[str, ...]:
    """The cells a leukaemia stuck at `blocked` crowds out of the marrow.

    Every cell that grows from the two family stem cells (two steps below the root) is
    made less, except the stuck cell itself and the cells it came from.
    """
    if blocked is None or diagram.cell(blocked) is None:
        return ()
    spared = set(diagram.path_to(blocked))
    return tuple(cell.id for depth, cell in diagram.walk() if depth >= 2 and cell.id not in spared)


def _step(data: Mapping[str, Any]) -> Step:
    actors = tuple(
        Actor(str(a["kind"]), float(a.get("slot", 2)),
              float(a["to"]) if a.get("to") is not None else None,
              str(a.get("mark") or ""), str(a.get("state") or ""))
        for a in data.get("actors") or [])
    return Step(str(data["caption"]), float(data.get("blasts", 0.0)),
                float(data.get("healthy", 1.0)), actors)


def diagram_from_rows(cells: Iterable[Mapping[str, Any]], views: Iterable[Mapping[str, Any]],
                      tour: Iterable[Mapping[str, Any]]) -> Diagram:
    """The diagram from the content database's cells, diagram_views and tour_steps rows."""
    diagram = Diagram([
        Cell(r["id"], r["parent_id"], r["family"], r["name"], r["medical_name"], r["does"],
             r["too_few"], r["in_all"], js.CELL_LINKS.decode(r.get("links")),
             CellLook.from_mapping(js.CELL_LOOK.decode(r.get("look"))))
        for r in cells
    ])
    for r in views:
        blocked = r.get("blocked") or None
        diagram.views.append(DiagramView(
            r["id"], r["title"], r["summary"], blocked, js.VIEW_BRANCH.decode(r.get("branch")),
            crowded_out_by(diagram, blocked),
            tuple(Callout(c["cell"], c["text"], c["link"])
                  for c in js.VIEW_CALLOUTS.decode(r.get("callouts"))),
            str(r.get("kind") or "tree"),
            tuple(Detail(d["heading"], d["text"])
                  for d in js.VIEW_DETAILS.decode(r.get("details"))),
            str(r.get("explainer") or ""),
            tuple(_step(s) for s in js.VIEW_STEPS.decode(r.get("steps")))))
    diagram.tour = [TourStep(r["view"], r["cell"], r["caption"]) for r in tour]
    return diagram

