"""The diagram's colours in the current theme, and every colour pair it draws with.

The diagram paints with QPainter, so the app's style sheet never reaches it: its colours
come from here, worked out from the theme (style.Theme). Colours that are data (a cell's
fill, a family's line) stay as written; where one would not stand out on the theme's
paper, the diagram draws it with a theme outline instead (`outline`). `diagram_pairs`
lists each pair with the contrast it must reach, as style.THEME_PAIRS does for widgets:
text 4.5:1 (7:1 in high contrast), lines, rings and cell outlines 3:1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtGui import QColor

from desktop_app.ui import style

UI_MINIMUM = 3.0  # WCAG 2.2 1.4.11: lines, rings and shapes a reader must see


def luminance(colour: str | QColor) -> float:
    """WCAG relative luminance."""
    c = QColor(colour)

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(first: str | QColor, second: str | QColor) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(colour: str | QColor, towards: str | QColor, share: float) -> QColor:
    """`colour` moved `share` of the way to `towards` (0 = unchanged)."""
    a, b = QColor(colour), QColor(towards)
    return QColor.fromRgbF(*(x + (y - x) * share for x, y in (
        (a.redF(), b.redF()), (a.greenF(), b.greenF()), (a.blueF(), b.blueF()))))


@lru_cache(maxsize=512)  # painters ask for outlines every frame: work each out once
def readable(colour: str, paper: str, minimum: float, towards: str) -> str:
    """`colour`, or the nearest mix of it towards `towards` that reaches `minimum` on
    `paper`: the data's hue kept where it can be, never a pair below the minimum."""
    for step in range(21):
        mixed = mix(colour, towards, step / 20).name()
        if contrast(mixed, paper) >= minimum:
            return mixed
    return QColor(towards).name()


def lowest_opacity(colour: str, paper: str, minimum: float) -> float:
    """The lowest opacity at which `colour` over `paper` still reaches `minimum` (with a
    little to spare: the screen blends in whole steps of 1/255)."""
    for step in range(20, -1, -1):
        if contrast(mix(paper, colour, step / 20).name(), paper) < minimum * 1.05:
            return min(1.0, (step + 1) / 20)
    return 0.0


@dataclass(frozen=True)
class DiagramPalette:
    """The colours the diagram paints with in one theme."""

    theme: style.Theme
    paper: str  # the scene's background, and each label's halo
    ink: str
    muted: str  # crowded-out labels
    edge: str  # lineage lines
    edge_faded_opacity: float  # a crowded-out line's opacity: still 3:1 on paper
    path: str  # the highlighted path to the chosen cell, and the ring round a cell on it
    path_halo: str  # the soft disc behind a cell on the path (decoration)
    selected: str  # the ring round the chosen cell
    focus: str  # the keyboard focus ring
    blast_fill: str  # leukaemia cells (blasts)
    blast_line: str
    blast_nucleus: str
    stuck_ink: str  # the "Stuck: not growing up" tag's words and edge, on paper
    callout_line: str
    callout_fill: str
    panel_fill: str  # the marrow panel and the treatment stage
    panel_line: str
    panel_empty: str  # empty marrow (decoration)
    mark_fill: str  # the CD19 / Ph+ / donor tags on the stage
    label_ink: str  # words on the stage, the legend and the MRD label
    bridge: str  # blinatumomab's bridge and its word, on the panel
    drug: str  # chemotherapy drops and the antibody, on the panel
    steroid_line: str
    signal: str  # the BCR-ABL1 signal, on the panel
    signal_off: str  # the signal once a TKI blocks it (decoration)

    @property
    def text_minimum(self) -> float:
        return self.theme.text_minimum

    def outline(self, line: str, on: str | None = None) -> str:
        """A cell family's line from the data, or a theme outline near it where the data's
        line would not reach 3:1 on the paper (dark lines on a dark theme)."""
        return readable(line, on or self.paper, UI_MINIMUM, self.ink)

    def cell_pairs(self, cells: Iterable[tuple[str, str, str]]) -> dict[str, tuple[str, str,
                                                                                float]]:
        """For each (name, fill, line) cell: its outline on the paper (3:1), and its fill
        too when the fill is what shows the cell's shape (no outline would be needed)."""
        pairs = {}
        for name, fill, line in cells:
            edge = self.outline(line)
            shape = edge if contrast(edge, self.paper) >= contrast(fill, self.paper) else fill
            pairs[f"{name} cell on the paper"] = (shape, self.paper, UI_MINIMUM)
        return pairs


_LIGHT_DATA = {  # the light theme's own diagram colours (printouts and the README)
    "blast_fill": "#c2185b", "blast_line": "#7a0f3a", "edge": "#6b7385",
    "callout_line": "#b3261e", "panel_fill": "#fbf7f2", "panel_line": "#8795a4",
    "bridge": "#b45309", "drug": "#0f766e", "steroid_line": "#1e3a8a", "signal": "#a16207",
}


