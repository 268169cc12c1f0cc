"""The diagram's QGraphicsItems: cells, lineage edges, the blast pile, symptom callouts and
the marrow panel with its legend.

Everything is painted with QPainter from vector shapes, so it stays crisp at every zoom
and on high-DPI screens. How a cell looks comes from its data (`Cell.look`), never from
its id; its colours from the theme (diagram_palette.py). Items hold their state (faded,
highlighted, selected) as plain attributes; the scene (diagram_scene.py) decides what
each should be.

Kept fast on a kiosk: what an animation changes each frame is an opacity or a visibility
(a crowded-out cell's body, a line's fade, the stuck tag, each piled-up blast), so Qt
blends pictures it already cached rather than painting again; the marrow panel's dots,
which change every frame, are stamped from small cached pictures of one dot each.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsPathItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from desktop_app.core.diagram import Cell
from desktop_app.ui import style
from desktop_app.ui.diagram_palette import LIGHT, UI_MINIMUM, DiagramPalette, contrast, mix

RADIUS = 26.0
LABEL_WIDTH = 122.0
LABEL_POINTS = 12.0
RING = 12.0  # the focus ring's distance outside the cell

# the light theme's colours by their old names (the themes' own are in diagram_palette)
BLAST_FILL = LIGHT.blast_fill  # leukaemia cells (blasts), everywhere in the diagram
BLAST_LINE = LIGHT.blast_line
FADED_INK = LIGHT.muted  # crowded-out labels: 8:1 on their halo, never faded
FADED_BODY = 0.3  # a crowded-out cell's body at full fade: see-through to the blasts
STUCK_TEXT = "Stuck: not growing up"
MAX_BLASTS = 48


def label_font(scale: float = 1.0, bold: bool = False) -> QFont:
    font = QFont(style.FONT_FAMILY)
    font.setPointSizeF(LABEL_POINTS * scale)
    font.setBold(bold)
    return font


def label_flags() -> int:
    return int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
               | Qt.TextFlag.TextWordWrap)


def text_height(text: str, font: QFont, width: float) -> float:
    return QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 1000), label_flags(),
                                            text).height()


class _CachedPart(QGraphicsItem):
    """A part of an item drawn once into a cached picture and then only faded or
    shown; clicks go through it to the item it belongs to."""

    def __init__(self, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)


class _CellBody(_CachedPart):
    """A cell's painted body: its own cached picture, faded by opacity alone, so a
    crowded-out cell fades without being painted again each frame."""

    def __init__(self, owner: CellItem) -> None:
        super().__init__(owner)
        self.owner = owner

    def boundingRect(self) -> QRectF:
        size = RADIUS * max(1.0, self.owner.cell.look.size) + 3
        return QRectF(-size, -size, 2 * size, 2 * size)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        owner, palette = self.owner, self.owner.palette
        look = owner.cell.look
        line = QColor(palette.outline(look.line))
        if owner.blocked:
            fill = mix(palette.blast_fill, "#ffffff", 0.45)
            line = QColor(palette.blast_line)
        else:
            fill = QColor(look.fill)
        painter.setPen(QPen(line, 2.5))
        painter.setBrush(fill)
        size = RADIUS * look.size
        painter.drawEllipse(QPointF(0, 0), size, size)
        self._paint_nucleus(painter, line)

    def _paint_nucleus(self, painter: QPainter, line: QColor) -> None:
        look = self.owner.cell.look
        kind = look.nucleus
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(look.nucleus_fill) if look.nucleus_fill
                         else QColor(look.line).lighter(130))
        s = look.size
        if kind == "disc":
            painter.drawEllipse(QPointF(0, 0), RADIUS * 0.45 * s, RADIUS * 0.45 * s)
        elif kind == "fragments":
            for dx, dy in ((-6, -3), (5, 4), (2, -7)):
                painter.drawEllipse(QPointF(dx * s * 1.8, dy * s * 1.8), 3.5, 3.5)
        elif kind in ("lobes", "segments"):
            count = 5 if kind == "lobes" else 3
            for n in range(count):
                angle = 2 * math.pi * n / count
                painter.drawEllipse(QPointF(9 * math.cos(angle), 9 * math.sin(angle)), 7, 7)
        elif kind == "kidney":
            path = QPainterPath()
            path.addEllipse(QPointF(-2, 0), 13, 10)
            notch = QPainterPath()
            notch.addEllipse(QPointF(10, 0), 7, 6)
            painter.drawPath(path.subtracted(notch))
        elif kind == "offset":
            painter.drawEllipse(QPointF(-8, 0), 10, 10)
        else:
            painter.drawEllipse(QPointF(0, 0), RADIUS * 0.6 * s, RADIUS * 0.6 * s)
        if look.granules:
            painter.setBrush(QColor(look.granules))
            for n in range(8):
                angle = 2 * math.pi * n / 8 + 0.3
                painter.drawEllipse(QPointF(18 * s * math.cos(angle), 18 * s * math.sin(angle)),
                                    2.2, 2.2)


class _StuckTag(_CachedPart):
    """"Stuck: not growing up", beside the stuck cell; it appears by opacity alone."""

    def __init__(self, owner: CellItem) -> None:
        super().__init__(owner)
        self.owner = owner

    def boundingRect(self) -> QRectF:
        rect = self.owner.stuck_rect()
        return rect.united(QRectF(RADIUS * 0.8, -RADIUS * 0.6, 1, 1)).adjusted(-3, -3, 3, 3)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.owner.palette
        rect = self.owner.stuck_rect()
        painter.setPen(QPen(QColor(palette.stuck_ink), 2))
        painter.setBrush(QColor(palette.paper))
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.drawLine(QPointF(RADIUS * 0.8, -RADIUS * 0.6),
                         QPointF(rect.left(), rect.center().y()))
        painter.setFont(self.owner.stuck_font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), STUCK_TEXT)


class CellItem(QGraphicsObject):
    """One cell of the lineage tree: a painted cell with its plain name beneath.

    The item paints the rings and the label (cached: they change on a click, not every
    frame); its body and its stuck tag are child items faded by opacity."""

    clicked = Signal(str)

    def __init__(self, cell: Cell, text_scale: float = 1.0,
                 palette: DiagramPalette = LIGHT) -> None:
        super().__init__()
        self.cell = cell
        self.palette = palette
        self.selected = False
        self.focused = False
        self.on_path = False
        self._blocked = False
        self._stuck_shown = 0.0  # how far the "stuck" tag has appeared (0 to 1)
        self._fade = 0.0  # 0 = healthy look, 1 = crowded out in full
        self.in_branch = False
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{cell.name} ({cell.medical_name})")
        # painted once per change and then blitted: a repaint costs little on a kiosk
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.set_text_scale(text_scale)
        self.body = _CellBody(self)
        self.tag = _StuckTag(self)
        self.tag.setVisible(False)

    @property
    def fade(self) -> float:
        return self._fade

    @fade.setter
    def fade(self, value: float) -> None:
        """The body fades by opacity; the label changes ink once, past half way."""
        if (value > 0.5) != (self._fade > 0.5):
            self.update()
        self._fade = value
        self.body.setOpacity(1.0 - (1.0 - FADED_BODY) * value)

    @property
    def stuck_shown(self) -> float:
        return self._stuck_shown

    @stuck_shown.setter
    def stuck_shown(self, value: float) -> None:
        self._stuck_shown = value
        self.tag.setOpacity(value)
        self.tag.setVisible(self._blocked and value > 0)

    @property
    def blocked(self) -> bool:
        return self._blocked

    @blocked.setter
    def blocked(self, value: bool) -> None:
        if value != self._blocked:
            self._blocked = value
            self.body.update()
            self.tag.setVisible(value and self._stuck_shown > 0)

    def set_palette(self, palette: DiagramPalette) -> None:
        self.palette = palette
        self.update()
        self.body.update()
        self.tag.update()

    def set_text_scale(self, scale: float) -> None:
        self.prepareGeometryChange()
        self.text_scale = scale
        self.font = label_font(scale)
        self.label_width = LABEL_WIDTH * scale
        self.label_height = text_height(self.cell.name, self.font, self.label_width)
        self.stuck_font = label_font(scale * 0.9, bold=True)
        metrics = QFontMetricsF(self.stuck_font)
        self.stuck_size = (metrics.horizontalAdvance(STUCK_TEXT) + 16, metrics.height() + 8)
        tag = getattr(self, "tag", None)
        if tag is not None:
            tag.prepareGeometryChange()
            tag.update()

    def label_bottom(self) -> float:
        """Where the label ends, below the cell's centre (edges start under it)."""
        return RADIUS + 6 + self.label_height + 2

    def stuck_rect(self) -> QRectF:
        width, height = self.stuck_size
        return QRectF(RADIUS + 10, -RADIUS - height / 2 - 2, width, height)

    def boundingRect(self) -> QRectF:
        edge = RADIUS + RING + 3  # the focus ring with its pen
        return QRectF(-max(edge, self.label_width / 2 + 5), -edge,
                      2 * max(edge, self.label_width / 2 + 5), edge + self.label_bottom() + 4)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), RADIUS + 6, RADIUS + 6)
        path.addRect(QRectF(-self.label_width / 2, RADIUS + 2, self.label_width,
                            self.label_height + 8))
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette
        if self.on_path or self.in_branch:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(palette.path_halo))
            painter.drawEllipse(QPointF(0, 0), RADIUS + 9, RADIUS + 9)
        if self.selected:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(palette.selected), 4))
            painter.drawEllipse(QPointF(0, 0), RADIUS + 6, RADIUS + 6)
        if self.focused:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(palette.focus), 3, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(QRectF(-RADIUS - RING, -RADIUS - RING, 2 * (RADIUS + RING),
                                           2 * (RADIUS + RING)), 8, 8)
        self._paint_label(painter)

    def _paint_label(self, painter: QPainter) -> None:
        """The name on a halo of paper, in full ink or muted ink: readable when faded."""
        painter.setFont(self.font)
        area = QRectF(-self.label_width / 2, RADIUS + 6, self.label_width, self.label_height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self.palette.paper))
        used = painter.fontMetrics().boundingRect(area.toRect(), label_flags(), self.cell.name)
        painter.drawRoundedRect(QRectF(used).adjusted(-4, -1, 4, 1), 4, 4)
        painter.setPen(QColor(self.palette.muted if self.fade > 0.5 else self.palette.ink))
        painter.drawText(area, label_flags(), self.cell.name)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.cell.id)


