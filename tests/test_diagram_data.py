"""The diagram as data: tree shape, layout and keyboard moves, in plain Python (no Qt)."""

from __future__ import annotations

from pathlib import Path

from db.build import build
from db.check import check_sources
from db.sources import load_sources
from desktop_app.core.diagram import Diagram, Direction, layout
from desktop_app.core.repository import ContentRepository

BRIEF_CELLS = {"stem-cell", "myeloid-progenitor", "lymphoid-progenitor", "red-cell",
               "megakaryocyte", "platelet", "neutrophil", "eosinophil", "basophil",
               "monocyte", "lymphoblast", "b-lymphocyte", "plasma-cell", "t-lymphocyte",
               "nk-cell"}


def test_the_tree_covers_the_brief(repository: ContentRepository) -> None:
    diagram = repository.diagram()
    assert {cell.id for cell in diagram.cells} >= BRIEF_CELLS
    assert diagram.root.id == "stem-cell"
    assert diagram.path_to("plasma-cell") == ["stem-cell", "lymphoid-progenitor",
                                              "lymphoblast", "b-lymphocyte", "plasma-cell"]
    assert {v.id for v in diagram.views} >= {"healthy", "all", "b-all", "t-all"}
    assert len(diagram.tour) >= 5
    for cell in diagram.cells:
        assert cell.does and cell.medical_name, cell.id


def test_layout_places_every_cell_apart_and_parents_between_children(
        repository: ContentRepository) -> None:
    diagram = repository.diagram()
    positions = layout(diagram)
    assert set(positions) == {cell.id for cell in diagram.cells}
    assert len(set(positions.values())) == len(positions)
    for cell in diagram.cells:
        children = diagram.children(cell.id)
        if children:
            xs = [positions[child][0] for child in children]
            assert min(xs) <= positions[cell.id][0] <= max(xs)
            assert all(positions[child][1] > positions[cell.id][1] for child in children)


def test_arrow_moves_follow_the_lineage(repository: ContentRepository) -> None:
    diagram = repository.diagram()
    assert diagram.neighbour("stem-cell", Direction.PARENT) is None
    first = diagram.neighbour("stem-cell", Direction.FIRST_CHILD)
    assert first == "myeloid-progenitor"
    assert diagram.neighbour(first, Direction.NEXT_SIBLING) == "lymphoid-progenitor"
    assert diagram.neighbour("lymphoid-progenitor", Direction.NEXT_SIBLING) is None
    assert diagram.neighbour("lymphoblast", Direction.PARENT) == "lymphoid-progenitor"


def test_a_cell_added_to_the_data_is_placed_without_code(content_copy: Path,
                                                         tmp_path: Path) -> None:
    cells = content_copy.parent / "diagram" / "cells.yaml"
    text = cells.read_text().replace("\nviews:", """
  - id: test-reticulocyte
    parent: red-cell
    family: myeloid
    name: Young red cell
    medical_name: Reticulocyte
    does: A red cell that has just left the marrow.
    too_few: The body makes fewer red cells.
    in_all: The marrow makes fewer of them.
    links: [app:article/blood-and-marrow]

views:""", 1)
    cells.write_text(text)
    assert check_sources(load_sources(content_copy)) == []
    target = tmp_path / "content.sqlite"
    build(content_copy, target)
    diagram = ContentRepository.open(target).diagram()
    positions = layout(diagram)
    assert positions["test-reticulocyte"][1] > positions["red-cell"][1]
    assert len(set(positions.values())) == len(positions)


def test_broken_diagram_data_is_reported_with_its_line(content_copy: Path) -> None:
    cells = content_copy.parent / "diagram" / "cells.yaml"
    lines = cells.read_text().splitlines()
    index = next(n for n, line in enumerate(lines) if "parent: lymphoblast" in line)
    lines[index] = lines[index].replace("lymphoblast", "no-such-cell")
    cells.write_text("\n".join(lines) + "\n")
    problems = [str(p) for p in check_sources(load_sources(content_copy))]
    assert any("cells.yaml" in p and "parent 'no-such-cell' is not a cell" in p
               for p in problems), problems


def test_layout_of_a_small_tree() -> None:
    from desktop_app.core.diagram import Cell

    def cell(id_: str, parent: str | None) -> Cell:
        return Cell(id_, parent, "stem", id_, id_, "d", "t", "a")

    diagram = Diagram([cell("a", None), cell("b", "a"), cell("c", "a"), cell("d", "b")])
    positions = layout(diagram, leaf_spacing=10, level_spacing=100)
    assert positions == {"d": (0, 200), "b": (0, 100), "c": (10, 100), "a": (5, 0)}
