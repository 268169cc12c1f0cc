"""The diagram's views as a person uses them: every treatment view stepped through with
Next and Back, its explainer link, the MRD picture, the text size; and views, cells and
looks added to the data that appear with no code changing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from db.build import build
from db.check import check_sources
from db.sources import CONTENT_DIR, load_sources
from desktop_app.core.repository import ContentRepository
from desktop_app.ui.diagram_items import FADED_INK, MAX_BLASTS
from desktop_app.ui.screens.diagram import DiagramScreen

DIAGRAM_DIR = CONTENT_DIR.parent / "diagram"


@pytest.fixture()
def diagram_copy(tmp_path: Path) -> Path:
    """A writable copy of the content the tests run on, with this checkout's diagram."""
    resources = tmp_path / "resources"
    shutil.copytree(Path(os.environ.get("ALL_GUIDE_TEST_CONTENT", CONTENT_DIR)),
                    resources / "content")
    shutil.copytree(DIAGRAM_DIR, resources / "diagram")
    return resources / "content"


def edit_diagram(content: Path, change) -> None:
    cells = content.parent / "diagram" / "cells.yaml"
    data = yaml.safe_load(cells.read_text())
    change(data)
    cells.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def screen_of(person) -> DiagramScreen:
    screen = person.window.current_screen()
    assert isinstance(screen, DiagramScreen)
    return screen


def wait_still(person) -> None:
    screen = screen_of(person)
    person.wait_until(lambda: screen.scene.animation.state()
                      == screen.scene.animation.State.Stopped)


def test_every_treatment_view_steps_through_its_captions_and_links_to_its_explainer(
        start_app, repository: ContentRepository) -> None:
    diagram = repository.diagram()
    treatments = [v for v in diagram.views if v.kind == "treatment"]
    assert {v.id for v in treatments} >= {"chemotherapy", "steroids", "blinatumomab",
                                          "inotuzumab", "car-t", "tki", "transplant"}
    person = start_app("--page", "app:diagram?view=all")
    for view in treatments:
        person.click(f"Show the {view.title} view", exact=True)
        assert screen_of(person).view_id == view.id
        for number, step in enumerate(view.steps, start=1):
            assert person.sees(step.caption), (view.id, number)
            assert person.sees(f"Step {number} of {len(view.steps)}")
            if number < len(view.steps):
                person.click("Next step", exact=True)
                wait_still(person)
        person.click("Back: the previous step", exact=True)
        assert person.sees(view.steps[-2].caption)
        person.click("Next step", exact=True)
        person.click("Start again: show step 1", exact=True)
        assert person.sees(view.steps[0].caption)
        document = repository.document(*view.explainer.removeprefix("app:").split("/"))
        assert document is not None
        person.click(f"Read: {document.title}", exact=True)
        person.wait_for(view.explainer)
        person.click("Go back", exact=True)
        person.wait_until(lambda: isinstance(person.window.current_screen(), DiagramScreen))


def test_a_treatment_step_moves_the_marrow_and_the_stage(start_app) -> None:
    person = start_app("--page", "app:diagram?view=chemotherapy")
    scene = screen_of(person).scene
    full = scene.marrow.blast_dots()
    assert full > 150 and scene.stage.isVisible() and not scene.callouts
    person.click("Next step", exact=True)
    wait_still(person)
    assert scene.marrow.blast_dots() < full / 2
    assert any(p.actor.kind == "chemo" for p in scene.stage.placed())
    for _ in range(2):
        person.click("Next step", exact=True)
    wait_still(person)
    assert scene.marrow.blast_dots() == 0 and scene.marrow.healthy_dots() > 150
    assert scene.pile.count == 0


def test_the_mrd_picture_has_10000_cells_one_marked_and_zooms(start_app) -> None:
    person = start_app("--page", "app:diagram?view=all")
    person.click("Show the MRD: 1 in 10,000 view", exact=True)
    screen = screen_of(person)
    picture = screen.mrd_scene.picture
    assert screen.pictures.currentWidget() is screen.mrd_view
    assert picture.cells == 10_000
    assert screen.mrd_scene.label.text == "1 leukaemia cell among 10,000 cells"
    assert screen.mrd_view.isVisible() and not screen.view.isVisible()
    person.click("Read: MRD tests", exact=True)
    person.wait_for("app:article/mrd-tests")
    person.click("Go back", exact=True)
    person.wait_until(lambda: isinstance(person.window.current_screen(), DiagramScreen))
    person.click("Show the MRD: 1 in 10,000 view", exact=True)
    before = screen.mrd_view.zoom()
    for _ in range(6):
        person.click("Zoom in", exact=True)
    assert screen.mrd_view.zoom() > before * 3
    screen.mrd_view.viewport().repaint()
    assert picture.vector_paints > 0, "close up, the dots are drawn as vectors"