class _EdgeBar(QGraphicsItem):
    """The bar across a stuck cell's lines (nothing grows past here), shown by opacity."""

    def __init__(self, edge: EdgeItem) -> None:
        super().__init__(edge)
        self.edge = edge
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def point(self) -> QPointF:
        return self.edge.path().pointAtPercent(0.35)

    def boundingRect(self) -> QRectF:
        point = self.point()
        return QRectF(point.x() - 15, point.y() - 5, 30, 10)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        point = self.point()
        painter.setPen(QPen(QColor(self.edge.palette.stuck_ink), 5, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap))
        painter.drawLine(point + QPointF(-11, 0), point + QPointF(11, 0))


class EdgeItem(QGraphicsPathItem):
    """A lineage edge: a smooth curve from under a parent's label to the top of a child.
    Cached; a crowded-out line fades by opacity (never below 3:1) and turns dashed."""

    def __init__(self, parent_id: str, child_id: str, palette: DiagramPalette = LIGHT) -> None:
        super().__init__()
        self.parent_id, self.child_id = parent_id, child_id
        self.palette = palette
        self.highlighted = False
        self._fade = 0.0
        self._blocked = 0.0  # a bar across the edge: nothing grows past here (0 to 1)
        self.setZValue(-2)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.bar = _EdgeBar(self)
        self.bar.setVisible(False)

    @property
    def fade(self) -> float:
        return self._fade

    @fade.setter
    def fade(self, value: float) -> None:
        dashed = value > 0.5
        self._fade = value
        faded = 1.0 - (1.0 - self.palette.edge_faded_opacity) * value
        self.setOpacity(1.0 if self.highlighted else faded)
        if dashed != (self.pen().style() == Qt.PenStyle.DashLine) and not self.highlighted:
            self.restyle()

    @property
    def blocked(self) -> float:
        return self._blocked

    @blocked.setter
    def blocked(self, value: float) -> None:
        self._blocked = value
        self.bar.setOpacity(value)
        self.bar.setVisible(value > 0)

    def place(self, start: QPointF, end: QPointF) -> None:
        """`start` is under the parent's label, `end` the top of the child cell."""
        path = QPainterPath(start)
        middle = (start.y() + end.y()) / 2
        path.cubicTo(QPointF(start.x(), middle), QPointF(end.x(), middle),
                     QPointF(end.x(), end.y() - RADIUS - 4))
        self.bar.prepareGeometryChange()
        self.setPath(path)
        self.restyle()

    def restyle(self) -> None:
        if self.highlighted:
            colour, width = QColor(self.palette.path), 5.0
        else:
            colour, width = QColor(self.palette.edge), 2.5
        pen = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        if self._fade > 0.5 and not self.highlighted:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.fade = self._fade  # the opacity for the highlight
        self.bar.update()

    def set_palette(self, palette: DiagramPalette) -> None:
        self.palette = palette
        self.restyle()

    def set_highlight(self, on: bool) -> None:
        self.highlighted = on
        self.restyle()

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-4, -4, 4, 4)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        super().paint(painter, option, widget)


