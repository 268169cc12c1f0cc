"""`all-guide --self-test`: prove that this copy of the app works on this machine.

Hospital IT installs the app from a file onto machines nobody here has seen, often a frozen
bundle with much of Qt pruned away. The self-test opens and validates the content database
exactly as the app does, checks that SQLite can search it (FTS5), renders every kind of
screen offscreen once, saves a page as PDF, draws a QR code and hashes a PIN, then prints a
JSON report. The exit status is 0 only if every check passed. It never touches the reader's
own data: the laptop profile's saved data goes to a throwaway folder.
"""

from __future__ import annotations

import json
import platform
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

from desktop_app import __version__
from desktop_app.core.repository import (
    ContentRepository,
    ContentUnavailable,
    sqlite_search_problem,
    sqlite_version,
)

WINDOW_SIZE = (1280, 800)


class CheckFailed(Exception):
    """A check found something wrong; the message says what."""


@dataclass
class Check:
    name: str
    passed: bool
    detail: str


class SelfTest:
    """Runs checks one by one; a failing check is recorded and the next one still runs."""

    def __init__(self) -> None:
        self.checks: list[Check] = []

    def check(self, name: str, action: Callable[[], str]) -> bool:
        try:
            detail, passed = action(), True
        except Exception as error:  # any failure is a finding, never a crash
            detail, passed = f"{type(error).__name__}: {error}", False
        self.checks.append(Check(name, passed, detail))
        return passed

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(check.passed for check in self.checks)


def check_sqlite() -> str:
    """SQLite is new enough and has FTS5 with the tokenizer options the content uses."""
    problem = sqlite_search_problem()
    if problem:
        raise CheckFailed(problem)
    return f"SQLite {sqlite_version()} with FTS5"


def check_search(repository: ContentRepository) -> str:
    """A real search on the real content finds pages, in UK and US spelling alike."""
    uk, us = repository.search("leukaemia"), repository.search("leukemia")
    if not uk:
        raise CheckFailed("searching the content for 'leukaemia' found nothing")
    if [(hit.kind, hit.id) for hit in uk] != [(hit.kind, hit.id) for hit in us]:
        raise CheckFailed("'leukaemia' and 'leukemia' found different pages")
    return f"{len(uk)} hits for leukaemia"


def check_pin_hash() -> str:
    """The kiosk's admin PIN hash (scrypt, from OpenSSL through hashlib) works."""
    from desktop_app.core.pin import hash_pin, verify_pin

    stored = hash_pin("2468")
    if not verify_pin("2468", stored) or verify_pin("1357", stored):
        raise CheckFailed("a PIN hash did not verify as it should")
    return "scrypt"


def screen_addresses(repository: ContentRepository) -> dict[str, str]:
    """One address of every kind of screen (screens/registry.py), from the content."""
    from desktop_app.ui.screens.registry import example_addresses

    try:
        return example_addresses(repository)
    except (LookupError, IndexError) as error:
        raise CheckFailed(str(error) or "the content has nothing to show") from error


def render_screen(window, address: str) -> str:
    """Show `address` in the window offscreen and grab it, as a reader would see it."""
    from desktop_app.ui.screenshot import render_page

    errors_before = len(window.errors)
    render_page(window, address, *WINDOW_SIZE)
    if len(window.errors) > errors_before:
        raise CheckFailed(f"{address} raised {', '.join(window.errors[errors_before:])}")
    if window.stack.currentWidget() is window.message_screen:
        raise CheckFailed(f"{address} showed a message instead of the page")
    image = window.grab().toImage()
    if image.isNull() or image.width() < WINDOW_SIZE[0] // 2:
        raise CheckFailed(f"{address} drew nothing")
    return f"{address}: {window.windowTitle()}"