def test_the_mrd_picture_opens_by_address(start_app) -> None:
    person = start_app("--page", "app:diagram?view=mrd")
    assert screen_of(person).pictures.currentWidget() is screen_of(person).mrd_view
    assert person.sees("MRD: 1 in 10,000")


def test_all_views_show_the_story_without_the_tour(start_app, repository) -> None:
    person = start_app("--page", "app:diagram?view=healthy")
    scene = screen_of(person).scene
    assert scene.pile.count == 0 and scene.marrow.blast_dots() == 0
    person.click("Show the ALL view", exact=True)
    wait_still(person)
    assert scene.pile.count == MAX_BLASTS
    stuck = scene.cell_items["lymphoblast"]
    assert stuck.blocked and stuck.stuck_shown == 1.0
    assert scene.marrow.legend == ("leukaemia cells (blasts)", "healthy cells")
    for cell_id in repository.diagram().view("all").crowded_out:
        assert scene.cell_items[cell_id].fade == 1.0
    # faded labels keep their contrast: muted ink on a white halo
    assert contrast(FADED_INK, "#ffffff") >= 4.5
    for callout in scene.callouts:
        # each callout sits under its own cell: its leader is short and nearly upright
        assert abs(callout.anchor.x()) < callout.width, callout.text


def test_b_and_t_cell_views_have_their_own_texts(start_app) -> None:
    person = start_app("--page", "app:diagram?view=all")
    person.click("Show the B-cell ALL view", exact=True)
    assert person.sees("Who gets it more often") and person.sees("CD19")
    b_text = person.texts()
    person.click("Show the T-cell ALL view", exact=True)
    assert person.sees("thymus") and person.sees("nelarabine")
    assert person.texts() != b_text


