"""MRD, seen: 10,000 cells with one leukaemia cell among them, to zoom into.

One item paints the whole picture. Zoomed out, it draws one cached QPixmap (built once,
at twice the scene's resolution); zoomed in, it draws only the dots in the exposed part
as vectors, so it stays crisp and fast on a kiosk either way.
"""

from __future__ import annotations

import random

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QStyleOptionGraphicsItem,
    QWidget,
)

from desktop_app.ui.diagram_items import Stamps, device_scale, label_font, pixel_ratio
from desktop_app.ui.diagram_palette import LIGHT, DiagramPalette

SIDE = 100  # cells along each side: 100 x 100 = 10,000
PITCH = 8.0  # scene units from one cell's centre to the next
DOT = 3.1  # a healthy cell's radius
PIXMAP_SCALE = 2  # the cache's pixels per scene unit
HEALTHY = ("#e35d5d", "#e35d5d", "#e35d5d", "#ef8a8a", "#fde4d4", "#e6def7", "#d9e7f5")


class MrdPicture(QGraphicsItem):
    """10,000 cells in a square, one of them (at `marked`) a leukaemia cell."""

    def __init__(self, seed: int = 19, palette: DiagramPalette = LIGHT) -> None:
        super().__init__()
        self.palette = palette
        generator = random.Random(seed)
        self.marked = (generator.randrange(55, 85), generator.randrange(15, 45))
        self.colours = [[generator.choice(HEALTHY) for _ in range(SIDE)]
                        for _ in range(SIDE)]
        self._stamps = Stamps()
        self._pixmap: QPixmap | None = None
        # exposedRect is only the exposed part with this flag: close up, paint just that
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.vector_paints = 0  # for tests: how often the close-up path ran

    @property
    def cells(self) -> int:
        return SIDE * SIDE

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, SIDE * PITCH, SIDE * PITCH)

    def centre_of(self, column: int, row: int) -> QPointF:
        return QPointF((column + 0.5) * PITCH, (row + 0.5) * PITCH)

    def marked_point(self) -> QPointF:
        return self.centre_of(*self.marked)

    def pixmap(self) -> QPixmap:
        """The healthy cells, drawn once (the leukaemia cell is drawn on top, always)."""
        if self._pixmap is None:
            rect = self.boundingRect()
            pixmap = QPixmap(int(rect.width() * PIXMAP_SCALE), int(rect.height() * PIXMAP_SCALE))
            pixmap.fill(QColor(self.palette.panel_fill))
            painter = QPainter(pixmap)
            painter.scale(PIXMAP_SCALE, PIXMAP_SCALE)
            self._paint_cells(painter, 0, SIDE, 0, SIDE)
            painter.end()
            self._pixmap = pixmap
        return self._pixmap

    def _paint_cells(self, painter: QPainter, left: int, right: int, top: int,
                     bottom: int) -> None:
        """Each cell stamped from a small picture of its colour at the screen's scale
        (drawn once): thousands of stamps cost less than as many painted circles."""
        scale = device_scale(painter)
        transform = painter.worldTransform()
        ratio = pixel_ratio(painter)
        stamps = {colour: self._stamps.get(colour, DOT, scale, ratio=ratio) for colour in HEALTHY}
        half = {colour: pixmap.deviceIndependentSize().width() / 2
                for colour, pixmap in stamps.items()}
        painter.save()
        painter.resetTransform()
        for column in range(left, right):
            for row in range(top, bottom):
                colour = self.colours[column][row]
                at = transform.map(self.centre_of(column, row))
                painter.drawPixmap(round(at.x() - half[colour]), round(at.y() - half[colour]),
                                   stamps[colour])
        painter.restore()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        zoom = option.levelOfDetailFromTransform(painter.worldTransform())
        if zoom * 1.0 <= PIXMAP_SCALE:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(self.boundingRect(), self.pixmap(),
                               QRectF(self.pixmap().rect()))
        else:
            self.vector_paints += 1
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            exposed = option.exposedRect
            painter.fillRect(exposed, QColor(self.palette.panel_fill))
            left = max(0, int(exposed.left() // PITCH))
            right = min(SIDE, int(exposed.right() // PITCH) + 1)
            top = max(0, int(exposed.top() // PITCH))
            bottom = min(SIDE, int(exposed.bottom() // PITCH) + 1)
            self._paint_cells(painter, left, right, top, bottom)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        point = self.marked_point()
        painter.setPen(QPen(QColor(self.palette.blast_line), 0.8))
        painter.setBrush(QColor(self.palette.blast_fill))
        painter.drawEllipse(point, DOT + 0.6, DOT + 0.6)


class MrdLabel(QGraphicsItem):
    """A ring round the leukaemia cell, a leader and a label, kept outside the square
    so it never hides a cell."""

    def __init__(self, picture: MrdPicture, text: str, text_scale: float = 1.0) -> None:
        super().__init__()
        self.picture, self.text = picture, text
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.font = label_font(1.2 * text_scale, bold=True)

    def boundingRect(self) -> QRectF:
        square = self.picture.boundingRect()
        return QRectF(square.right(), square.top() - 10, 340, square.height() + 20).united(
            QRectF(self.picture.marked_point(), self.picture.marked_point()).adjusted(
                -12, -12, 12, 12))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        point = self.picture.marked_point()
        square = self.picture.boundingRect()
        palette = self.picture.palette
        painter.setPen(QPen(QColor(palette.stuck_ink), 2.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(point, 9, 9)
        label = QRectF(square.right() + 24, point.y() - 40, 300, 80)
        painter.drawLine(point + QPointF(9, 0), QPointF(label.left(), point.y()))
        painter.setPen(QColor(palette.ink))
        painter.setFont(self.font)
        painter.drawText(label, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                                    | Qt.TextFlag.TextWordWrap), self.text)


class MrdScene(QGraphicsScene):
    def __init__(self, label: str, text_scale: float = 1.0,
                 palette: DiagramPalette = LIGHT) -> None:
        super().__init__()
        self.setBackgroundBrush(QColor(palette.paper))
        self.picture = MrdPicture(palette=palette)
        self.addItem(self.picture)
        self.label = MrdLabel(self.picture, label, text_scale)
        self.addItem(self.label)

    def set_palette(self, palette: DiagramPalette) -> None:
        """A theme's colours: the cached picture is drawn again when next shown."""
        if palette == self.picture.palette:
            return
        self.setBackgroundBrush(QColor(palette.paper))
        self.picture.palette = palette
        self.picture._pixmap = None
        self.picture.update()
        self.label.update()

    def focus_rect(self) -> QRectF:
        """What "Fit" shows: the square and its label."""
        return self.itemsBoundingRect().adjusted(-10, -10, 10, 10)
