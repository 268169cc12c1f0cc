"""The diagram's QGraphicsItems: cells, lineage edges, symptom callouts, the marrow panel.

Everything is painted with QPainter from vector shapes, so it stays crisp at every zoom
and on high-DPI screens. Items hold their look (dimmed, highlighted, selected) as plain
attributes; the scene (diagram_scene.py) decides what each should be.
"""

from __future__ import annotations

import math
import random

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
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

FAMILY_FILL = {"stem": "#d9e7f5", "myeloid": "#fde4d4", "lymphoid": "#e6def7"}
FAMILY_LINE = {"stem": style.ACCENT, "myeloid": "#9a3412", "lymphoid": style.GLOSSARY}
BLAST_FILL = "#c2185b"
HIGHLIGHT = style.FOCUS
SELECTED = style.ACCENT

# How each cell's inside is drawn: a simple, recognisable cue rather than a micrograph.
NUCLEUS = {
    "red-cell": "disc", "platelet": "fragments", "megakaryocyte": "lobes",
    "neutrophil": "segments", "eosinophil": "segments", "basophil": "segments",
    "monocyte": "kidney", "plasma-cell": "offset",
}


def label_font(scale: float = 1.0) -> QFont:
    font = QFont(style.FONT_FAMILY)
    font.setPointSizeF(12 * scale)
    return font


class CellItem(QGraphicsObject):
    """One cell of the lineage tree: a painted cell with its plain name beneath."""

    clicked = Signal(str)

    def __init__(self, cell: Cell) -> None:
        super().__init__()
        self.cell = cell
        self.selected = False
        self.focused = False
        self.on_path = False
        self.blocked = False
        self.in_branch = False
        self.blast_count = 0  # extra blasts drawn around a blocked cell (ALL view)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{cell.name} ({cell.medical_name})")

    def boundingRect(self) -> QRectF:
        extra = 40.0 if self.blocked else 8.0
        return QRectF(-LABEL_WIDTH / 2, -RADIUS - extra, LABEL_WIDTH, 2 * RADIUS + extra + 52)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), RADIUS + 6, RADIUS + 6)
        path.addRect(QRectF(-LABEL_WIDTH / 2, RADIUS + 2, LABEL_WIDTH, 44))
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        family_line = QColor(FAMILY_LINE[self.cell.family])
        if self.blocked:
            self._paint_blasts(painter)
        if self.on_path or self.in_branch:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(HIGHLIGHT).lighter(185))
            painter.drawEllipse(QPointF(0, 0), RADIUS + 9, RADIUS + 9)
        fill = QColor(BLAST_FILL).lighter(150) if self.blocked else QColor(
            "#e35d5d" if self.cell.id == "red-cell" else FAMILY_FILL[self.cell.family])
        painter.setPen(QPen(family_line, 2.5))
        painter.setBrush(fill)
        size = RADIUS * (0.55 if self.cell.id == "platelet" else
                         1.15 if self.cell.id == "megakaryocyte" else 1.0)
        painter.drawEllipse(QPointF(0, 0), size, size)
        self._paint_nucleus(painter, family_line)
        if self.selected:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(SELECTED), 4))
            painter.drawEllipse(QPointF(0, 0), RADIUS + 6, RADIUS + 6)
        if self.focused:
            pen = QPen(QColor(style.FOCUS), 3, Qt.PenStyle.DashLine)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(pen)
            painter.drawRoundedRect(QRectF(-RADIUS - 12, -RADIUS - 12, 2 * RADIUS + 24,
                                           2 * RADIUS + 24), 8, 8)
        if self.blocked:
            self._paint_stop_badge(painter)
        self._paint_label(painter)

    def _paint_label(self, painter: QPainter) -> None:
        """The cell's name on a white halo, so lineage edges never run through text."""
        painter.setFont(label_font())
        painter.setPen(QColor(style.INK))  # with no pen, boundingRect() measures nothing
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                    | Qt.TextFlag.TextWordWrap)
        area = QRectF(-LABEL_WIDTH / 2, RADIUS + 6, LABEL_WIDTH, 44)
        used = painter.boundingRect(area, flags, self.cell.name)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 230))
        painter.drawRoundedRect(used.adjusted(-4, -1, 4, 1), 4, 4)
        painter.setPen(QColor(style.INK))
        painter.drawText(area, flags, self.cell.name)

    def _paint_nucleus(self, painter: QPainter, line: QColor) -> None:
        kind = NUCLEUS.get(self.cell.id, "round")
        nucleus = QColor(line).lighter(130)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(nucleus)
        if kind == "disc":
            painter.setBrush(QColor("#f4a6a6"))
            painter.drawEllipse(QPointF(0, 0), RADIUS * 0.45, RADIUS * 0.45)
        elif kind == "fragments":
            for dx, dy in ((-6, -3), (5, 4), (2, -7)):
                painter.drawEllipse(QPointF(dx, dy), 3.5, 3.5)
        elif kind in ("lobes", "segments"):
            count = 5 if kind == "lobes" else 3
            for n in range(count):
                angle = 2 * math.pi * n / count
                painter.drawEllipse(QPointF(9 * math.cos(angle), 9 * math.sin(angle)), 7, 7)
            if self.cell.id in ("eosinophil", "basophil"):
                painter.setBrush(QColor("#d9480f" if self.cell.id == "eosinophil" else "#3b2f8f"))
                for n in range(8):
                    angle = 2 * math.pi * n / 8 + 0.3
                    painter.drawEllipse(QPointF(18 * math.cos(angle), 18 * math.sin(angle)),
                                        2.2, 2.2)
        elif kind == "kidney":
            path = QPainterPath()
            path.addEllipse(QPointF(-2, 0), 13, 10)
            notch = QPainterPath()
            notch.addEllipse(QPointF(10, 0), 7, 6)
            painter.drawPath(path.subtracted(notch))
        elif kind == "offset":
            painter.drawEllipse(QPointF(-8, 0), 10, 10)
        else:
            painter.drawEllipse(QPointF(0, 0), RADIUS * 0.6, RADIUS * 0.6)

    def _paint_blasts(self, painter: QPainter) -> None:
        generator = random.Random(7)
        painter.setPen(QPen(QColor(BLAST_FILL).darker(130), 1.5))
        painter.setBrush(QColor(BLAST_FILL).lighter(150))
        for _ in range(self.blast_count):
            angle = generator.uniform(0, 2 * math.pi)
            distance = generator.uniform(RADIUS + 4, RADIUS + 30)
            painter.drawEllipse(QPointF(distance * math.cos(angle),
                                        distance * math.sin(angle) * 0.7), 8, 8)

    def _paint_stop_badge(self, painter: QPainter) -> None:
        centre = QPointF(RADIUS * 0.8, -RADIUS * 0.8)
        painter.setPen(QPen(QColor("#ffffff"), 2))
        painter.setBrush(QColor("#b3261e"))
        painter.drawEllipse(centre, 11, 11)
        painter.drawLine(centre + QPointF(-5, -5), centre + QPointF(5, 5))
        painter.drawLine(centre + QPointF(-5, 5), centre + QPointF(5, -5))

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.cell.id)