class Stamps:
    """Small pictures of one dot each (fill, outline, nucleus), drawn once per screen
    scale and then stamped wherever the dot goes: far cheaper than painting each dot."""

    def __init__(self) -> None:
        self._pixmaps: dict[tuple[str, str, str, float, float, float], QPixmap] = {}

    def clear(self) -> None:
        self._pixmaps.clear()

    def get(self, fill: str, radius: float, scale: float, line: str = "",
            nucleus: str = "", ratio: float = 1.0) -> QPixmap:
        """`scale`: the screen's logical pixels per scene unit; `ratio`: its device
        pixels per logical pixel (2 on a high-DPI screen), so stamps stay crisp."""
        key = (fill, line, nucleus, radius, round(scale, 3), ratio)
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            scale *= ratio
            side = math.ceil(2 * radius * scale + 4)
            pixmap = QPixmap(side, side)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            centre = QPointF(side / 2, side / 2)
            painter.setPen(QPen(QColor(line), 1.2 * scale) if line else Qt.PenStyle.NoPen)
            painter.setBrush(QColor(fill))
            painter.drawEllipse(centre, radius * scale, radius * scale)
            if nucleus:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(nucleus))
                painter.drawEllipse(centre, radius * scale * 0.55, radius * scale * 0.55)
            painter.end()
            pixmap.setDevicePixelRatio(ratio)
            self._pixmaps[key] = pixmap
        return pixmap


