"""A start-up probe for the benchmarks: report when the first screen has been painted.

With ALL_GUIDE_BENCH_FIRST_PAINT=1 in the environment, `report_first_paint(widget)` waits
for the widget's first paint, prints `first-paint <seconds>` (time.monotonic(), a clock
every process on the machine shares) and quits the application. `python -m bench` starts
the app and a bare window this way and subtracts the time it spawned them.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from desktop_app.ui.widgets import guarded_event_filter

ENVIRONMENT_VARIABLE = "ALL_GUIDE_BENCH_FIRST_PAINT"
PREFIX = "first-paint"


def requested() -> bool:
    return os.environ.get(ENVIRONMENT_VARIABLE) == "1"


class _FirstPaintProbe(QObject):
    """Watches a widget and everything inside it (a widget its children cover is never
    painted itself) for the first paint."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._watched = [widget, *widget.findChildren(QWidget)]
        for each in self._watched:
            each.installEventFilter(self)

    @guarded_event_filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._watched:
            for each in self._watched:
                each.removeEventFilter(self)
            self._watched = []
            # the paint itself runs after this filter returns; a zero timer fires once the
            # whole window has been painted and flushed
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"{PREFIX} {time.monotonic():.6f}", flush=True)
        sys.stdout.flush()
        QCoreApplication.exit(0)


def report_first_paint(widget: QWidget) -> None:
    """When the bench asks for it, print the time of `widget`'s first paint, then quit."""
    if not requested():
        return
    _FirstPaintProbe(widget)
