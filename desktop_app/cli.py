"""The `all-guide` command: start the app, render a page to a PNG or PDF, or set the
kiosk's admin PIN."""

from __future__ import annotations

import argparse
import gc
import getpass
import logging
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app import __version__
from desktop_app.core.addresses import HOME, Address, AddressError, parse_address
from desktop_app.core.paths import default_content_db
from desktop_app.core.settings import (
    PROFILES,
    SETTINGS_ENV,
    LoadedSettings,
    default_settings_path,
    load_site_settings,
    unknown_hidden_sections,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.main_window import MainWindow

log = logging.getLogger("all_guide")


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{3,5})x(\d{3,5})", text)
    if not match:
        raise argparse.ArgumentTypeError("size must look like 1280x800")
    return int(match.group(1)), int(match.group(2))


def _address(text: str) -> Address:
    """`--page` is parsed here, once, at the edge."""
    try:
        return parse_address(text)
    except AddressError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="all-guide",
        description="ALL Guide: offline information about acute lymphoblastic leukaemia.",
    )
    parser.add_argument("--version", action="version", version=f"ALL Guide {__version__}")
    parser.add_argument("--profile", choices=PROFILES, default=None,
                        help="where the app runs (default: the site settings, else laptop)")
    parser.add_argument("--settings", type=Path, default=None,
                        help=f"site settings file (default: {default_settings_path()})")
    parser.add_argument("--user-data", type=Path, default=None,
                        help="the laptop's saved-data file (default: the user data folder)")
    parser.add_argument("--import-saved", type=Path, default=None, metavar="FILE.json",
                        help="laptop: merge bookmarks and questions exported by ALL Guide "
                             "into the saved data before starting")
    parser.add_argument("--content-db", type=Path, default=None,
                        help="content database to open (default: the bundled one)")
    parser.add_argument("--page", type=_address, default=None,
                        help="address of the page to open, such as app:article/what-is-all")
    parser.add_argument("--screenshot", type=Path, metavar="FILE.png",
                        help="render the page offscreen to this PNG file and exit")
    parser.add_argument("--print-pdf", type=Path, metavar="FILE.pdf",
                        help="save the page as it prints (article, explainer or questions) "
                             "to this PDF file and exit")
    parser.add_argument("--print-preview", type=Path, metavar="FILE.png",
                        help="render the first printed sheet of the page to this PNG "
                             "file and exit")
    parser.add_argument("--size", type=_size, default=(1280, 800), metavar="WIDTHxHEIGHT",
                        help="window size for the screenshot (default 1280x800)")
    parser.add_argument("--text-scale", type=float, default=None,
                        choices=(1.0, 1.25, 1.5, 1.75, 2.0), help="text size, 1.0 to 2.0")
    parser.add_argument("--check-settings", action="store_true",
                        help="check the site settings file, print each problem with its "
                             "line, and exit 1 if there are any")
    parser.add_argument("--set-admin-pin", action="store_true",
                        help="ask for a new kiosk admin PIN and store its hash in the "
                             "site settings file")
    parser.add_argument("--self-test", action="store_true",
                        help="check this copy works: open the content, render every screen "
                             "offscreen, print a JSON report; exit 0 only if all passed")
    return parser.parse_args(argv)


