"""The diagram's QGraphicsItems: cells, lineage edges, the blast pile, symptom callouts and
the marrow panel with its legend.

Everything is painted with QPainter from vector shapes, so it stays crisp at every zoom
and on high-DPI screens. How a cell looks comes from its data (`Cell.look`), never from
its id. Items hold their state (faded, highlighted, selected) as plain attributes; the
scene (diagram_scene.py) decides what each should be.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
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

RADIUS = 26.0
LABEL_WIDTH = 122.0
LABEL_POINTS = 12.0
RING = 12.0  # the focus ring's distance outside the cell

BLAST_FILL = "#c2185b"  # leukaemia cells (blasts), everywhere in the diagram
BLAST_LINE = "#7a0f3a"
HIGHLIGHT = style.FOCUS
SELECTED = style.ACCENT
FADED_INK = style.MUTED  # crowded-out labels: 8:1 on their white halo, never faded
EDGE = "#6b7385"
FADED_EDGE = "#b9c0cc"
STUCK_TEXT = "Stuck: not growing up"
MAX_BLASTS = 48


def label_font(scale: float = 1.0, bold: bool = False) -> QFont:
    font = QFont(style.FONT_FAMILY)
    font.setPointSizeF(LABEL_POINTS * scale)
    font.setBold(bold)
    return font


def mix(colour: str | QColor, towards: str, share: float) -> QColor:
    """`colour` moved `share` of the way to `towards` (0 = unchanged)."""
    a, b = QColor(colour), QColor(towards)
    return QColor.fromRgbF(*(x + (y - x) * share for x, y in zip(
        a.getRgbF()[:3], b.getRgbF()[:3], strict=True)))


def label_flags() -> int:
    return int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
               | Qt.TextFlag.TextWordWrap)


def text_height(text: str, font: QFont, width: float) -> float:
    return QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 1000), label_flags(),
                                            text).height()


class CellItem(QGraphicsObject):
    """One cell of the lineage tree: a painted cell with its plain name beneath."""

    clicked = Signal(str)

    def __init__(self, cell: Cell, text_scale: float = 1.0) -> None:
        super().__init__()
        self.cell = cell
        self.selected = False
        self.focused = False
        self.on_path = False
        self.blocked = False
        self.stuck_shown = 0.0  # how far the "stuck" tag has appeared (0 to 1)
        self.in_branch = False
        self.fade = 0.0  # 0 = healthy look, 1 = crowded out in full
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{cell.name} ({cell.medical_name})")
        # painted once per change and then blitted: a repaint costs little on a kiosk
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.set_text_scale(text_scale)

    def set_text_scale(self, scale: float) -> None:
        self.prepareGeometryChange()
        self.text_scale = scale
        self.font = label_font(scale)
        self.label_width = LABEL_WIDTH * scale
        self.label_height = text_height(self.cell.name, self.font, self.label_width)
        self.stuck_font = label_font(scale * 0.9, bold=True)
        metrics = QFontMetricsF(self.stuck_font)
        self.stuck_size = (metrics.horizontalAdvance(STUCK_TEXT) + 16, metrics.height() + 8)

    def label_bottom(self) -> float:
        """Where the label ends, below the cell's centre (edges start under it)."""
        return RADIUS + 6 + self.label_height + 2

    def _stuck_rect(self) -> QRectF:
        width, height = self.stuck_size
        return QRectF(RADIUS + 10, -RADIUS - height / 2 - 2, width, height)

    def boundingRect(self) -> QRectF:
        edge = RADIUS + RING + 3  # the focus ring with its pen
        rect = QRectF(-max(edge, self.label_width / 2 + 5), -edge,
                      2 * max(edge, self.label_width / 2 + 5), edge + self.label_bottom() + 4)
        if self.blocked:
            rect = rect.united(self._stuck_rect().adjusted(-2, -2, 2, 2))
        return rect

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), RADIUS + 6, RADIUS + 6)
        path.addRect(QRectF(-self.label_width / 2, RADIUS + 2, self.label_width,
                            self.label_height + 8))
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        look = self.cell.look
        faded = 0.75 * self.fade
        if self.on_path or self.in_branch:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(HIGHLIGHT).lighter(185))
            painter.drawEllipse(QPointF(0, 0), RADIUS + 9, RADIUS + 9)
        painter.save()
        painter.setOpacity(1.0 - 0.55 * self.fade)  # blasts show through a crowded-out cell
        line = mix(look.line, "#ffffff", faded)
        fill = QColor(BLAST_FILL).lighter(150) if self.blocked else mix(look.fill, "#ffffff",
                                                                        faded)
        painter.setPen(QPen(line, 2.5))
        painter.setBrush(fill)
        size = RADIUS * look.size
        painter.drawEllipse(QPointF(0, 0), size, size)
        self._paint_nucleus(painter, line, faded)
        painter.restore()
        if self.selected:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(SELECTED), 4))
            painter.drawEllipse(QPointF(0, 0), RADIUS + 6, RADIUS + 6)
        if self.focused:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(style.FOCUS), 3, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(QRectF(-RADIUS - RING, -RADIUS - RING, 2 * (RADIUS + RING),
                                           2 * (RADIUS + RING)), 8, 8)
        if self.blocked and self.stuck_shown > 0:
            self._paint_stuck(painter)
        self._paint_label(painter)

    def _paint_label(self, painter: QPainter) -> None:
        """The name on a white halo, in full ink or muted ink: readable when faded too."""
        painter.setFont(self.font)
        area = QRectF(-self.label_width / 2, RADIUS + 6, self.label_width, self.label_height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 235))
        used = painter.fontMetrics().boundingRect(area.toRect(), label_flags(), self.cell.name)
        painter.drawRoundedRect(QRectF(used).adjusted(-4, -1, 4, 1), 4, 4)
        painter.setPen(QColor(FADED_INK if self.fade > 0.5 else style.INK))
        painter.drawText(area, label_flags(), self.cell.name)

    def _paint_nucleus(self, painter: QPainter, line: QColor, faded: float) -> None:
        look = self.cell.look
        kind = look.nucleus
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(mix(look.nucleus_fill, "#ffffff", faded) if look.nucleus_fill
                         else QColor(line).lighter(130))
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
            painter.setBrush(mix(look.granules, "#ffffff", faded))
            for n in range(8):
                angle = 2 * math.pi * n / 8 + 0.3
                painter.drawEllipse(QPointF(18 * s * math.cos(angle), 18 * s * math.sin(angle)),
                                    2.2, 2.2)

    def _paint_stuck(self, painter: QPainter) -> None:
        """A tag that says what happens here: the cell is stuck and does not grow up."""
        painter.save()
        painter.setOpacity(self.stuck_shown)
        rect = self._stuck_rect()
        painter.setPen(QPen(QColor(BLAST_LINE), 2))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.drawLine(QPointF(RADIUS * 0.8, -RADIUS * 0.6),
                         QPointF(rect.left(), rect.center().y()))
        painter.setPen(QColor(BLAST_LINE))
        painter.setFont(self.stuck_font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), STUCK_TEXT)
        painter.restore()

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.cell.id)


