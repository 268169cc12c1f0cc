"""Diagram benchmarks: opening the screen, each animated view's frame time at 1920x1080
on the kiosk profile (the ward kiosk's screen), and the MRD picture's paint time.

A frame is what the animation's timer makes happen: one step of the look, then the event
loop's repaint of whatever the step changed (the view repaints only changed parts). Its
time is the CPU time this process spends on it: on a shared two-core machine the wall
clock mostly measures the other programs (the wall-clock figure is printed too, for the
worst view, with the same frame when the whole viewport is repainted by force). The MRD
picture's paints are CPU times too, as is their baseline.

Baselines, measured in the same run: opening a bare QGraphicsView scene of as many plain
ellipses as the diagram has cells (interleaved), repainting the whole diagram with nothing
changed, and 10,000 separate ellipse items in a bare view for the MRD picture.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView, QWidget

from bench.common import Figure, interleaved, median, milliseconds, percentile
from desktop_app.core.settings import SiteSettings
from desktop_app.ui.application import create_main_window
from desktop_app.ui.screens.diagram import DiagramScreen

FRAMES = 24


def _open_diagram(content_db: Path) -> float:
    window = create_main_window(content_db)
    window.resize(1280, 800)
    window.show()
    QApplication.processEvents()

    def open_and_paint() -> None:
        window.open("app:diagram")
        window.current_screen().repaint()
        QApplication.processEvents()

    elapsed = milliseconds(open_and_paint)
    window.close()
    window.deleteLater()
    return elapsed


def _open_bare_scene(cells: int) -> float:
    def build_and_paint() -> QGraphicsView:
        scene = QGraphicsScene()
        for n in range(cells):
            scene.addEllipse(n * 60, 0, 52, 52)
        view = QGraphicsView(scene)
        view.resize(1280, 800)
        view.show()
        view.repaint()
        QApplication.processEvents()
        return view

    holder: list[QGraphicsView] = []
    elapsed = milliseconds(lambda: holder.append(build_and_paint()))
    holder[0].close()
    holder[0].deleteLater()
    return elapsed


class _Paints(QObject):
    """Counts a widget's paint events."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _until_painted(paints: _Paints) -> None:
    """Run the event loop until the pending repaint has happened (or nothing is due)."""
    before = paints.count
    for _ in range(5):
        QApplication.processEvents()
        if paints.count != before:
            return


def _cpu_milliseconds(action: Callable[[], object]) -> float:
    start = time.process_time()
    action()
    return (time.process_time() - start) * 1000


def _frame_times(screen: DiagramScreen, view_id: str, forced: bool = False,
                 clock: Callable[[Callable[[], object]], float] = _cpu_milliseconds,
                 ) -> tuple[list[float], list[float]]:
    """Time each animation frame (the step, then the repaint of what it changed; or of
    the whole viewport if `forced`) of one view, and a whole repaint with nothing
    changed: from healthy into a leukaemia view, or through a treatment's steps."""
    scene, viewport = screen.scene, screen.view.viewport()
    paints = _Paints(viewport)
    QApplication.processEvents()
    view = scene.diagram.view(view_id)
    assert view is not None
    frames, repaints = [], []
    screen.set_view("healthy", animate=False)
    screen.set_view(view_id, animate=False)
    moves = range(len(view.steps)) if view.steps else [None]
    for move in moves:
        if move is None:
            screen.set_view("healthy", animate=False)
            scene.set_view(view, animate=True)
        else:
            scene.show_step(move, animate=True)
        scene.animation.stop()
        _until_painted(paints)
        for frame in range(FRAMES):
            share = (frame + 1) / FRAMES

            def one_frame(share: float = share) -> None:
                scene._step(share)
                if forced:
                    viewport.repaint()
                else:
                    _until_painted(paints)

            frames.append(clock(one_frame))
            repaints.append(clock(viewport.repaint))
    paints.deleteLater()
    return frames, repaints


