"""The diagram data (resources/diagram/cells.yaml): loading, checking and database rows.

The file holds the families' colours, the cells of the lineage tree with their looks, the
views (the illness, each treatment with its steps, MRD) and the guided tour. Problems are
reported as `file:line: message` like every other source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from db.limits import SourceRefused, read_source
from db.problems import Problem
from desktop_app.core import json_columns as js
from desktop_app.core.diagram import (
    ACTOR_KINDS,
    ACTOR_STATES,
    NUCLEUS_KINDS,
    VIEW_KINDS,
    CellLook,
)

CELL_FIELDS = ("id", "family", "name", "medical_name", "does", "too_few", "in_all")
LOOK_FIELDS = tuple(CellLook.__dataclass_fields__)
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
    def families(self) -> dict[str, dict[str, Any]]:
        families = self.data.get("families")
        return families if isinstance(families, dict) else {}

    @property
    def tour(self) -> list[dict[str, Any]]:
        return [t for t in self.data.get("tour") or [] if isinstance(t, dict)]


def load_diagram(path: Path, problems: list[Problem]) -> SourceDiagram | None:
    """Read the diagram file; on failure add a problem and return None."""
    try:
        text = read_source(path)  # a pipe, a folder or a huge file is refused at once
        data = yaml.safe_load(text)
        root = yaml.compose(text)
    except FileNotFoundError:
        problems.append(Problem(path, 1, "the diagram data file is missing"))
        return None
    except SourceRefused as refused:
        problems.append(refused.problem)
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


Known = Callable[[str], "str | None"]


def _problem(diagram: SourceDiagram, key: str, index: int, message: str) -> Problem:
    return Problem(diagram.path, diagram.line(key, index), message)


def check_meta(diagram: SourceDiagram, known: Known) -> list[Problem]:
    """Sources and review dates."""
    problems = []
    sources = diagram.data.get("sources")
    if not isinstance(sources, list) or len(sources) < 2:
        problems.append(_problem(diagram, "sources", -1, "cite at least 2 sources for the diagram"))
    for key in ("reviewed", "next_review"):
        if not isinstance(diagram.data.get(key), date):
            problems.append(_problem(diagram, key, -1,
                                     f"'{key}' must be a date written YYYY-MM-DD"))
    return problems


def check_families(diagram: SourceDiagram, known: Known) -> list[Problem]:
    """Each family names its fill and line colours."""
    problems = []
    families = diagram.data.get("families")
    if not isinstance(families, dict) or not families:
        return [_problem(diagram, "families", -1, "'families' must name each family's colours")]
    for name, look in families.items():
        for key in ("fill", "line"):
            if not _is_colour((look or {}).get(key)):
                problems.append(_problem(diagram, "families", -1,
                                         f"family {name!r} needs '{key}' as a #rrggbb colour"))
    return problems


def _is_colour(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", value) is not None


def check_cells(diagram: SourceDiagram, known: Known) -> list[Problem]:
    """Each cell's texts, family, look, links, and that ids are unique."""
    problems = []
    families = diagram.families
    seen: set[str] = set()
    for index, cell in enumerate(diagram.cells):
        def problem(message: str, index: int = index) -> None:
            problems.append(_problem(diagram, "cells", index, message))

        for name in CELL_FIELDS:
            if not str(cell.get(name) or "").strip():
                problem(f"cell {cell.get('id')!r} is missing '{name}'")
        if cell.get("family") and cell["family"] not in families:
            problem(f"family must be one of {', '.join(families)}")
        if len(str(cell.get("name", ""))) > MAX_LABEL:
            problem(f"name is longer than {MAX_LABEL} characters")
        if cell.get("id") in seen:
            problem(f"cell {cell['id']!r} is listed twice")
        seen.add(str(cell.get("id")))
        for message in _look_problems(cell.get("look")):
            problem(f"cell {cell.get('id')!r}: {message}")
        for link in cell.get("links") or []:
            link_problem = known(str(link))
            if link_problem:
                problem(link_problem)
    return problems