class EdgeItem(QGraphicsPathItem):
    """A lineage edge: a smooth curve from a parent cell to a child cell."""

    def __init__(self, parent_id: str, child_id: str, start: QPointF, end: QPointF) -> None:
        super().__init__()
        self.parent_id, self.child_id = parent_id, child_id
        path = QPainterPath(QPointF(start.x(), start.y() + RADIUS))
        middle = (start.y() + end.y()) / 2 + 10
        path.cubicTo(QPointF(start.x(), middle), QPointF(end.x(), middle - 20),
                     QPointF(end.x(), end.y() - RADIUS - 4))
        self.setPath(path)
        self.setZValue(-1)
        self.set_highlight(False)

    def set_highlight(self, on: bool) -> None:
        colour = QColor(HIGHLIGHT) if on else QColor("#8a94a6")
        self.setPen(QPen(colour, 5 if on else 2.5, Qt.PenStyle.SolidLine,
                         Qt.PenCapStyle.RoundCap))


class CalloutItem(QGraphicsObject):
    """A symptom note tied to a crowded-out cell; clicking it opens the linked article.

    The item's origin is the middle of its box; a dashed leader runs up to the cell.
    """

    clicked = Signal(str)
    WIDTH = 250.0
    HEIGHT = 56.0

    def __init__(self, text: str, link: str, cell_at: QPointF, at: QPointF) -> None:
        super().__init__()
        self.text, self.link = text, link
        self.anchor = cell_at - at + QPointF(0, RADIUS + 40)  # under the cell's label
        self.setPos(at)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(text)

    def box(self) -> QRectF:
        return QRectF(-self.WIDTH / 2, -self.HEIGHT / 2, self.WIDTH, self.HEIGHT)

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
        painter.drawLine(self.anchor, QPointF(0, -self.HEIGHT / 2))
        painter.setPen(QPen(QColor("#b3261e"), 2))
        painter.setBrush(QColor(style.NOTE))
        painter.drawRoundedRect(self.box(), 10, 10)
        painter.setPen(QColor(style.INK))
        painter.setFont(label_font())
        painter.drawText(self.box().adjusted(10, 4, -10, -4),
                         int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                         self.text + "  ›")

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.clicked.emit(self.link)


class MarrowPanel(QGraphicsObject):
    """A window into the marrow: healthy cells of every kind, replaced by blasts in ALL."""

    HEALTHY_COLOURS = ("#e35d5d", "#e35d5d", "#e35d5d", "#f2c14e", "#fde4d4", "#9fc5e8",
                       "#e6def7", "#d9e7f5")

    def __init__(self, width: float, height: float, title: str) -> None:
        super().__init__()
        self.width, self.height, self.title = width, height, title
        self.blast_share = 0.0
        generator = random.Random(11)
        self.dots = [
            (QPointF(generator.uniform(16, width - 16), generator.uniform(40, height - 12)),
             generator.choice(self.HEALTHY_COLOURS), generator.random())
            for _ in range(150)
        ]

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.width, self.height)

    def set_blast_share(self, share: float) -> None:
        self.blast_share = share
        self.update()

    def blast_dots(self) -> int:
        return sum(1 for _, _, order in self.dots if order < self.blast_share)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#c9d6e3"), 2))
        painter.setBrush(QColor("#fbf7f2"))
        painter.drawRoundedRect(self.boundingRect(), 14, 14)
        painter.setPen(QColor(style.INK))
        font = label_font(1.1)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(16, 8, self.width - 32, 30), self.title)
        blast = QBrush(QColor(BLAST_FILL))
        painter.setPen(Qt.PenStyle.NoPen)
        for point, colour, order in self.dots:
            if order < self.blast_share:
                painter.setBrush(blast)
                painter.drawEllipse(point, 8.5, 8.5)
            else:
                painter.setBrush(QColor(colour))
                painter.drawEllipse(point, 6, 6)