def check_print_pdf(window, address: str, folder: Path) -> str:
    """Saving a page as PDF works (QPdfWriter, in QtGui), and QtPrintSupport, which the
    print preview needs, survived the pruning. No QPrinter is made: that would ask the
    local print service for its printers."""
    from desktop_app.core.addresses import parse_address
    from desktop_app.ui import printing

    if window.repository is None:
        raise CheckFailed("no content is open, so there is nothing to print")
    page = printing.printable(window.repository, window.session, parse_address(address))
    if page is None:
        raise CheckFailed(f"{address} has nothing to print")
    target = folder / "page.pdf"
    printing.save_pdf(page, target)
    if not target.is_file() or not target.read_bytes().startswith(b"%PDF"):
        raise CheckFailed("no PDF was written")
    from PySide6.QtPrintSupport import QPrintPreviewDialog  # noqa: F401  (it must import)

    return f"{address}: {target.stat().st_size} bytes"


def check_qr_code() -> str:
    """The QR codes of outside addresses draw (segno, then Qt's PNG reader)."""
    from desktop_app.ui.screens.article import qr_pixmap

    pixmap = qr_pixmap("https://www.example.org/all")
    if pixmap.isNull():
        raise CheckFailed("the QR code did not draw")
    return f"{pixmap.width()}x{pixmap.height()} px"


def check_fonts() -> str:
    """The bundled typeface is registered, so text looks the same on every machine."""
    from PySide6.QtGui import QFontDatabase

    from desktop_app.ui import style

    if style.FONT_FAMILY not in QFontDatabase.families():
        raise CheckFailed(f"{style.FONT_FAMILY} is not loaded")
    return style.FONT_FAMILY


def open_content(test: SelfTest, content_db: Path) -> ContentRepository | None:
    """Open the content database with the app's own checks; None if it cannot be used."""
    try:
        repository = ContentRepository.open(content_db)
    except ContentUnavailable as problem:
        test.checks.append(Check("content database", False, str(problem)))
        return None
    test.checks.append(Check("content database", True,
                             f"{content_db} (content {repository.content_version})"))
    return repository


def check_screens(test: SelfTest, repository: ContentRepository, content_db: Path) -> None:
    """Render every kind of screen in a laptop window, then save an article as PDF."""
    from desktop_app.core.settings import SiteSettings
    from desktop_app.ui.application import create_main_window

    addresses: dict[str, str] = {}

    def find_addresses() -> str:
        addresses.update(screen_addresses(repository))
        return ", ".join(addresses)

    if not test.check("content addresses", find_addresses):
        return
    with tempfile.TemporaryDirectory(prefix="all-guide-self-test-",
                                     ignore_cleanup_errors=True) as folder:
        window = create_main_window(content_db, SiteSettings(), "laptop",
                                    Path(folder) / "user.sqlite")
        for name, address in addresses.items():
            test.check(f"screen: {name}", partial(render_screen, window, address))
        test.check("print pdf",
                   lambda: check_print_pdf(window, addresses["article"], Path(folder)))
        window.close()  # closes the window's own connection to the content
        window.deleteLater()


def run(content_db: Path) -> dict:
    """Run every check and return the report (`main` prints it)."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtGui import QGuiApplication

    from desktop_app.ui.application import create_application

    test = SelfTest()
    test.check("sqlite", check_sqlite)
    repository = open_content(test, content_db)
    if repository is not None:
        test.check("search", lambda: check_search(repository))
    test.check("pin hash", check_pin_hash)
    create_application(offscreen=True)
    test.check("fonts", check_fonts)
    test.check("qr code", check_qr_code)
    if repository is not None:
        check_screens(test, repository, content_db)
        repository.close()
    return {
        "app": "ALL Guide",
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "python": platform.python_version(),
        "qt": pyside_version,
        "qt_platform": QGuiApplication.platformName(),
        "sqlite": sqlite_version(),
        "content_db": str(content_db),
        "passed": test.passed,
        "checks": [asdict(check) for check in test.checks],
    }


def main(content_db: Path) -> int:
    """Print the report as JSON on stdout; exit status 0 only if every check passed."""
    report = run(content_db)
    if sys.stdout is not None:  # a windowed Windows app may have no stdout
        print(json.dumps(report, indent=2))
    return 0 if report["passed"] else 1