def palette_for(theme: style.Theme) -> DiagramPalette:
    """The diagram's colours for `theme`, each worked to its minimum on what it sits on."""
    t = theme
    dark = luminance(t.paper) < 0.2
    text = t.text_minimum
    panel = _LIGHT_DATA["panel_fill"] if not dark else t.tile
    paper = t.paper

    def ui(colour: str, on: str = paper) -> str:
        return readable(colour, on, UI_MINIMUM, t.ink)

    def words(colour: str, on: str) -> str:
        return readable(colour, on, text, t.ink)

    blast_fill = ui(_LIGHT_DATA["blast_fill"] if not dark else "#e0407a", panel)
    blast_fill = ui(blast_fill, paper)
    edge = ui(_LIGHT_DATA["edge"]) if text < 7 else t.line  # high contrast: white lines
    return DiagramPalette(
        theme=t, paper=paper, ink=t.ink, muted=t.muted, edge=edge,
        edge_faded_opacity=lowest_opacity(edge, paper, UI_MINIMUM),
        path=t.focus, path_halo=mix(t.focus, paper, 0.72).name(), selected=ui(t.accent),
        focus=t.focus, blast_fill=blast_fill,
        blast_line=_LIGHT_DATA["blast_line"] if not dark else mix(blast_fill, t.ink, 0.5).name(),
        blast_nucleus=mix(blast_fill, "#ffffff", 0.35).name(),
        stuck_ink=words(_LIGHT_DATA["blast_line"] if not dark else "#f48fb1", paper),
        callout_line=ui(_LIGHT_DATA["callout_line"] if not dark else "#f28b82", t.note),
        callout_fill=t.note, panel_fill=panel, panel_line=ui(_LIGHT_DATA["panel_line"], panel),
        panel_empty=mix(panel, t.ink, 0.12).name(), mark_fill=paper,
        label_ink=words(t.ink, panel),
        bridge=words(_LIGHT_DATA["bridge"] if not dark else "#fbbf24", panel),
        drug=ui(_LIGHT_DATA["drug"] if not dark else "#2dd4bf", panel),
        steroid_line=ui(_LIGHT_DATA["steroid_line"], panel),
        signal=ui(_LIGHT_DATA["signal"] if not dark else "#facc15", panel),
        signal_off=mix(panel, t.ink, 0.3).name(),
    )


PALETTES: dict[str, DiagramPalette] = {name: palette_for(t) for name, t in style.THEMES.items()}
LIGHT = PALETTES["light"]


def diagram_pairs(palette: DiagramPalette,
                  cells: Iterable[tuple[str, str, str]] = ()) -> dict[str, tuple[str, str,
                                                                                 float]]:
    """Every foreground/background pair the diagram draws in `palette`, with its minimum."""
    p, text = palette, palette.text_minimum
    faded_edge = mix(p.paper, p.edge, p.edge_faded_opacity).name()
    return {
        "cell label on its halo": (p.ink, p.paper, text),
        "crowded-out cell label": (p.muted, p.paper, text),
        "stuck tag words": (p.stuck_ink, p.paper, text),
        "symptom note words": (p.ink, p.callout_fill, text),
        "marrow panel title and legend": (p.label_ink, p.panel_fill, text),
        "stage words": (p.label_ink, p.panel_fill, text),
        "stage tag words": (p.ink, p.mark_fill, text),
        "blinatumomab's name on the stage": (p.bridge, p.panel_fill, text),
        "MRD picture label": (p.ink, p.paper, text),
        "lineage line": (p.edge, p.paper, UI_MINIMUM),
        "crowded-out lineage line": (faded_edge, p.paper, UI_MINIMUM),
        "highlighted path": (p.path, p.paper, UI_MINIMUM),
        "chosen cell ring": (p.selected, p.paper, UI_MINIMUM),
        "focus ring on the diagram": (p.focus, p.paper, UI_MINIMUM),
        "focus ring on a cell's halo": (p.focus, p.path_halo, UI_MINIMUM),
        "leukaemia cells on the paper": (p.blast_fill, p.paper, UI_MINIMUM),
        "leukaemia cells in the marrow panel": (p.blast_fill, p.panel_fill, UI_MINIMUM),
        "stuck tag edge": (p.stuck_ink, p.paper, UI_MINIMUM),
        "symptom note edge": (p.callout_line, p.paper, UI_MINIMUM),
        "marrow panel and stage edge": (p.panel_line, p.paper, UI_MINIMUM),
        "drug on the stage": (p.drug, p.panel_fill, UI_MINIMUM),
        "bridge on the stage": (p.bridge, p.panel_fill, UI_MINIMUM),
        "signal on the stage": (p.signal, p.panel_fill, UI_MINIMUM),
        "steroid on the stage": (p.steroid_line, p.panel_fill, UI_MINIMUM),
        **p.cell_pairs(cells),
    }
