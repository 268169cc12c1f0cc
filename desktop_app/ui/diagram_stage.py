"""The stage of a treatment view: the cells and drugs of one step, and the move between steps.

A step's actors come from the data (core.diagram.Actor): a kind, a slot from 0 (left) to 4
(right), an optional marker written on it (CD19, Ph+, donor) and a state (dividing,
dying). Moving from one step to the next, an actor found in both slides to its new place,
a new one fades in, a gone one fades out, and a cell that starts dying breaks apart.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QStaticText,
    QTextOption,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from desktop_app.core.diagram import Actor
from desktop_app.ui import style
from desktop_app.ui.diagram_items import label_font
from desktop_app.ui.diagram_palette import LIGHT, DiagramPalette

CELL = 30.0


@dataclass
class Placed:
    """An actor between two steps: where it is, how visible, how far it has died."""

    actor: Actor
    slot: float
    to_slot: float | None
    shown: float
    dying: float


def _keys(actors: tuple[Actor, ...]) -> list[tuple[str, str, int]]:
    seen: Counter[tuple[str, str]] = Counter()
    keys = []
    for actor in actors:
        seen[(actor.kind, actor.mark)] += 1
        keys.append((actor.kind, actor.mark, seen[(actor.kind, actor.mark)]))
    return keys


def between(before: tuple[Actor, ...], after: tuple[Actor, ...], share: float) -> list[Placed]:
    """The actors `share` of the way from step `before` to step `after` (no Qt here)."""
    old = dict(zip(_keys(before), before, strict=True))
    new = dict(zip(_keys(after), after, strict=True))
    placed = []
    for key, actor in new.items():
        was = old.get(key)
        if was is None:
            placed.append(Placed(actor, actor.slot, actor.to_slot, share,
                                 share if actor.state == "dying" else 0.0))
            continue
        slot = was.slot + (actor.slot - was.slot) * share
        to_slot = actor.to_slot
        if was.to_slot is not None and actor.to_slot is not None:
            to_slot = was.to_slot + (actor.to_slot - was.to_slot) * share
        dying = 1.0 if was.state == "dying" else share if actor.state == "dying" else 0.0
        placed.append(Placed(actor, slot, to_slot, 1.0, dying))
    for key, actor in old.items():
        if key not in new:
            placed.append(Placed(actor, actor.slot, actor.to_slot, 1.0 - share,
                                 1.0 if actor.state == "dying" else 0.0))
    return placed


class _Actors(QGraphicsItem):
    """The actors, painted each frame of a move (not cached: caching a picture that
    changes every frame only paints it twice)."""

    def __init__(self, stage: StageItem) -> None:
        super().__init__(stage)
        self.stage = stage
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self.stage.boundingRect()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        self.stage.paint_actors(painter)


class StageItem(QGraphicsItem):
    """One treatment step's actors, animated between steps by `set_share`. The stage's
    box is a cached picture; its actors a child item painted as they move."""

    NAMES: ClassVar[dict[str, str]] = {
        "blast": "leukaemia cell", "t-cell": "T cell", "car-t": "CAR-T cell",
             "stem-cell": "new stem cell", "healthy": "healthy cells", "chemo": "chemotherapy",
             "steroid": "steroid", "bridge": "", "antibody": "antibody + drug",
             "tki": "TKI blocks it", "signal": "BCR-ABL1 signal"}

    def __init__(self, width: float, text_scale: float = 1.0,
                 palette: DiagramPalette = LIGHT) -> None:
        super().__init__()
        self.before: tuple[Actor, ...] = ()
        self.after: tuple[Actor, ...] = ()
        self.share = 1.0
        self.palette = palette
        self.names = dict(self.NAMES)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.actors = _Actors(self)
        self.resize(width, text_scale)

    def set_palette(self, palette: DiagramPalette) -> None:
        self.palette = palette
        self.update()
        self.actors.update()

    def resize(self, width: float, text_scale: float) -> None:
        self.prepareGeometryChange()
        self.actors.prepareGeometryChange()
        self.width = width
        self.font = label_font(text_scale)
        self.mark_font = label_font(0.85 * text_scale, bold=True)
        self._static: dict[str, QStaticText] = {}
        self.height = 2 * CELL + 70 + 26 * text_scale

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.width, self.height)

    def show_step(self, before: tuple[Actor, ...], after: tuple[Actor, ...]) -> None:
        self.before, self.after, self.share = before, after, 0.0
        self.actors.update()

    def set_share(self, share: float) -> None:
        if share != self.share:
            self.share = share
            self.actors.update()

    def placed(self) -> list[Placed]:
        return between(self.before, self.after, self.share)

    def slot_x(self, slot: float) -> float:
        return 50 + slot * (self.width - 100) / 4

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(self.palette.panel_line), 2))
        painter.setBrush(QColor(self.palette.panel_fill))
        painter.drawRoundedRect(self.boundingRect().adjusted(1, 1, -1, -1), 14, 14)

    def paint_actors(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        middle = 26 + CELL + 10
        order = {"signal": 0, "bridge": 1, "healthy": 2}
        for item in sorted(self.placed(), key=lambda p: order.get(p.actor.kind, 3)):
            if item.shown <= 0.01:
                continue
            painter.save()
            painter.setOpacity(item.shown * (1.0 - 0.5 * item.dying))
            centre = QPointF(self.slot_x(item.slot), middle)
            getattr(self, "_paint_" + item.actor.kind.replace("-", "_"))(painter, centre, item)
            name = self.names.get(item.actor.kind, "")
            if name:  # words at full strength while shown: 4.5:1 (7:1) even as it dies
                painter.setOpacity(item.shown)
                painter.setPen(QColor(self.palette.label_ink))
                painter.setFont(self.font)
                top = 2.0 if item.actor.kind == "signal" else middle + CELL + 14
                painter.drawStaticText(QPointF(centre.x() - 80, top),
                                       self._words(name if item.dying < 0.5
                                                   else f"{name} dies"))
            painter.restore()

    def _words(self, text: str) -> QStaticText:
        """An actor's name, laid out once (laying words out every frame costs most)."""
        words = self._static.get(text)
        if words is None:
            words = QStaticText(text)
            words.setTextWidth(160)
            option = QTextOption(Qt.AlignmentFlag.AlignHCenter)
            option.setWrapMode(QTextOption.WrapMode.WordWrap)
            words.setTextOption(option)
            words.prepare(font=self.font)
            self._static[text] = words
        return words

    # One painter per kind of actor

    def _cell(self, painter: QPainter, centre: QPointF, fill: str, line: str,
              item: Placed, nucleus: str) -> None:
        line = self.palette.outline(line, self.palette.panel_fill)
        if item.dying > 0:
            self._fragments(painter, centre, fill, line, item.dying)
            return
        if item.actor.state == "dividing":
            for dx in (-10, 10):
                painter.setPen(QPen(QColor(line), 2.5))
                painter.setBrush(QColor(fill))
                painter.drawEllipse(centre + QPointF(dx, 0), CELL * 0.85, CELL * 0.85)
        else:
            painter.setPen(QPen(QColor(line), 2.5))
            painter.setBrush(QColor(fill))
            painter.drawEllipse(centre, CELL, CELL)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(nucleus))
        painter.drawEllipse(centre, CELL * 0.55, CELL * 0.55)
        self._mark(painter, centre, item.actor.mark, line)

    def _fragments(self, painter: QPainter, centre: QPointF, fill: str, line: str,
                   amount: float) -> None:
        """A dying cell breaks into pieces that drift apart."""
        painter.setPen(QPen(QColor(line), 1.5))
        painter.setBrush(QColor(fill))
        for n in range(7):
            angle = 2 * math.pi * n / 7 + 0.4
            reach = 6 + 22 * amount
            radius = CELL * (0.45 - 0.2 * amount)
            painter.drawEllipse(centre + QPointF(reach * math.cos(angle),
                                                 reach * math.sin(angle)), radius, radius)

    def _mark(self, painter: QPainter, centre: QPointF, mark: str, line: str) -> None:
        if not mark:
            return
        painter.setFont(self.mark_font)
        width = painter.fontMetrics().horizontalAdvance(mark) + 12
        height = painter.fontMetrics().height() + 4
        rect = QRectF(centre.x() - width / 2, centre.y() - CELL - height + 4, width, height)
        painter.setPen(QPen(QColor(line), 1.5))
        painter.setBrush(QColor(self.palette.mark_fill))
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(QColor(self.palette.ink))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), mark)

    def _paint_blast(self, painter: QPainter, centre: QPointF, item: Placed) -> None:
        palette = self.palette
        self._cell(painter, centre, palette.blast_fill, palette.blast_line, item,
                   palette.blast_nucleus)

    def _paint_t_cell(self, painter: QPainter, centre: QPointF, item: Placed) -> None:
        self._cell(painter, centre, "#e6def7", style.GLOSSARY, item, "#9b7fd6")

    def _paint_car_t(self, painter: QPainter, centre: QPointF, item: Placed) -> None:
        painter.setPen(QPen(QColor(self.palette.bridge), 3, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap))
        for n in range(6):  # the new receptors: hooks all round the cell
            angle = 2 * math.pi * n / 6 + 0.5
            tip = centre + QPointF((CELL + 12) * math.cos(angle), (CELL + 12) * math.sin(angle))
            base = centre + QPointF(CELL * math.cos(angle), CELL * math.sin(angle))
            painter.drawLine(base, tip)
            side = QPointF(5 * math.cos(angle + 1.3), 5 * math.sin(angle + 1.3))
            painter.drawLine(tip, tip + side)
            painter.drawLine(tip, tip - side)
        self._paint_t_cell(painter, centre, item)

    def _paint_stem_cell(self, painter: QPainter, centre: QPointF, item: Placed) -> None:
        self._cell(painter, centre, "#d9e7f5", style.ACCENT, item, "#5b8fd1")

    def _paint_healthy(self, painter: QPainter, centre: QPointF, item: Placed) -> None:
        scale = 1.0 - 0.5 * item.dying
        for (dx, dy), fill in zip(((-22, 8), (0, -12), (22, 8)),
                                  ("#e35d5d", "#fde4d4", "#e6def7"), strict=True):
            line = "#9a3412" if fill != "#e6def7" else style.GLOSSARY
            painter.setPen(QPen(QColor(self.palette.outline(line, self.palette.panel_fill)), 2))
            painter.setBrush(QColor(fill))
            painter.drawEllipse(centre + QPointF(dx, dy), 15 * scale, 15 * scale)

    def _drops(self, painter: QPainter, centre: QPointF, colour: str) -> None:
        painter.setPen(QPen(QColor(colour).darker(130), 1.5))
        painter.setBrush(QColor(colour))
        for dx, dy in ((-16, 6), (0, -10), (16, 6)):
            drop = QPainterPath(centre + QPointF(dx, dy - 14))
            drop.cubicTo(centre + QPointF(dx + 11, dy), centre + QPointF(dx + 8, dy + 10),
                         centre + QPointF(dx, dy + 10))
            drop.cubicTo(centre + QPointF(dx - 8, dy + 10), centre + QPointF(dx - 11, dy),
                         centre + QPointF(dx, dy - 14))
            painter.drawPath(drop)

    def _paint_chemo(self, painter: QPainter, centre: QPointF, item: Placed) -> None:
        self._drops(painter, centre, self.palette.drug)

    def _paint_steroid(self, painter: QPainter, centre: QPointF, item: Placed) -> None:
        painter.setPen(QPen(QColor(self.palette.steroid_line), 2))
        painter.setBrush(QColor("#93c5fd"))
        painter.drawRoundedRect(QRectF(centre.x() - 26, centre.y() - 11, 52, 22), 11, 11)
        painter.drawLine(centre + QPointF(0, -11), centre + QPointF(0, 11))

    def _paint_bridge(self, painter: QPainter, centre: QPointF, item: Placed) -> None:
        """Blinatumomab: two hands, one on the T cell and one on the leukaemia cell."""
        end = QPointF(self.slot_x(item.to_slot if item.to_slot is not None else item.slot),
                      centre.y())
        start = centre + QPointF(CELL + 2, 0)
        stop = end - QPointF(CELL + 2, 0)
        painter.setPen(QPen(QColor(self.palette.bridge), 6, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap))
        if stop.x() > start.x():
            painter.drawLine(start, stop)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(QRectF(start.x() - 8, start.y() - 10, 16, 20), 90 * 16, 180 * 16)
        painter.drawArc(QRectF(stop.x() - 8, stop.y() - 10, 16, 20), -90 * 16, 180 * 16)
        painter.setPen(QColor(self.palette.bridge))
        painter.setFont(self.font)
        painter.drawText(QRectF(start.x(), centre.y() - 42, max(stop.x() - start.x(), 120), 24),
                         int(Qt.AlignmentFlag.AlignCenter), "blinatumomab")

    def _paint_antibody(self, painter: QPainter, centre: QPointF, item: Placed) -> None:
        """An antibody (a Y) carrying its drug (a dark star at its foot)."""
        painter.setPen(QPen(QColor(self.palette.drug), 5, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap))
        foot = centre + QPointF(0, 18)
        fork = centre + QPointF(0, -2)
        painter.drawLine(foot, fork)
        painter.drawLine(fork, centre + QPointF(-13, -20))
        painter.drawLine(fork, centre + QPointF(13, -20))
        points = []
        for n in range(10):
            radius = 10 if n % 2 == 0 else 4.5
            angle = math.pi * n / 5 - math.pi / 2
            points.append(foot + QPointF(radius * math.cos(angle), 8 + radius * math.sin(angle)))
        painter.setPen(QPen(QColor(self.palette.stuck_ink), 1))
        painter.setBrush(QColor(self.palette.stuck_ink))
        painter.drawPolygon(QPolygonF(points))

    def _paint_signal(self, painter: QPainter, centre: QPointF, item: Placed) -> None:
        """The stuck-on grow signal: chevrons running into the leukaemia cell."""
        blocked = any(p.actor.kind == "tki" and p.shown > 0.5 for p in self.placed())
        palette = self.palette
        painter.setPen(QPen(QColor(palette.signal if not blocked else palette.signal_off), 5,
                            Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for n in range(3):
            x = centre.x() - 20 + n * 18
            painter.drawLine(QPointF(x, centre.y() - 12), QPointF(x + 10, centre.y()))
            painter.drawLine(QPointF(x + 10, centre.y()), QPointF(x, centre.y() + 12))

    def _paint_tki(self, painter: QPainter, centre: QPointF, item: Placed) -> None:
        line = QColor(self.palette.steroid_line)
        painter.setPen(QPen(line, 3))
        painter.setBrush(QColor(self.palette.mark_fill))
        painter.drawRoundedRect(QRectF(centre.x() - 34, centre.y() - 26, 68, 52), 10, 10)
        painter.setPen(QPen(line, 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(centre + QPointF(-20, 0), centre + QPointF(20, 0))