def _mrd_paints(screen: DiagramScreen) -> dict[str, float]:
    """The MRD picture: first paint (builds the cached pixmap), a cached repaint, and a
    close-up repaint drawn as vectors."""
    screen.set_view("mrd", animate=False)
    QApplication.processEvents()
    view = screen.mrd_view
    picture = screen.mrd_scene.picture
    picture._pixmap = None
    first = _cpu_milliseconds(view.viewport().repaint)
    cached = median([_cpu_milliseconds(view.viewport().repaint) for _ in range(15)])
    view.set_zoom(8.0)
    view.centerOn(picture.marked_point())
    close = median([_cpu_milliseconds(view.viewport().repaint) for _ in range(15)])
    return {"first": first, "cached": cached, "close": close}


def _bare_dots_paint() -> float:
    """Baseline: 10,000 separate QGraphicsEllipseItems in a bare view, repainted."""
    scene = QGraphicsScene()
    for column in range(100):
        for row in range(100):
            scene.addEllipse(column * 8, row * 8, 6, 6)
    view = QGraphicsView(scene)
    view.resize(1920, 1080)
    view.show()
    view.fitInView(scene.itemsBoundingRect())
    QApplication.processEvents()
    view.viewport().repaint()
    elapsed = median([_cpu_milliseconds(view.viewport().repaint) for _ in range(5)])
    view.close()
    view.deleteLater()
    return elapsed


def run(content_db: Path, runs: int = 7) -> list[Figure]:
    opens, bare = interleaved(runs, lambda: _open_diagram(content_db),
                              lambda: _open_bare_scene(16))
    window = create_main_window(content_db, SiteSettings(profile="kiosk"), "kiosk")
    window.resize(1920, 1080)
    window.show()
    window.open("app:diagram")
    QApplication.processEvents()
    screen = window.current_screen()
    assert isinstance(screen, DiagramScreen)
    figures = [Figure(f"diagram open to painted (median of {runs})", median(opens), "ms",
                      median(bare), "bare scene of 16 ellipses")]
    animated = [v.id for v in screen.diagram.views if v.is_leukaemia or v.steps]
    worst = ("", 0.0)
    for view_id in animated:
        frames, repaints = _frame_times(screen, view_id)
        p95 = percentile(frames, 0.95)
        worst = max(worst, (view_id, p95), key=lambda pair: pair[1])
        figures.append(Figure(f"{view_id} animation frame at 1920x1080 (kiosk), p95 CPU",
                              p95, "ms", percentile(repaints, 0.95),
                              "whole repaint, no change", max_value=16))
    for forced in (False, True):
        frames, repaints = _frame_times(screen, worst[0], forced, milliseconds)
        how = "whole viewport repainted by force" if forced else "as the event loop paints"
        figures.append(Figure(f"{worst[0]} frame, {how}, p95 wall clock",
                              percentile(frames, 0.95), "ms", percentile(repaints, 0.95),
                              "whole repaint, no change"))
    paints = _mrd_paints(screen)
    dots = _bare_dots_paint()
    figures += [
        Figure("MRD picture, first paint (builds the pixmap), CPU", paints["first"], "ms",
               dots, "10,000 separate ellipse items"),
        Figure("MRD picture, repaint (cached pixmap), CPU", paints["cached"], "ms", dots,
               "10,000 separate ellipse items", max_value=16),
        Figure("MRD picture, repaint zoomed 8x (exposed dots only), CPU", paints["close"],
               "ms", dots, "10,000 separate ellipse items", max_value=16),
    ]
    window.close()
    return figures


if __name__ == "__main__":  # python -m bench.diagram [CONTENT_DB]
    import os
    import sys

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bench.common import print_table
    from db.build import DEFAULT_TARGET

    application = QApplication.instance() or QApplication(sys.argv)
    print_table("Diagram", run(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TARGET))
