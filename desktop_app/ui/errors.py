"""An unexpected error in a slot is logged, without anything the reader typed or read,
and the app goes home instead of dying."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QTimer

from desktop_app.ui.main_window import MainWindow

log = logging.getLogger("all_guide.errors")


def describe(error_type: type[BaseException], trace: TracebackType | None) -> str:
    """The error's type and where it happened; never its message, which may hold
    words a reader typed (a search, a question)."""
    frames = traceback.extract_tb(trace)
    where = " <- ".join(f"{f.name} ({f.filename.rsplit('/', 1)[-1]}:{f.lineno})"
                        for f in reversed(frames[-4:]))
    return f"{error_type.__name__} in {where or 'unknown place'}"


def install_error_handler(window: MainWindow) -> None:
    def handle(error_type: type[BaseException], error: BaseException,
               trace: TracebackType | None) -> None:
        if issubclass(error_type, KeyboardInterrupt):
            sys.__excepthook__(error_type, error, trace)
            return
        window.errors.append(error_type.__name__)
        log.error("unexpected error, going home: %s", describe(error_type, trace))
        QTimer.singleShot(0, window, lambda: window.open("app:home"))

    sys.excepthook = handle