def _set_admin_pin(settings_path: Path) -> int:
    from desktop_app.core.pin import hash_pin
    from desktop_app.core.settings import set_admin_pin_hash

    pin = getpass.getpass("New admin PIN (4 to 12 digits): ")
    if pin != getpass.getpass("The same PIN again: "):
        print("The two PINs differ; nothing was changed.", file=sys.stderr)
        return 1
    try:
        set_admin_pin_hash(settings_path, hash_pin(pin))
    except ValueError as error:
        print(f"{error}; nothing was changed.", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Could not write {settings_path}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"The admin PIN hash is stored in {settings_path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """The `all-guide` command: start the app and run it until it quits."""
    started = launch(argv)
    if isinstance(started, int):
        return started
    return started.app.exec()


@dataclass
class Started:
    """A running app, shown and on its first page, before its event loop runs."""

    app: QApplication
    window: MainWindow
    profile: str


def launch(argv: list[str] | None = None) -> int | Started:
    """Everything `all-guide` does before the event loop: parse the arguments, load the
    site settings, open the content and show the window in its profile. Returns an exit
    code instead when the command is done already (a picture, a PDF, a check).
    Tests start the app here, so they go through exactly what a person's start does."""
    args = parse_arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings_path = args.settings or default_settings_path()
    if args.set_admin_pin:
        return _set_admin_pin(settings_path)
    if args.self_test:
        from desktop_app.self_test import main as self_test

        return self_test(args.content_db or default_content_db())
    named = args.settings is not None or bool(os.environ.get(SETTINGS_ENV))
    loaded = load_site_settings(settings_path, must_exist=named)
    for problem in loaded.problems:
        log.error("site settings: %s", problem)
    if args.check_settings:
        print(f"{settings_path}: " + (f"{len(loaded.problems)} problem(s)" if loaded.problems
              else "OK" if loaded.found else "no file: the defaults (laptop) apply"))
        return 1 if loaded.problems else 0
    if loaded.problems:  # even over --profile: a typo must never unlock a kiosk
        log.error("site settings have problems: starting locked, as a kiosk, with safe "
                  "defaults")
    profile = "kiosk" if loaded.problems else args.profile or loaded.settings.profile
    rendering = any(target is not None for target in (args.screenshot, args.print_pdf,
                                                        args.print_preview))
    # pictures never touch the reader's own saved data: a laptop renders with an empty
    # one in a folder of its own, removed when the picture is taken
    scratch = (tempfile.TemporaryDirectory(prefix="all-guide-render-",
                                           ignore_cleanup_errors=True)
               if rendering and args.user_data is None else None)
    if scratch is not None:
        args.user_data = Path(scratch.name) / "user.sqlite"
    gc.disable()  # start-up makes many objects and frees few: no collecting until it is done
    try:
        app, window = _start(args, loaded, profile, rendering)
    finally:
        gc.enable()
    if rendering:
        try:
            return _render(window, args)
        finally:  # the picture is taken: no window, nor a kiosk's key guard, stays
            window.hide()
            if window.controller is not None:
                window.controller.close_files()
            window.deleteLater()
            if scratch is not None:
                scratch.cleanup()
    _show(app, window, args.page)
    return Started(app, window, profile)


def _start(args: argparse.Namespace, loaded: LoadedSettings, profile: str,
           rendering: bool) -> tuple[QApplication, MainWindow]:
    """The application and its main window, in the profile, with the saved data."""
    from desktop_app.ui.application import create_application, create_main_window

    app = create_application(offscreen=rendering)
    window = create_main_window(args.content_db or default_content_db(), loaded.settings,
                                profile, args.user_data)
    window.note_settings_problems(len(loaded.problems))
    if window.repository is not None:
        known = {section.id for section in window.repository.sections(include_hidden=True)}
        for problem in unknown_hidden_sections(loaded, known):
            log.warning("site settings: %s", problem)
    if args.import_saved is not None and window.controller is not None:
        window.controller.import_saved(args.import_saved)
    if args.text_scale:
        window.set_text_scale(args.text_scale)
    return app, window


def _render(window: MainWindow, args: argparse.Namespace) -> int:
    from desktop_app.ui.screenshot import save_screenshot

    width, height = args.size
    page = args.page or HOME
    if args.screenshot is not None:
        if not save_screenshot(window, page, args.screenshot, width, height):
            print(f"could not write {args.screenshot}", file=sys.stderr)
            return 1
        print(f"wrote {args.screenshot}")
    if args.print_pdf is not None or args.print_preview is not None:
        return _print(window, page, args)
    return 0


def _print(window: MainWindow, page: Address, args: argparse.Namespace) -> int:
    from desktop_app.ui import printing
    from desktop_app.ui.screenshot import render_page

    render_page(window, page, *args.size)
    sheet = printing.printable(window.repository, window.session,
                               window.router.current) if window.repository else None
    if sheet is None:
        print(f"{page} has nothing to print", file=sys.stderr)
        return 1
    if args.print_pdf is not None:
        try:
            printing.save_pdf(sheet, args.print_pdf)
        except OSError as error:
            print(f"could not write {args.print_pdf}: {error.strerror or error}",
                  file=sys.stderr)
            return 1
        print(f"wrote {args.print_pdf}")
    if args.print_preview is not None:
        if not printing.preview_image(sheet).save(str(args.print_preview)):
            print(f"could not write {args.print_preview}", file=sys.stderr)
            return 1
        print(f"wrote {args.print_preview}")
    return 0


def _show(app: QApplication, window: MainWindow, page: Address | None) -> None:
    """The profile shows the window its own way; then the first page opens."""
    assert window.controller is not None
    window.open(window.controller.start(app, page))
    window.raise_()
    window.activateWindow()  # with no window manager (a kiosk), nothing else gives it the keys
    from desktop_app.ui.first_paint import report_first_paint

    report_first_paint(window.current_screen())  # only when `python -m bench` asks
