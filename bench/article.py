"""Opening a page: from the link to the painted article or treatment explainer.

Every page of the content is opened in turn in the real main window, and painted.
Baseline, interleaved page by page: the same page's HTML set into a bare QTextBrowser of
the same size and painted, which is what Qt itself needs to lay out and draw the text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QTextBrowser

from bench.common import Figure, milliseconds, percentile
from desktop_app.ui.application import create_main_window

SIZE = (1280, 800)


def _pages(window) -> list[tuple[str, str]]:
    repository = window.repository
    return [(summary.kind, summary.id) for section in repository.sections()
            for summary in repository.documents_in_section(section.id)]


def run(content_db: Path, runs: int = 3) -> list[Figure]:
    window = create_main_window(content_db)
    window.resize(*SIZE)
    window.show()
    bare = QTextBrowser()
    bare.resize(*SIZE)
    bare.show()
    QApplication.processEvents()

    def open_page(kind: str, page_id: str) -> None:
        window.open(f"app:{kind}/{page_id}")
        window.current_screen().repaint()
        QApplication.processEvents()

    def bare_page(html: str) -> None:
        bare.setHtml(html)
        bare.viewport().repaint()
        QApplication.processEvents()

    times, baselines = [], []
    for _ in range(runs):
        for kind, page_id in _pages(window):
            html = window.repository.document(kind, page_id).html
            baselines.append(milliseconds(lambda h=html: bare_page(h)))
            times.append(milliseconds(lambda k=kind, p=page_id: open_page(k, p)))
    window.close()
    bare.close()
    name = "article open to painted"
    base = "same HTML in a bare QTextBrowser"
    return [
        Figure(f"{name}, p50", percentile(times, 0.5), "ms", percentile(baselines, 0.5), base),
        Figure(f"{name}, p95", percentile(times, 0.95), "ms", percentile(baselines, 0.95),
               base, max_value=30),
    ]