def test_the_chosen_view_button_looks_chosen(start_app) -> None:
    person = start_app("--page", "app:diagram?view=all")
    chosen = person.find("Show the ALL view", exact=True)
    other = person.find("Show the Healthy marrow view", exact=True)
    assert chosen.isChecked() and not other.isChecked()
    chosen_bg = chosen.grab().toImage().pixelColor(6, chosen.height() // 2)
    other_bg = other.grab().toImage().pixelColor(6, other.height() // 2)
    assert contrast(chosen_bg.name(), other_bg.name()) >= 3.0


def test_labels_grow_with_the_text_size(start_app) -> None:
    small = start_app("--page", "app:diagram?view=all")
    small_size = screen_of(small).scene.cell_items["platelet"].font.pointSizeF()
    large = start_app("--page", "app:diagram?view=all", "--text-scale", "2.0")
    scene = screen_of(large).scene
    assert scene.cell_items["platelet"].font.pointSizeF() >= 1.9 * small_size
    assert scene.callouts[0].width > 1.9 * 190 * 0.99
    names = [item.cell.name for item in scene.cell_items.values()]
    assert len(names) == len(set(names))
    boxes = [item.mapRectToScene(item.shape().boundingRect())
             for item in scene.cell_items.values()]
    for n, box in enumerate(boxes):
        for other in boxes[n + 1:]:
            assert not box.intersects(other), "labels never overlap at 200%"


def test_zoom_keeps_the_selected_cell_in_view(start_app) -> None:
    person = start_app("--page", "app:diagram?view=all&cell=nk-cell")
    screen = screen_of(person)
    for _ in range(5):
        person.click("Zoom in", exact=True)
    visible = screen.view.visible_scene_rect()
    assert visible.contains(screen.scene.cell_items["nk-cell"].pos())


def test_narrow_windows_put_the_panel_under_the_diagram(start_app) -> None:
    person = start_app("--page", "app:diagram?view=all")
    screen = screen_of(person)
    person.window.resize(800, 1000)
    person.wait_until(lambda: screen.side_panel.geometry().top()
                      > screen.pictures.geometry().top() + 50)
    person.window.resize(1400, 800)
    person.wait_until(lambda: screen.side_panel.geometry().left()
                      > screen.pictures.geometry().left() + 50)


def contrast(one: str, two: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                  for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    a, b = sorted((luminance(one), luminance(two)), reverse=True)
    return (a + 0.05) / (b + 0.05)


# Added to the data, with no code change


def test_a_view_added_to_the_data_appears_with_its_steps(
        diagram_copy: Path, tmp_path: Path, start_app) -> None:
    def add(data: dict) -> None:
        data["views"].append({
            "id": "test-radiotherapy", "kind": "treatment", "title": "Test rays",
            "summary": "A view added to the data only.",
            "explainer": "app:treatment/radiotherapy", "blocked": "lymphoblast",
            "steps": [
                {"caption": "First test caption.", "blasts": 0.8, "healthy": 0.2,
                 "actors": [{"kind": "blast", "slot": 2}]},
                {"caption": "Second test caption.", "blasts": 0.1, "healthy": 0.5,
                 "actors": [{"kind": "blast", "slot": 2, "state": "dying"}]},
            ],
        })

    edit_diagram(diagram_copy, add)
    assert check_sources(load_sources(diagram_copy)) == []
    target = tmp_path / "added.sqlite"
    build(diagram_copy, target)
    person = start_app("--page", "app:diagram", content=target)
    person.click("Show the Test rays view", exact=True)
    assert person.sees("First test caption.")
    person.click("Next step", exact=True)
    assert person.sees("Second test caption.")


def test_a_cell_added_to_the_data_gets_its_look_place_and_dimming(
        diagram_copy: Path, tmp_path: Path, start_app) -> None:
    def add(data: dict) -> None:
        data["cells"].append({
            "id": "test-macrophage", "parent": "monocyte", "family": "myeloid",
            "name": "Macrophage", "medical_name": "Macrophage",
            "does": "It eats germs.", "too_few": "Germs are harder to clear.",
            "in_all": "The marrow makes fewer monocytes to become these.",
            "links": ["app:article/blood-and-marrow"],
            "look": {"nucleus": "kidney", "granules": "#123456", "size": 1.3},
        })

    edit_diagram(diagram_copy, add)
    assert check_sources(load_sources(diagram_copy)) == []
    target = tmp_path / "added.sqlite"
    build(diagram_copy, target)
    diagram = ContentRepository.open(target).diagram()
    cell = diagram.cell("test-macrophage")
    assert cell is not None and cell.look.granules == "#123456" and cell.look.size == 1.3
    assert cell.look.fill == diagram.cell("monocyte").look.fill  # the family's colour
    for view_id in ("all", "b-all", "t-all"):
        assert "test-macrophage" in diagram.view(view_id).crowded_out
    person = start_app("--page", "app:diagram?view=all", content=target)
    wait_still(person)
    item = screen_of(person).scene.cell_items["test-macrophage"]
    assert item.fade == 1.0
    assert item.pos().y() > screen_of(person).scene.cell_items["monocyte"].pos().y()


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["views"][1].update(crowded_out=["red-cell"]), "'crowded_out' is derived"),
    (lambda d: d["views"][5]["steps"][0]["actors"].append({"kind": "laser"}),
     "actor kind must be one of"),
    (lambda d: d["cells"][3].update(look={"nucleus": "star"}), "nucleus must be one of"),
    (lambda d: d["families"]["stem"].update(fill="blue"), "as a #rrggbb colour"),
    (lambda d: d["views"][5].update(explainer="app:treatment/no-such-page"), "no-such-page"),
])
def test_broken_views_and_looks_are_reported_with_file_and_line(
        diagram_copy: Path, change, message: str) -> None:
    edit_diagram(diagram_copy, change)
    problems = [str(p) for p in check_sources(load_sources(diagram_copy))]
    assert any("cells.yaml:" in p and message in p for p in problems), problems
    line = next(p for p in problems if message in p).split("cells.yaml:")[1].split(":")[0]
    assert int(line) > 1


def test_the_tree_text_alternative_says_stuck_and_crowded_out(start_app) -> None:
    person = start_app("--page", "app:diagram?view=all")
    screen = screen_of(person)
    assert "stuck" in screen.tree_items["lymphoblast"].text(0)
    assert "crowded out" in screen.tree_items["platelet"].text(0)
    person.click("Show the Healthy marrow view", exact=True)
    assert "crowded" not in screen.tree_items["platelet"].text(0)
