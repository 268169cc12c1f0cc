"""An unexpected error in a slot is logged, without anything the reader typed or read,
and the app goes home instead of dying."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QTimer

from desktop_app.core.addresses import HOME
from desktop_app.core.repository import READ_ERRORS
from desktop_app.ui.main_window import MainWindow

log = logging.getLogger("all_guide.errors")


def describe(error_type: type[BaseException], trace: TracebackType | None) -> str:
    """The error's type and where it happened; never its message, which may hold
    words a reader typed (a search, a question)."""
    frames = traceback.extract_tb(trace)
    where = " <- ".join(f"{f.name} ({f.filename.rsplit('/', 1)[-1]}:{f.lineno})"
                        for f in reversed(frames[-4:]))
    return f"{error_type.__name__} in {where or 'unknown place'}"


def _from_the_content(trace: TracebackType | None) -> bool:
    """Whether the error was raised while reading the content (core/repository.py)."""
    return any(frame.filename.endswith("repository.py")
               for frame in traceback.extract_tb(trace))


def install_error_handler(window: MainWindow) -> None:
    def handle(error_type: type[BaseException], error: BaseException,
               trace: TracebackType | None) -> None:
        if issubclass(error_type, KeyboardInterrupt):
            sys.__excepthook__(error_type, error, trace)
            return
        window.errors.append(error_type.__name__)
        if issubclass(error_type, READ_ERRORS) and _from_the_content(trace):
            # the content database could not be read: its own message, not Home
            QTimer.singleShot(0, window, lambda: window.content_damaged(error_type.__name__))
            return
        log.error("unexpected error, going home: %s", describe(error_type, trace))
        QTimer.singleShot(0, window, lambda: window.open(HOME))

    sys.excepthook = handle
