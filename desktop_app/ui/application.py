"""Creating the QApplication and the main window, in the profile the site asks for."""

from __future__ import annotations

import linecache
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop_app.core.paths import translations_dir
from desktop_app.core.repository import ContentRepository, ContentUnavailable
from desktop_app.core.settings import SiteSettings
from desktop_app.ui import style
from desktop_app.ui.errors import install_error_handler
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.profile import Profile

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None, *, offscreen: bool = False) -> QApplication:
    """The one QApplication, with the bundled font and any translation for the locale."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        if offscreen:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication(argv if argv is not None else sys.argv[:1])
    elif app.property("allGuideReady"):
        return app
    app.setProperty("allGuideReady", True)  # a second start (tests) sets it up once
    app.setApplicationName("ALL Guide")
    # matches the .desktop entry build_installer.py writes, so Wayland docks show the icon
    app.setDesktopFileName("org.allguide.AllGuide")
    app.setOrganizationName("ALL Guide")
    style.load_fonts()
    style.apply(app)
    translated = False
    if translations_dir().is_dir():  # QLocale costs ms at start-up: only when needed
        from PySide6.QtCore import QLocale, QTranslator

        translator = QTranslator(app)
        if translator.load(QLocale(), "all_guide", "_", str(translations_dir())):
            translated = app.installTranslator(translator)
    if not translated:  # the pages are in UK English: dates, screen readers' voice, lang
        from PySide6.QtCore import QLocale

        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return app


def open_content(path: Path, hidden_sections: Sequence[str] = ()
                 ) -> tuple[ContentRepository | None, ContentUnavailable | None]:
    """Open the content database for a site that hides `hidden_sections`, or say why it
    cannot be opened (never raises)."""
    try:
        return ContentRepository.open(path, hidden_sections), None
    except ContentUnavailable as problem:
        log.error("content unavailable: %s", problem)
        return None, problem


def make_profile(name: str, window: MainWindow, settings: SiteSettings,
                 user_data: Path | None, clock: Callable[[], float] | None) -> Profile:
    """The profile called `name` (core.settings.PROFILES), imported only when chosen."""
    if name == "kiosk":
        from desktop_app.ui.kiosk import KioskController, kiosk_clock

        return KioskController(window, settings, clock or kiosk_clock())
    if name == "tablet":
        from desktop_app.ui.tablet import TabletController

        return TabletController(window)
    from desktop_app.core.user_data import default_user_data_path
    from desktop_app.ui.laptop import LaptopController

    return LaptopController(window, user_data or default_user_data_path())


def create_main_window(content_db: Path, settings: SiteSettings | None = None,
                       profile: str = "laptop", user_data: Path | None = None,
                       clock: Callable[[], float] | None = None) -> MainWindow:
    """The main window with its profile's controller attached as `window.controller`."""
    settings = settings or SiteSettings()
    repository, problem = open_content(content_db, settings.hidden_sections)
    window = MainWindow(repository, problem, settings)
    install_error_handler(window)
    make_profile(profile, window, settings, user_data, clock)
    # PySide reads the source of every module imported after it (looking for its
    # `__feature__` imports) and linecache keeps it: some MB the app never needs
    linecache.clearcache()
    return window