def _look_problems(look: Any) -> list[str]:
    if look is None:
        return []
    if not isinstance(look, dict):
        return ["'look' must be a mapping"]
    problems = [f"look has unknown part {key!r}" for key in look if key not in LOOK_FIELDS]
    if look.get("nucleus", "round") not in NUCLEUS_KINDS:
        problems.append(f"nucleus must be one of {', '.join(NUCLEUS_KINDS)}")
    for key in ("fill", "line", "nucleus_fill", "granules"):
        if key in look and not _is_colour(look[key]):
            problems.append(f"look '{key}' must be a #rrggbb colour")
    size = look.get("size", 1.0)
    if not isinstance(size, int | float) or not 0.3 <= size <= 1.5:
        problems.append("look 'size' must be a number from 0.3 to 1.5")
    return problems


def check_tree(diagram: SourceDiagram, known: Known) -> list[Problem]:
    """One root, parents that exist, and no cell its own ancestor."""
    problems = []
    by_id = {c.get("id"): c for c in diagram.cells}
    roots = [c for c in diagram.cells if not c.get("parent")]
    if len(roots) != 1:
        problems.append(_problem(diagram, "cells", -1, "the tree needs exactly one cell "
                                 f"without a parent, found {len(roots)}"))
    for index, cell in enumerate(diagram.cells):
        parent = cell.get("parent")
        if parent and parent not in by_id:
            problems.append(_problem(diagram, "cells", index, f"parent {parent!r} is not a cell"))
        seen: set[object] = set()
        current: dict[str, Any] | None = cell
        while current and current.get("parent") and current["id"] not in seen:
            seen.add(current["id"])
            current = by_id.get(current["parent"])
        if current and current.get("id") in seen:
            problems.append(_problem(diagram, "cells", index,
                                     f"cell {cell.get('id')!r} is its own ancestor"))
    return problems


def check_views(diagram: SourceDiagram, known: Known) -> list[Problem]:
    """Each view's fields, the cells it names, its links, details and steps."""
    problems = []
    ids = {str(c.get("id")) for c in diagram.cells}
    seen: set[str] = set()
    for index, view in enumerate(diagram.views):
        def problem(message: str, index: int = index) -> None:
            problems.append(_problem(diagram, "views", index, message))

        name = view.get("id")
        if not name or not view.get("title") or not view.get("summary"):
            problem("a view needs an id, a title and a summary")
        if name in seen:
            problem(f"view {name!r} is listed twice")
        seen.add(str(name))
        if view.get("kind", "tree") not in VIEW_KINDS:
            problem(f"view kind must be one of {', '.join(VIEW_KINDS)}")
        if "crowded_out" in view:
            problem("'crowded_out' is derived from the lineage; leave it out")
        named = [view.get("blocked")] if view.get("blocked") else []
        named += list(view.get("branch") or [])
        named += [c.get("cell") for c in view.get("callouts") or []]
        for cell_id in named:
            if cell_id not in ids:
                problem(f"view {name!r} names unknown cell {cell_id!r}")
        links = [str(c.get("link", "")) for c in view.get("callouts") or []]
        links += [str(view["explainer"])] if view.get("explainer") else []
        for link in links:
            message = known(link)
            if message:
                problem(message)
        for detail in view.get("details") or []:
            if not all(str(detail.get(k) or "").strip() for k in ("heading", "text")):
                problem(f"view {name!r}: each detail needs a heading and a text")
        for message in _steps_problems(view):
            problem(f"view {name!r}: {message}")
    return problems