class EdgeItem(QGraphicsPathItem):
    """A lineage edge: a smooth curve from under a parent's label to the top of a child."""

    def __init__(self, parent_id: str, child_id: str) -> None:
        super().__init__()
        self.parent_id, self.child_id = parent_id, child_id
        self.highlighted = False
        self.fade = 0.0
        self.blocked = 0.0  # a bar across the edge: nothing grows past here (0 to 1)
        self.setZValue(-2)

    def place(self, start: QPointF, end: QPointF) -> None:
        """`start` is under the parent's label, `end` the top of the child cell."""
        path = QPainterPath(start)
        middle = (start.y() + end.y()) / 2
        path.cubicTo(QPointF(start.x(), middle), QPointF(end.x(), middle),
                     QPointF(end.x(), end.y() - RADIUS - 4))
        self.setPath(path)
        self.restyle()

    def restyle(self) -> None:
        if self.highlighted:
            colour, width = QColor(HIGHLIGHT), 5.0
        else:
            colour, width = mix(EDGE, FADED_EDGE, self.fade), 2.5
        pen = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        if self.fade > 0.5 and not self.highlighted:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)

    def set_highlight(self, on: bool) -> None:
        self.highlighted = on
        self.restyle()

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-14, -14, 14, 14)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        super().paint(painter, option, widget)
        if self.blocked > 0:
            point = self.path().pointAtPercent(0.35)
            painter.setOpacity(self.blocked)
            painter.setPen(QPen(QColor(BLAST_LINE), 5, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap))
            painter.drawLine(point + QPointF(-11, 0), point + QPointF(11, 0))


class BlastPile(QGraphicsItem):
    """Leukaemia cells (blasts) piling up round the stuck cell and over its branch.

    The first blasts sit close to the stuck cell; as their number grows they spread down
    over the cells it should have grown into, until they crowd the whole branch.
    """

    def __init__(self, area: QRectF) -> None:
        super().__init__()
        self.count = 0
        self.setZValue(-1)  # under the cells, which turn see-through as they are crowded
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
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

    def boundingRect(self) -> QRectF:
        return self.area.adjusted(-14, -RADIUS - 14, 14, 14)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(BLAST_LINE), 1.2))
        painter.setBrush(QColor(BLAST_FILL))
        nucleus = QColor(BLAST_FILL).lighter(140)
        for point in self.points[:self.count]:
            painter.setBrush(QColor(BLAST_FILL))
            painter.drawEllipse(point, 9, 9)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(nucleus)
        for point in self.points[:self.count]:
            painter.drawEllipse(point, 5, 5)


