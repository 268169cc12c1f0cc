"""The diagram in every theme: its colour pairs at their WCAG 2.2 AA minimums (text 4.5:1,
7:1 in high contrast; lines, rings and cells 3:1) on the table and on the pixels drawn,
re-styled when the reader changes the theme, and the focus ring of the chosen view button
standing out on both of its sides."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint, QRect, QRectF
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QGraphicsItem

from desktop_app.core.repository import ContentRepository
from desktop_app.ui import style
from desktop_app.ui.diagram_items import RADIUS, CellItem
from desktop_app.ui.diagram_palette import DiagramPalette, diagram_pairs, palette_for
from desktop_app.ui.screens.diagram import DiagramScreen
from tests.test_themes import choose_theme, contrast, text_contrast

THEMES = sorted(style.THEMES)


def low_pairs(pairs: dict[str, tuple[str, str, float]]) -> list[str]:
    return [f"{name}: {fg} on {bg} is {contrast(fg, bg):.2f}:1, needs {minimum}:1"
            for name, (fg, bg, minimum) in pairs.items() if contrast(fg, bg) < minimum]


def cell_colours(repository: ContentRepository) -> list[tuple[str, str, str]]:
    return [(cell.name, cell.look.fill, cell.look.line)
            for _, cell in repository.diagram().walk()]


# The table


@pytest.mark.parametrize("theme", THEMES)
def test_every_diagram_pair_meets_its_minimum(theme: str,
                                              repository: ContentRepository) -> None:
    palette = palette_for(style.THEMES[theme])
    pairs = diagram_pairs(palette, cell_colours(repository))
    assert len(pairs) > 20 + len(cell_colours(repository)) - 1
    assert low_pairs(pairs) == []
    if theme == "contrast":  # text 7:1 in high contrast
        assert min(m for _, _, m in pairs.values() if m > 3.0) == 7.0


def test_the_table_fails_a_colour_that_would_not_stand_out() -> None:
    """The check can fail: muted labels as pale as the paper, or a cell whose fill and
    data line are both lost on the paper, are caught."""
    palette = palette_for(style.LIGHT)
    pale = dataclasses.replace(palette, muted="#dddddd")
    assert any("crowded-out cell label" in p for p in low_pairs(diagram_pairs(pale)))
    # a palette with no theme outline (the data's line as it is) on dark paper
    bare = _WithoutOutline(**{f.name: getattr(palette_for(style.DARK), f.name)
                              for f in dataclasses.fields(DiagramPalette)})
    problems = low_pairs(diagram_pairs(bare, [("Dark cell", "#1a1a2e", "#1e1b4b")]))
    assert any("Dark cell" in p for p in problems)


@dataclasses.dataclass(frozen=True)
class _WithoutOutline(DiagramPalette):
    def outline(self, line: str, on: str | None = None) -> str:
        return line


def test_data_lines_that_vanish_on_dark_paper_get_a_theme_outline(
        repository: ContentRepository) -> None:
    dark = palette_for(style.DARK)
    lines = {cell.look.line for _, cell in repository.diagram().walk()}
    lost = [line for line in lines if contrast(line, dark.paper) < 3.0]
    assert lost, "the data has dark family lines: the test should see one replaced"
    for line in lost:
        assert dark.outline(line) != line and contrast(dark.outline(line), dark.paper) >= 3.0
    light = palette_for(style.LIGHT)
    assert all(light.outline(line) == line for line in lines)  # the data, as written


# The pixels


def diagram(person) -> DiagramScreen:
    screen = person.window.current_screen()
    assert isinstance(screen, DiagramScreen)
    person.wait_until(lambda: screen.scene.animation.state()
                      == screen.scene.animation.State.Stopped)
    return screen


def item_pixels(screen: DiagramScreen, item: QGraphicsItem, rect: QRectF) -> tuple[QImage,
                                                                                   QRect]:
    """The viewport's picture and where `rect` (in `item`'s coordinates) is on it."""
    view = screen.view
    view.ensureVisible(item, 10, 10)
    QApplication.processEvents()
    polygon = view.mapFromScene(item.mapToScene(rect))
    return view.viewport().grab().toImage(), polygon.boundingRect()


def label_rect(item: CellItem) -> QRectF:
    return QRectF(-item.label_width / 2, RADIUS + 6, item.label_width, item.label_height)


@pytest.mark.parametrize("theme", THEMES)
def test_the_drawn_diagram_follows_the_theme(start_app, theme: str) -> None:
    person = start_app("--page", "app:diagram?view=all")
    person.window.resize(1280, 800)
    choose_theme(person, theme)
    chosen = style.THEMES[theme]
    palette = palette_for(chosen)
    screen = diagram(person)
    scene = screen.scene
    assert scene.diagram_palette == palette
    assert scene.backgroundBrush().color() == QColor(palette.paper)
    problems = []
    checks = {
        "stem cell label": (scene.cell_items["stem-cell"],
                            label_rect(scene.cell_items["stem-cell"])),
        "crowded-out neutrophil label": (scene.cell_items["neutrophil"],
                                         label_rect(scene.cell_items["neutrophil"])),
        "symptom note": (scene.callouts[0], scene.callouts[0].box().adjusted(6, 4, -6, -4)),
        "marrow panel title": (scene.marrow, QRectF(12, 6, 260, scene.marrow.header - 10
                                                    - scene.marrow.legend_row)),
    }
    assert scene.cell_items["neutrophil"].fade == 1.0
    for name, (item, rect) in checks.items():
        image, where = item_pixels(screen, item, rect)
        ratio, ink, paper = text_contrast(image, where)
        if ratio < chosen.text_minimum:
            problems.append(f"{name}: {ink} on {paper} is {ratio:.2f}:1")
    assert problems == []
    image = screen.view.viewport().grab().toImage()
    corner = QColor(image.pixel(3, 3))
    assert contrast(corner, palette.paper) < 1.05, (corner.name(), palette.paper)


def test_changing_the_theme_re_styles_the_open_diagram(start_app) -> None:
    person = start_app("--page", "app:diagram?view=mrd")
    screen = diagram(person)
    light = screen.mrd_view.viewport().grab().toImage().pixelColor(2, 2)
    choose_theme(person, "dark")
    dark = palette_for(style.DARK)
    assert screen.mrd_scene.backgroundBrush().color() == QColor(dark.paper)
    QApplication.processEvents()
    after = screen.mrd_view.viewport().grab().toImage().pixelColor(2, 2)
    assert after != light and contrast(after, dark.paper) < 1.05
    person.click("Show the ALL view", exact=True)
    assert screen.scene.diagram_palette == dark
    assert all(item.palette == dark for item in screen.scene.cell_items.values())
    choose_theme(person, "contrast")
    assert screen.scene.diagram_palette == palette_for(style.HIGH_CONTRAST)
    assert screen.toolbar.styleSheet().count(style.HIGH_CONTRAST.focus) >= 1


@pytest.mark.parametrize("theme", THEMES)
def test_the_focus_ring_on_the_chosen_view_button_stands_out(start_app, theme: str) -> None:
    """Focused and chosen, the filled button's ring meets paper outside and a ring of
    paper inside it, so it reaches 3:1 on both sides; the fill still shows it is chosen."""
    person = start_app("--page", "app:diagram?view=all")
    choose_theme(person, theme)
    chosen = style.THEMES[theme]
    button = person.find("Show the ALL view", exact=True)
    assert button.isChecked()
    button.setFocus()
    person.wait_until(button.hasFocus)
    QApplication.processEvents()
    image = person.window.grab().toImage()
    middle = button.mapTo(person.window, QPoint(0, button.height() // 2))
    ring = QColor(image.pixel(middle.x() + 1, middle.y()))
    outside = QColor(image.pixel(middle.x() - 3, middle.y()))
    inside = QColor(image.pixel(middle.x() + 4, middle.y()))
    fill = QColor(image.pixel(middle.x() + 9, middle.y()))
    assert ring == QColor(chosen.focus), (ring.name(), chosen.focus)
    assert contrast(ring, outside) >= 3.0, (ring.name(), outside.name())
    assert contrast(ring, inside) >= 3.0, (ring.name(), inside.name())
    assert fill == QColor(chosen.accent), "the chosen button keeps its fill"