def _steps_problems(view: dict[str, Any]) -> list[str]:
    steps = view.get("steps") or []
    problems = []
    if view.get("kind") == "treatment" and (len(steps) < 2 or not view.get("explainer")):
        problems.append("a treatment view needs at least 2 steps and an explainer")
    for number, step in enumerate(steps, start=1):
        if not str(step.get("caption") or "").strip():
            problems.append(f"step {number} has no caption")
        blasts, healthy = step.get("blasts", 0), step.get("healthy", 1)
        if not (0 <= blasts <= 1 and 0 <= healthy <= 1 and blasts + healthy <= 1):
            problems.append(f"step {number}: blasts and healthy are shares adding up to 1 "
                            "at most")
        for actor in step.get("actors") or []:
            if actor.get("kind") not in ACTOR_KINDS:
                problems.append(f"step {number}: actor kind must be one of "
                                f"{', '.join(ACTOR_KINDS)}")
            if actor.get("state", "") not in ACTOR_STATES:
                problems.append(f"step {number}: actor state must be one of "
                                f"{', '.join(s for s in ACTOR_STATES if s)}")
            slots = [actor.get("slot", 2), actor.get("to", 0)]
            if not all(isinstance(v, int | float) and 0 <= v <= 4 for v in slots):
                problems.append(f"step {number}: slots run from 0 to 4")
    return problems


def check_tour(diagram: SourceDiagram, known: Known) -> list[Problem]:
    """Each tour step names a view and a cell, and has a caption."""
    problems = []
    ids = {str(c.get("id")) for c in diagram.cells}
    view_ids = {v.get("id") for v in diagram.views}
    for index, step in enumerate(diagram.tour):
        def problem(message: str, index: int = index) -> None:
            problems.append(_problem(diagram, "tour", index, message))

        if step.get("view") not in view_ids:
            problem(f"tour step names unknown view {step.get('view')!r}")
        if step.get("cell") not in ids:
            problem(f"tour step names unknown cell {step.get('cell')!r}")
        if not str(step.get("caption") or "").strip():
            problem("tour step has no caption")
    return problems


CHECKS = (check_meta, check_families, check_cells, check_tree, check_views, check_tour)


def check_diagram(diagram: SourceDiagram, known_address: Known) -> list[Problem]:
    """Problems in the diagram data. `known_address(text)` returns a problem or None."""
    return [problem for check in CHECKS for problem in check(diagram, known_address)]


def resolved_look(diagram: SourceDiagram, cell: dict[str, Any]) -> dict[str, Any]:
    """A cell's whole look: its family's colours, overridden by its own `look`."""
    look = dict(diagram.families.get(str(cell.get("family")), {}))
    look.update(cell.get("look") or {})
    return look


def diagram_rows(diagram: SourceDiagram) -> dict[str, list[dict[str, Any]]]:
    """Rows for the cells, diagram_views and tour_steps tables, in data order.

    Every column of the contract (core/content_schema.py) is written for every row, and
    anything with structure is JSON written by its codec (core/json_columns.py), which
    core.diagram reads back with the same codec.
    """
    cells = [
        {
            "id": c["id"], "position": n, "parent_id": c.get("parent"), "family": c["family"],
            "name": c["name"], "medical_name": c["medical_name"], "does": c["does"],
            "too_few": c["too_few"], "in_all": c["in_all"],
            "links": js.CELL_LINKS.encode(c.get("links") or []),
            "look": js.CELL_LOOK.encode(resolved_look(diagram, c)),
        }
        for n, c in enumerate(diagram.cells, start=1)
    ]
    views = [
        {
            "id": v["id"], "position": n, "title": v["title"], "summary": v["summary"],
            "kind": v.get("kind", "tree"), "blocked": v.get("blocked") or "",
            "branch": js.VIEW_BRANCH.encode(v.get("branch") or []),
            "callouts": js.VIEW_CALLOUTS.encode(v.get("callouts") or []),
            "details": js.VIEW_DETAILS.encode(v.get("details") or []),
            "explainer": v.get("explainer") or "",
            "steps": js.VIEW_STEPS.encode(v.get("steps") or []),
        }
        for n, v in enumerate(diagram.views, start=1)
    ]
    tour = [{"position": n, "view": t["view"], "cell": t["cell"], "caption": t["caption"]}
            for n, t in enumerate(diagram.tour, start=1)]
    return {"cells": cells, "diagram_views": views, "tour_steps": tour}