class CalloutItem(QGraphicsObject):
    """A symptom note under its crowded-out cell; clicking it opens the linked article.

    The item's origin is the middle of its box's top edge; a leader runs up to the cell.
    """

    clicked = Signal(str)
    WIDTH = 190.0

    def __init__(self, text: str, link: str, text_scale: float = 1.0) -> None:
        super().__init__()
        self.text, self.link = text, link
        self.font = label_font(text_scale)
        self.width = self.WIDTH * text_scale
        self.height = text_height(text + "  ›", self.font, self.width - 20) + 14
        self.anchor = QPointF(0, 0)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(text)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

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
        painter.setPen(QPen(QColor("#b3261e"), 2, Qt.PenStyle.DashLine))
        painter.drawLine(self.anchor, QPointF(0, 0))
        painter.setPen(QPen(QColor("#b3261e"), 2))
        painter.setBrush(QColor(style.NOTE))
        painter.drawRoundedRect(self.box(), 10, 10)
        painter.setPen(QColor(style.INK))
        painter.setFont(self.font)
        painter.drawText(self.box().adjusted(10, 7, -10, -7),
                         int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                         self.text + "  ›")

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.clicked.emit(self.link)


class MarrowPanel(QGraphicsObject):
    """A window into the marrow, with a legend: healthy cells of every kind, crowded out
    by leukaemia cells (blasts) in ALL, and empty marrow after strong treatment."""

    DOTS = 220

    def __init__(self, width: float, title: str, legend: tuple[str, str],
                 healthy_colours: Sequence[str], text_scale: float = 1.0) -> None:
        super().__init__()
        self.title, self.legend = title, legend
        self.healthy_colours = list(healthy_colours) or ["#e35d5d"]
        self.blasts, self.healthy = 0.0, 1.0
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.resize(width, text_scale)

    def resize(self, width: float, text_scale: float) -> None:
        self.prepareGeometryChange()
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
             QColor(generator.choice(self.healthy_colours)), generator.random())
            for _ in range(self.DOTS)
        ]

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.width, self.height)

    def set_shares(self, blasts: float, healthy: float) -> None:
        before = (self.blast_dots(), self.healthy_dots())
        self.blasts, self.healthy = blasts, healthy
        if (self.blast_dots(), self.healthy_dots()) != before:  # repaint only on a change
            self.update()

    def blast_dots(self) -> int:
        return sum(1 for _, _, order in self.dots if order < self.blasts)

    def healthy_dots(self) -> int:
        return sum(1 for _, _, order in self.dots
                   if self.blasts <= order < self.blasts + self.healthy)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#c9d6e3"), 2))
        painter.setBrush(QColor("#fbf7f2"))
        painter.drawRoundedRect(self.boundingRect(), 14, 14)
        painter.setPen(QColor(style.INK))
        painter.setFont(self.title_font)
        painter.drawText(QRectF(16, 8, self.width - 32, self.header - 8 - self.legend_row),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.title)
        self._paint_legend(painter)
        painter.setPen(Qt.PenStyle.NoPen)
        empty = QColor("#ece4da")
        blast = QColor(BLAST_FILL)
        for point, colour, order in self.dots:
            if order < self.blasts:
                painter.setBrush(blast)
                painter.drawEllipse(point, 8.5, 8.5)
            elif order < self.blasts + self.healthy:
                painter.setBrush(colour)
                painter.drawEllipse(point, 6, 6)
            else:
                painter.setBrush(empty)
                painter.drawEllipse(point, 3, 3)

    def _paint_legend(self, painter: QPainter) -> None:
        """Right-aligned in the title row: what the pink and the other dots are."""
        painter.setFont(self.legend_font)
        metrics = painter.fontMetrics()
        blast_text, healthy_text = self.legend
        x = self.width - 16
        middle = (self.header + self.legend_row) / 2 + 4
        for text, colours in ((healthy_text, self.healthy_colours[:3]),
                              (blast_text, [BLAST_FILL])):
            x -= metrics.horizontalAdvance(text)
            painter.setPen(QColor(style.INK))
            painter.drawText(QPointF(x, middle + metrics.ascent() / 2 - 1), text)
            painter.setPen(Qt.PenStyle.NoPen)
            for colour in reversed(colours):
                x -= 16
                painter.setBrush(QColor(colour))
                painter.drawEllipse(QPointF(x + 7, middle), 6, 6)
            x -= 22