def stamp_all(painter: QPainter, points: Sequence[tuple[QPointF, QPixmap]]) -> None:
    """Stamp each picture centred on its point, at the screen's own resolution."""
    transform = painter.worldTransform()
    painter.save()
    painter.resetTransform()
    for point, pixmap in points:
        at = transform.map(point)
        size = pixmap.deviceIndependentSize()
        painter.drawPixmap(round(at.x() - size.width() / 2),
                           round(at.y() - size.height() / 2), pixmap)
    painter.restore()


def device_scale(painter: QPainter) -> float:
    transform = painter.worldTransform()
    return math.hypot(transform.m11(), transform.m12())


def pixel_ratio(painter: QPainter) -> float:
    device = painter.device()
    return device.devicePixelRatioF() if device is not None else 1.0


class BlastPile(QGraphicsItem):
    """Leukaemia cells (blasts) piling up round the stuck cell and over its branch.

    The first blasts sit close to the stuck cell; as their number grows they spread down
    over the cells it should have grown into, until they crowd the whole branch. The
    count changes every frame, so the pile is not cached: each blast is stamped from one
    small picture.
    """

    def __init__(self, area: QRectF, palette: DiagramPalette = LIGHT) -> None:
        super().__init__()
        self.count = 0
        self.palette = palette
        self.stamps = Stamps()
        self.setZValue(-1)  # under the cells, which turn see-through as they are crowded
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.set_area(area)

    def set_area(self, area: QRectF) -> None:
        """`area`: the branch's box in the item's coordinates (the stuck cell at 0, 0)."""
        self.prepareGeometryChange()
        self.area = area
        generator = random.Random(7)
        points = []
        for n in range(MAX_BLASTS):
            reach = 0.25 + 0.75 * n / MAX_BLASTS  # later blasts land further away
            x = generator.uniform(area.left(), area.right()) * reach
            y = generator.uniform(-RADIUS * 0.8, area.bottom() * reach)
            points.append(QPointF(x, y))
        points.sort(key=lambda p: math.hypot(p.x(), p.y() * 1.3))
        self.points = points

    def set_count(self, count: int) -> None:
        if count != self.count:
            self.count = count
            self.update()

    def set_palette(self, palette: DiagramPalette) -> None:
        self.palette = palette
        self.stamps.clear()
        self.update()

    def boundingRect(self) -> QRectF:
        return self.area.adjusted(-14, -RADIUS - 14, 14, 14)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if not self.count:
            return
        palette = self.palette
        blast = self.stamps.get(palette.blast_fill, 9, device_scale(painter),
                                palette.blast_line, palette.blast_nucleus, pixel_ratio(painter))
        stamp_all(painter, [(point, blast) for point in self.points[:self.count]])


