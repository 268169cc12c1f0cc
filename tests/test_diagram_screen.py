"""The diagram screen, driven like a person would: clicks, keys, buttons, touch, tour."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QVariantAnimation
from PySide6.QtTest import QTest

from desktop_app.ui.screens.article import ArticleScreen
from desktop_app.ui.screens.diagram import DiagramScreen


@pytest.fixture()
def diagram_screen(window, qtbot) -> DiagramScreen:
    window.open("app:diagram")
    screen = window.current_screen()
    assert isinstance(screen, DiagramScreen)
    qtbot.waitExposed(screen.view)
    return screen


def click_cell(qtbot, screen: DiagramScreen, cell_id: str) -> None:
    screen.view.centerOn(screen.scene.cell_items[cell_id])
    point = screen.view.cell_viewport_point(cell_id).toPoint()
    qtbot.mouseClick(screen.view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def wait_for_animation(qtbot, screen: DiagramScreen) -> None:
    qtbot.waitUntil(
        lambda: screen.scene.animation.state() == QVariantAnimation.State.Stopped,
        timeout=3000)


def test_every_cell_click_shows_its_texts(qtbot, diagram_screen, repository) -> None:
    cells = repository.diagram().cells
    assert len(cells) >= 15
    for cell in cells:
        click_cell(qtbot, diagram_screen, cell.id)
        info = diagram_screen.info
        assert info.title_label.text() == cell.name, cell.id
        assert info.medical_label.text() in (cell.medical_name, "")
        assert info.sections["does"][1].text() == cell.does
        assert info.sections["too_few"][1].text() == cell.too_few
        tree_item = diagram_screen.tree.currentItem()
        assert tree_item.data(0, Qt.ItemDataRole.UserRole) == cell.id
        expected_path = repository.diagram().path_to(cell.id)
        assert sorted(diagram_screen.scene.path_highlighted()) == sorted(expected_path)


def test_info_links_open_articles(qtbot, diagram_screen, window) -> None:
    click_cell(qtbot, diagram_screen, "lymphoblast")
    assert diagram_screen.info.link_buttons
    qtbot.mouseClick(diagram_screen.info.link_buttons[0], Qt.MouseButton.LeftButton)
    assert window.router.current.route in {"article", "glossary"}


def test_arrow_keys_walk_the_lineage(qtbot, diagram_screen) -> None:
    view, scene = diagram_screen.view, diagram_screen.scene
    view.setFocus()
    assert scene.focused_id == "stem-cell"
    for key, expected in ((Qt.Key.Key_Right, "myeloid-progenitor"),
                          (Qt.Key.Key_Down, "lymphoid-progenitor"),
                          (Qt.Key.Key_Right, "lymphoblast"),
                          (Qt.Key.Key_Right, "b-lymphocyte"),
                          (Qt.Key.Key_Down, "t-lymphocyte"),
                          (Qt.Key.Key_Up, "b-lymphocyte"),
                          (Qt.Key.Key_Left, "lymphoblast")):
        qtbot.keyClick(view, key)
        assert scene.focused_id == expected
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert scene.selected_id == "lymphoblast"
    assert diagram_screen.info.title_label.text() == scene.cell_items["lymphoblast"].cell.name
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert scene.selected_id is None


def test_all_view_blocks_lymphoblasts_and_crowds_out_the_rest(
        qtbot, diagram_screen, window, repository) -> None:
    all_view = repository.diagram().view("all")
    button = next(b for b in diagram_screen.view_buttons.buttons()
                  if b.property("viewId") == "all")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert diagram_screen.scene.animation.state() == QVariantAnimation.State.Running
    wait_for_animation(qtbot, diagram_screen)
    items = diagram_screen.scene.cell_items
    assert items["lymphoblast"].blocked and diagram_screen.scene.pile.count >= 40
    for cell_id in all_view.crowded_out:
        assert items[cell_id].fade == pytest.approx(1.0), cell_id
    assert items["stem-cell"].fade == 0.0 and items["stem-cell"].opacity() == 1.0
    assert diagram_screen.scene.marrow.blast_dots() > 150
    callouts = diagram_screen.scene.callouts
    assert [c.text for c in callouts] == [c.text for c in all_view.callouts]
    assert all(c.opacity() == 1.0 for c in callouts)
    crowded = diagram_screen.tree_items["red-cell"].text(0)
    assert "crowded out" in crowded
    # a callout leads to the symptoms article
    callout = callouts[0]
    diagram_screen.view.centerOn(callout)
    point = diagram_screen.view.mapFromScene(callout.scenePos()
                                             + QPointF(0, callout.height / 2))
    qtbot.mouseClick(diagram_screen.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert str(window.router.current) == callout.link
    assert isinstance(window.current_screen(), ArticleScreen)


def test_b_and_t_views_highlight_their_branch(qtbot, diagram_screen) -> None:
    for view_id, branch_cell, other in (("b-all", "b-lymphocyte", "t-lymphocyte"),
                                        ("t-all", "t-lymphocyte", "b-lymphocyte")):
        diagram_screen.set_view(view_id)
        wait_for_animation(qtbot, diagram_screen)
        items = diagram_screen.scene.cell_items
        assert items[branch_cell].in_branch and not items[other].in_branch


def test_back_to_healthy_restores_everything(qtbot, diagram_screen) -> None:
    diagram_screen.set_view("all")
    wait_for_animation(qtbot, diagram_screen)
    diagram_screen.set_view("healthy")
    wait_for_animation(qtbot, diagram_screen)
    scene = diagram_screen.scene
    assert all(item.fade == 0.0 and not item.blocked for item in scene.cell_items.values())
    assert scene.marrow.blast_dots() == 0 and scene.callouts == [] and scene.pile.count == 0


def test_zoom_buttons_and_fit(qtbot, diagram_screen) -> None:
    view = diagram_screen.view
    before = view.zoom()
    qtbot.mouseClick(diagram_screen.zoom_in_button, Qt.MouseButton.LeftButton)
    assert view.zoom() == pytest.approx(before * 1.25)
    qtbot.mouseClick(diagram_screen.zoom_out_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(diagram_screen.zoom_out_button, Qt.MouseButton.LeftButton)
    assert view.zoom() == pytest.approx(before / 1.25)
    qtbot.mouseClick(diagram_screen.fit_button, Qt.MouseButton.LeftButton)
    visible = view.visible_scene_rect()
    tree = diagram_screen.scene.content_rect()
    assert visible.contains(tree.adjusted(5, 5, -5, -5)) or view.zoom() == pytest.approx(
        0.62), "fit shows it all, or as much as readable labels allow"


def test_synthetic_pinch_zooms(qtbot, diagram_screen) -> None:
    view = diagram_screen.view
    before = view.zoom()
    device = QTest.createTouchDevice()
    viewport = view.viewport()
    centre = viewport.rect().center()
    QTest.touchEvent(viewport, device).press(0, centre - QPoint(50, 0), viewport) \
        .press(1, centre + QPoint(50, 0), viewport).commit()
    QTest.touchEvent(viewport, device).move(0, centre - QPoint(100, 0), viewport) \
        .move(1, centre + QPoint(100, 0), viewport).commit()
    QTest.touchEvent(viewport, device).release(0, centre - QPoint(100, 0), viewport) \
        .release(1, centre + QPoint(100, 0), viewport).commit()
    assert view.zoom() == pytest.approx(before * 2, rel=0.05)


def test_tap_selects_a_cell(qtbot, diagram_screen) -> None:
    diagram_screen.view.centerOn(diagram_screen.scene.cell_items["platelet"])
    point = diagram_screen.view.cell_viewport_point("platelet").toPoint()
    device = QTest.createTouchDevice()
    viewport = diagram_screen.view.viewport()
    QTest.touchEvent(viewport, device).press(0, point, viewport).commit()
    QTest.touchEvent(viewport, device).release(0, point, viewport).commit()
    assert diagram_screen.scene.selected_id == "platelet"


def test_guided_tour_steps_forward_and_back(qtbot, diagram_screen, repository) -> None:
    tour = repository.diagram().tour
    qtbot.mouseClick(diagram_screen.tour_next, Qt.MouseButton.LeftButton)
    assert diagram_screen.tour_caption.text() == tour[0].caption
    views_seen = {diagram_screen.view_id}
    for step in tour[1:]:
        qtbot.mouseClick(diagram_screen.tour_next, Qt.MouseButton.LeftButton)
        assert diagram_screen.tour_caption.text() == step.caption
        assert diagram_screen.scene.selected_id == step.cell_id
        views_seen.add(diagram_screen.view_id)
    assert {"healthy", "all"} <= views_seen
    qtbot.mouseClick(diagram_screen.tour_back, Qt.MouseButton.LeftButton)
    assert diagram_screen.tour_caption.text() == tour[-2].caption


def test_text_alternative_selects_the_same_cell(qtbot, diagram_screen) -> None:
    item = diagram_screen.tree_items["neutrophil"]
    diagram_screen.tree.setCurrentItem(item)
    assert diagram_screen.scene.selected_id == "neutrophil"
    assert diagram_screen.info.title_label.text() == item.text(0).split(" (")[0].split(" –")[0]


def test_addresses_open_a_view_and_a_cell(qtbot, window) -> None:
    window.open("app:diagram?view=all&cell=lymphoblast")
    screen = window.current_screen()
    assert isinstance(screen, DiagramScreen)
    assert screen.view_id == "all" and screen.scene.selected_id == "lymphoblast"
    window.open("app:diagram?cell=no-such-cell")
    assert not isinstance(window.current_screen(), DiagramScreen)


def test_search_offers_cells_on_the_diagram(qtbot, window) -> None:
    qtbot.keyClicks(window.search_field, "platelet")
    results = window.current_screen().results
    diagram_hit = next(card for card in results if card.accessibleName().endswith("Diagram"))
    qtbot.mouseClick(diagram_hit, Qt.MouseButton.LeftButton)
    screen = window.current_screen()
    assert isinstance(screen, DiagramScreen) and screen.scene.selected_id == "platelet"


def test_articles_link_into_the_diagram(qtbot, window) -> None:
    from tests.helpers import click_link

    window.open("app:article/blood-and-marrow")
    click_link(qtbot, window.current_screen().browser, "app:diagram")
    assert isinstance(window.current_screen(), DiagramScreen)
