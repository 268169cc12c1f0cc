"""Diagram benchmarks: opening the screen, and the ALL animation's frame time.

Baselines, measured in the same run and interleaved: opening a bare QGraphicsView scene
of as many plain ellipses as the diagram has cells, and repainting the diagram with
nothing changed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

from bench.common import Figure, interleaved, median, milliseconds, percentile
from desktop_app.ui.application import create_main_window
from desktop_app.ui.screens.diagram import DiagramScreen

FRAMES = 40


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


def _frame_times(screen: DiagramScreen) -> tuple[list[float], list[float]]:
    """Time each animation frame (state change and repaint) and a plain repaint."""
    scene, viewport = screen.scene, screen.view.viewport()
    frames, repaints = [], []
    for view_id in ("all", "healthy"):
        screen.set_view(view_id, animate=False)
        scene.set_view(scene.diagram.view(view_id), animate=False)
        scene._from_progress, scene._to_progress = (0.0, 1.0) if view_id == "all" else (1.0, 0.0)
        for frame in range(FRAMES):
            share = (frame + 1) / FRAMES
            frames.append(milliseconds(lambda s=share: (scene._step(s), viewport.repaint())))
            repaints.append(milliseconds(viewport.repaint))
    return frames, repaints


def run(content_db: Path, runs: int = 7) -> list[Figure]:
    opens, bare = interleaved(runs, lambda: _open_diagram(content_db),
                              lambda: _open_bare_scene(16))
    window = create_main_window(content_db)
    window.resize(1280, 800)
    window.show()
    window.open("app:diagram")
    QApplication.processEvents()
    screen = window.current_screen()
    assert isinstance(screen, DiagramScreen)
    frames, repaints = _frame_times(screen)
    window.close()
    return [
        Figure(f"diagram open to painted (median of {runs})", median(opens), "ms",
               median(bare), "bare scene of 16 ellipses"),
        Figure("ALL animation frame, p50", percentile(frames, 0.5), "ms",
               percentile(repaints, 0.5), "repaint, no change", max_value=16),
        Figure("ALL animation frame, p95", percentile(frames, 0.95), "ms",
               percentile(repaints, 0.95), "repaint, no change", max_value=16),
    ]