class CalloutItem(QGraphicsObject):
    """A symptom note under its crowded-out cell; clicking it opens the linked article.

    The item's origin is the middle of its box's top edge; a leader runs up to the cell.
    """

    clicked = Signal(str)
    WIDTH = 190.0

    def __init__(self, text: str, link: str, text_scale: float = 1.0,
                 palette: DiagramPalette = LIGHT) -> None:
        super().__init__()
        self.text, self.link = text, link
        self.palette = palette
        self.font = label_font(text_scale)
        self.width = self.WIDTH * text_scale
        self.height = text_height(text + "  ›", self.font, self.width - 20) + 14
        self.anchor = QPointF(0, 0)
        self.cell_x = 0.0  # where its cell is, set by the scene
        self.cell_point = QPointF(0, 0)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(text)
        # the leader is a plain line, painted as it is; the box with its words is cached
        # on its own (a cache of the whole item would be mostly the empty leader's box)
        self.box_item = _CalloutBox(self)

    def set_palette(self, palette: DiagramPalette) -> None:
        self.palette = palette
        self.update()
        self.box_item.update()

    def place(self, at: QPointF, cell_point: QPointF) -> None:
        """Put the box's top middle at `at`, with its leader up to `cell_point`."""
        self.prepareGeometryChange()
        self.setPos(at)
        self.anchor = cell_point - at

    def box(self) -> QRectF:
        return QRectF(-self.width / 2, 0, self.width, self.height)

    def boundingRect(self) -> QRectF:
        return self.box().united(QRectF(self.anchor, self.anchor).adjusted(-4, -4, 4, 4))

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.box(), 10, 10)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(self.palette.callout_line), 2, Qt.PenStyle.DashLine))
        painter.drawLine(self.anchor, QPointF(0, 0))

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.clicked.emit(self.link)


