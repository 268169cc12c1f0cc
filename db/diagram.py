"""The diagram data (resources/diagram/cells.yaml): loading, checking and database rows.

The file holds the cells of the lineage tree, the views (healthy, ALL, B-ALL, T-ALL) and
the guided tour. Problems are reported as `file:line: message` like every other source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from db.problems import Problem

CELL_FIELDS = ("id", "family", "name", "medical_name", "does", "too_few", "in_all")
FAMILIES = ("stem", "myeloid", "lymphoid")
MAX_LABEL = 22


@dataclass
class SourceDiagram:
    path: Path
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple[str, int], int] = field(default_factory=dict)  # (list, index) -> line

    def line(self, key: str, index: int = -1) -> int:
        return self.lines.get((key, index), 1)

    @property
    def cells(self) -> list[dict[str, Any]]:
        return [c for c in self.data.get("cells") or [] if isinstance(c, dict)]

    @property
    def views(self) -> list[dict[str, Any]]:
        return [v for v in self.data.get("views") or [] if isinstance(v, dict)]

    @property
    def tour(self) -> list[dict[str, Any]]:
        return [t for t in self.data.get("tour") or [] if isinstance(t, dict)]


def load_diagram(path: Path, problems: list[Problem]) -> SourceDiagram | None:
    """Read the diagram file; on failure add a problem and return None."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        root = yaml.compose(text)
    except FileNotFoundError:
        problems.append(Problem(path, 1, "the diagram data file is missing"))
        return None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problems.append(Problem(path, line, f"YAML cannot be read: {error}"))
        return None
    if not isinstance(data, dict) or root is None:
        problems.append(Problem(path, 1, "expected named parts: cells, views, tour"))
        return None
    diagram = SourceDiagram(path, data)
    for key_node, value_node in root.value:
        diagram.lines[(key_node.value, -1)] = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value):
                diagram.lines[(key_node.value, index)] = item.start_mark.line + 1
    return diagram


def check_diagram(diagram: SourceDiagram, known_address: Any) -> list[Problem]:
    """Problems in the diagram data. `known_address(text)` returns a problem or None."""
    problems: list[Problem] = []

    def problem(key: str, index: int, message: str) -> None:
        problems.append(Problem(diagram.path, diagram.line(key, index), message))

    sources = diagram.data.get("sources")
    if not isinstance(sources, list) or len(sources) < 2:
        problem("sources", -1, "cite at least 2 sources for the diagram")
    for key in ("reviewed", "next_review"):
        if not isinstance(diagram.data.get(key), date):
            problem(key, -1, f"'{key}' must be a date written YYYY-MM-DD")
    ids: list[str] = []
    for index, cell in enumerate(diagram.cells):
        for name in CELL_FIELDS:
            if not str(cell.get(name) or "").strip():
                problem("cells", index, f"cell {cell.get('id')!r} is missing '{name}'")
        if cell.get("family") and cell["family"] not in FAMILIES:
            problem("cells", index, f"family must be one of {', '.join(FAMILIES)}")
        if len(str(cell.get("name", ""))) > MAX_LABEL:
            problem("cells", index, f"name is longer than {MAX_LABEL} characters")
        if cell.get("id") in ids:
            problem("cells", index, f"cell {cell['id']!r} is listed twice")
        ids.append(str(cell.get("id")))
        for link in cell.get("links") or []:
            message = known_address(str(link))
            if message:
                problem("cells", index, message)
    roots = [c for c in diagram.cells if not c.get("parent")]
    if len(roots) != 1:
        found = len(roots)
        problem("cells", -1, f"the tree needs exactly one cell without a parent, found {found}")
    for index, cell in enumerate(diagram.cells):
        parent = cell.get("parent")
        if parent and parent not in ids:
            problem("cells", index, f"parent {parent!r} is not a cell")
        seen, current = set(), cell
        while current and current.get("parent") and current["id"] not in seen:
            seen.add(current["id"])
            current = next((c for c in diagram.cells if c.get("id") == current["parent"]), None)
        if current and current.get("id") in seen:
            problem("cells", index, f"cell {cell.get('id')!r} is its own ancestor")
    view_ids = []
    for index, view in enumerate(diagram.views):
        view_ids.append(view.get("id"))
        if not view.get("id") or not view.get("title") or not view.get("summary"):
            problem("views", index, "a view needs an id, a title and a summary")
        named = [view.get("blocked")] if view.get("blocked") else []
        named += list(view.get("branch") or []) + list(view.get("crowded_out") or [])
        named += [c.get("cell") for c in view.get("callouts") or []]
        for cell_id in named:
            if cell_id not in ids:
                problem("views", index, f"view {view.get('id')!r} names unknown cell {cell_id!r}")
        for callout in view.get("callouts") or []:
            message = known_address(str(callout.get("link", "")))
            if message:
                problem("views", index, message)
    for index, step in enumerate(diagram.tour):
        if step.get("view") not in view_ids:
            problem("tour", index, f"tour step names unknown view {step.get('view')!r}")
        if step.get("cell") not in ids:
            problem("tour", index, f"tour step names unknown cell {step.get('cell')!r}")
        if not str(step.get("caption") or "").strip():
            problem("tour", index, "tour step has no caption")
    return problems


def diagram_rows(diagram: SourceDiagram) -> dict[str, list[dict[str, Any]]]:
    """Rows for the cells, diagram_views and tour_steps tables, in data order."""
    cells = [
        {
            "id": c["id"], "position": n, "parent_id": c.get("parent"), "family": c["family"],
            "name": c["name"], "medical_name": c["medical_name"], "does": c["does"],
            "too_few": c["too_few"], "in_all": c["in_all"],
            "links": json.dumps(list(c.get("links") or [])),
        }
        for n, c in enumerate(diagram.cells, start=1)
    ]
    views = [
        {
            "id": v["id"], "position": n, "title": v["title"], "summary": v["summary"],
            "blocked": v.get("blocked"),
            "branch": json.dumps(list(v.get("branch") or [])),
            "crowded_out": json.dumps(list(v.get("crowded_out") or [])),
            "callouts": json.dumps([{"cell": c["cell"], "text": c["text"], "link": c["link"]}
                                    for c in v.get("callouts") or []]),
        }
        for n, v in enumerate(diagram.views, start=1)
    ]
    tour = [{"position": n, "view": t["view"], "cell": t["cell"], "caption": t["caption"]}
            for n, t in enumerate(diagram.tour, start=1)]
    return {"cells": cells, "diagram_views": views, "tour_steps": tour}