class _CalloutBox(_CachedPart):
    """A symptom note's box and words: one cached picture (clicks go to the note)."""

    def __init__(self, note: CalloutItem) -> None:
        super().__init__(note)
        self.note = note

    def boundingRect(self) -> QRectF:
        return self.note.box().adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        note, palette = self.note, self.note.palette
        painter.setPen(QPen(QColor(palette.callout_line), 2))
        painter.setBrush(QColor(palette.callout_fill))
        painter.drawRoundedRect(note.box(), 10, 10)
        painter.setPen(QColor(palette.ink))
        painter.setFont(note.font)
        painter.drawText(note.box().adjusted(10, 7, -10, -7),
                         int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                         note.text + "  ›")


class _Dots(QGraphicsItem):
    """The marrow panel's dots, which change every frame of an animation: not cached
    (that would paint them twice), but stamped from one small picture per kind of dot.
    Empty marrow first, then healthy cells, then blasts on top."""

    def __init__(self, marrow: MarrowPanel) -> None:
        super().__init__(marrow)
        self.marrow = marrow
        self.stamps = Stamps()
        self._placed_for: tuple[float, ...] = ()
        self._placed: list[tuple[int, int]] = []
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        """The dots' band, with room for a blast's stamp at its top edge (it is repainted
        each frame, and must never leave a piece of an old dot behind)."""
        top = self.marrow.header - 6
        return QRectF(0, top, self.marrow.width, self.marrow.height - top)

    def forget_stamps(self) -> None:
        self.stamps.clear()
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        panel, palette, scale = self.marrow, self.marrow.palette, device_scale(painter)
        ratio = pixel_ratio(painter)
        blast = self.stamps.get(palette.blast_fill, 8.5, scale, ratio=ratio)
        empty = self.stamps.get(palette.panel_empty, 3, scale, ratio=ratio)
        healthy = {colour: self.stamps.get(colour, 6, scale, panel.outline_for(colour) or "",
                                           ratio=ratio)
                   for colour in panel.healthy_colours}
        transform = painter.worldTransform()
        key = (transform.m11(), transform.m12(), transform.m21(), transform.m22(),
               transform.dx(), transform.dy(), len(panel.dots))
        if self._placed_for != key:  # where each dot falls on the screen, once per zoom
            self._placed_for = key
            self._placed = [(round(at.x()), round(at.y()))
                            for at in (transform.map(point) for point, _, _ in panel.dots)]
        empties, healthies, blasts = [], [], []
        for (x, y), (_, colour, order) in zip(self._placed, panel.dots, strict=True):
            if order < panel.blasts:
                blasts.append((x, y, blast))
            elif order < panel.blasts + panel.healthy:
                healthies.append((x, y, healthy[colour]))
            else:
                empties.append((x, y, empty))
        painter.save()
        painter.resetTransform()
        half = {id(p): (round(p.deviceIndependentSize().width() / 2),
                        round(p.deviceIndependentSize().height() / 2))
                for p in (blast, empty, *healthy.values())}
        for x, y, pixmap in empties + healthies + blasts:
            dx, dy = half[id(pixmap)]
            painter.drawPixmap(x - dx, y - dy, pixmap)
        painter.restore()


class MarrowPanel(QGraphicsObject):
    """A window into the marrow, with a legend: healthy cells of every kind, crowded out
    by leukaemia cells (blasts) in ALL, and empty marrow after strong treatment.

    The panel's box, title and legend are one cached picture; the dots are a child."""

    DOTS = 220

    def __init__(self, width: float, title: str, legend: tuple[str, str],
                 healthy_colours: Sequence[str], text_scale: float = 1.0,
                 palette: DiagramPalette = LIGHT) -> None:
        super().__init__()
        self.title, self.legend = title, legend
        self.palette = palette
        self.healthy_colours = list(healthy_colours) or ["#e35d5d"]
        self.blasts, self.healthy = 0.0, 1.0
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.dots_item: _Dots | None = None
        self.resize(width, text_scale)
        self.dots_item = _Dots(self)

    def outline_for(self, colour: str) -> str | None:
        """A healthy dot's outline where its fill alone would not stand out (3:1)."""
        if contrast(colour, self.palette.panel_fill) >= UI_MINIMUM:
            return None
        return self.palette.outline(self.palette.panel_line, self.palette.panel_fill)

    def set_palette(self, palette: DiagramPalette) -> None:
        self.palette = palette
        self.update()
        if self.dots_item is not None:
            self.dots_item.forget_stamps()

    def resize(self, width: float, text_scale: float) -> None:
        self.prepareGeometryChange()
        if self.dots_item is not None:
            self.dots_item.prepareGeometryChange()
        self.text_scale = text_scale
        self.title_font = label_font(1.1 * text_scale, bold=True)
        self.legend_font = label_font(text_scale)
        line = QFontMetricsF(self.title_font).height()
        legend = sum(QFontMetricsF(self.legend_font).horizontalAdvance(t) for t in self.legend)
        title = QFontMetricsF(self.title_font).horizontalAdvance(self.title)
        self.legend_row = 0.0 if title + legend + 130 < width - 32 else line + 4
        self.header = line + 16 + self.legend_row
        self.width, self.height = width, self.header + 92 + 40 * (text_scale - 1)
        generator = random.Random(11)
        self.dots = [
            (QPointF(generator.uniform(16, width - 16),
                     generator.uniform(self.header + 6, self.height - 12)),
             generator.choice(self.healthy_colours), generator.random())
            for _ in range(self.DOTS)
        ]
        if self.dots_item is not None:
            self.dots_item.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.width, self.height)

    def set_shares(self, blasts: float, healthy: float) -> None:
        before = (self.blast_dots(), self.healthy_dots())
        self.blasts, self.healthy = blasts, healthy
        if (self.blast_dots(), self.healthy_dots()) != before and self.dots_item is not None:
            self.dots_item.update()  # only the dots: the box and legend stay cached

    def blast_dots(self) -> int:
        return sum(1 for _, _, order in self.dots if order < self.blasts)

    def healthy_dots(self) -> int:
        return sum(1 for _, _, order in self.dots
                   if self.blasts <= order < self.blasts + self.healthy)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette
        painter.setPen(QPen(QColor(palette.panel_line), 2))
        painter.setBrush(QColor(palette.panel_fill))
        painter.drawRoundedRect(self.boundingRect().adjusted(1, 1, -1, -1), 14, 14)
        painter.setPen(QColor(palette.label_ink))
        painter.setFont(self.title_font)
        painter.drawText(QRectF(16, 8, self.width - 32, self.header - 8 - self.legend_row),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.title)
        self._paint_legend(painter)

    def _paint_legend(self, painter: QPainter) -> None:
        """Right-aligned in the title row: what the pink and the other dots are."""
        painter.setFont(self.legend_font)
        metrics = painter.fontMetrics()
        blast_text, healthy_text = self.legend
        palette = self.palette
        x = self.width - 16
        middle = (self.header + self.legend_row) / 2 + 4
        for text, colours in ((healthy_text, self.healthy_colours[:3]),
                              (blast_text, [palette.blast_fill])):
            x -= metrics.horizontalAdvance(text)
            painter.setPen(QColor(palette.label_ink))
            painter.drawText(QPointF(x, middle + metrics.ascent() / 2 - 1), text)
            for colour in reversed(colours):
                x -= 16
                outline = self.outline_for(colour)
                painter.setPen(QPen(QColor(outline), 1.0) if outline else Qt.PenStyle.NoPen)
                painter.setBrush(QColor(colour))
                painter.drawEllipse(QPointF(x + 7, middle), 6, 6)
            x -= 22
