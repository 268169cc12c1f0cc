"""A hospital's sign-off of the content: the TOML file its IT team installs (like site.toml).

A clinical reviewer at the site reads ALL Guide's pages and signs them off, for all pages
at once or page by page. The page then says "Reviewed for <site> by <role>, <date>", and
`python -m db review-status` lists pages not yet signed off, or overdue. Example:

    site = "St Mary's Children's Ward"        # optional: else the site settings' site_name
    reviewer = "Paediatric haematology team"  # a role, never a person's name
    date = 2026-12-10                         # signs off every page

    [[page]]                                  # a page signed off on its own
    page = "app:article/what-is-all"
    reviewer = "Clinical nurse specialist"
    date = 2026-12-12

A bad file never crashes the app: each problem is reported as `file:line: message`, and
the entries it could not use are left out (a page then simply shows the editors' review).
"""

from __future__ import annotations

import contextlib
import enum
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from desktop_app.core.problems import FileProblem

SIGNOFF_ENV = "ALL_GUIDE_REVIEW"
LINUX_SIGNOFF = Path("/etc/xdg/all-guide/review.toml")
SIGNOFF_FILE_NAME = "review.toml"
MAX_SIGNOFF_BYTES = 1024 * 1024  # a line or two per page: far below this
TOP_KEYS = {"site", "reviewer", "date", "page"}
PAGE_KEYS = {"page", "reviewer", "date"}
SIGNOFF_LASTS = timedelta(days=365)  # a sign-off older than this is overdue
_PAGE_ADDRESS = re.compile(r"^app:(article|treatment)/([a-z0-9]+(?:-[a-z0-9]+)*)$")


SignoffProblem = FileProblem  # file:line: message


@dataclass(frozen=True)
class PageSignoff:
    """Who signed a page off for the site, and when."""

    reviewer: str
    signed: date
    site: str = ""


class SignoffStatus(enum.Enum):
    SIGNED_OFF = "signed off"
    NOT_SIGNED_OFF = "not signed off"
    STALE = "signed off before the page's last review"
    SIGNOFF_OVERDUE = "sign-off more than a year old"
    PAGE_OVERDUE = "page past its next review"


def status_of(page: PageSignoff | None, reviewed: date, due: date,
              today: date) -> SignoffStatus:
    """Where a page stands for the site. `due` is the page's next review (or a figure's,
    if sooner). A page the editors changed after the sign-off needs signing off again."""
    if today > due:
        return SignoffStatus.PAGE_OVERDUE
    if page is None:
        return SignoffStatus.NOT_SIGNED_OFF
    if page.signed < reviewed:
        return SignoffStatus.STALE
    if today - page.signed > SIGNOFF_LASTS:
        return SignoffStatus.SIGNOFF_OVERDUE
    return SignoffStatus.SIGNED_OFF


@dataclass
class ReviewSignoff:
    """The loaded sign-off file: one entry for all pages, and entries for single pages."""

    path: Path
    site: str = ""
    all_pages: PageSignoff | None = None
    pages: dict[tuple[str, str], PageSignoff] = field(default_factory=dict)
    problems: list[SignoffProblem] = field(default_factory=list)
    found: bool = False

    def for_page(self, kind: str, document_id: str) -> PageSignoff | None:
        """The sign-off that covers a page: its own entry, else the one for all pages."""
        return self.pages.get((kind, document_id), self.all_pages)


def default_signoff_path() -> Path:
    """$ALL_GUIDE_REVIEW, else beside the site settings in the machine-wide config folder:
    /etc/xdg/all-guide/review.toml on Linux, C:\\ProgramData\\all-guide\\review.toml on
    Windows, /Library/Application Support/all-guide/review.toml on macOS."""
    override = os.environ.get(SIGNOFF_ENV)
    if override:
        return Path(override)
    if sys.platform.startswith("linux"):
        return LINUX_SIGNOFF
    from platformdirs import site_config_path

    return site_config_path("all-guide", appauthor=False) / SIGNOFF_FILE_NAME


def load_signoff(path: Path | None = None, *, today: date | None = None,
                 known_pages: set[tuple[str, str]] | None = None) -> ReviewSignoff:
    """Read the sign-off file. A missing file at the usual place means no sign-off; one
    named on purpose ($ALL_GUIDE_REVIEW, --signoff) that is missing is a problem.
    `known_pages` (kind, id), when given, reports entries naming no page."""
    must_exist = path is not None or bool(os.environ.get(SIGNOFF_ENV))
    path = path or default_signoff_path()
    signoff = ReviewSignoff(path)
    from desktop_app.core.limits import FileRefused, read_text

    try:
        text = read_text(path, MAX_SIGNOFF_BYTES, "utf-8-sig")
    except FileNotFoundError:
        if must_exist:
            signoff.problems.append(SignoffProblem(path, 1, "no such file"))
        return signoff
    except FileRefused as error:
        signoff.problems.append(SignoffProblem(path, 1, f"cannot be used: {error}"))
        return signoff
    except (OSError, UnicodeDecodeError) as error:
        signoff.problems.append(SignoffProblem(path, 1, f"cannot be read: {error}"))
        return signoff
    signoff.found = True
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        line = int(match.group(1)) if match else 1
        signoff.problems.append(SignoffProblem(path, line, f"not valid TOML: {error}"))
        return signoff
    except (RecursionError, ValueError) as error:
        signoff.problems.append(SignoffProblem(path, 1, f"not usable TOML: {error}"))
        return signoff
    _read_entries(data, _Lines(text), signoff, today or date.today(), known_pages)
    return signoff


class _Lines:
    """The lines on which each key and each [[page]] table is written, for messages."""

    _KEY = re.compile(r"^[ \t]*(\[\[?)?[ \t]*([A-Za-z0-9_-]+)", re.MULTILINE)

    def __init__(self, text: str) -> None:
        self.keys: list[tuple[int, str, bool]] = []  # (line, key, is a table header)
        for match in self._KEY.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            self.keys.append((line, match.group(2), bool(match.group(1))))
        self.tables = [line for line, key, header in self.keys if header and key == "page"]

    def of(self, key: str, table: int | None = None) -> int:
        """The line of `key` at the top (table None) or in the n-th [[page]] table."""
        start = 0 if table is None else self.tables[table] if table < len(self.tables) else 0
        end = (self.tables[0] if self.tables else 10**9) if table is None else \
            self.tables[table + 1] if table + 1 < len(self.tables) else 10**9
        for line, name, header in self.keys:
            if start <= line < end and name == key and not header:
                return line
        return start or 1


def _read_entries(data: dict[str, object], lines: _Lines, signoff: ReviewSignoff,
                  today: date, known_pages: set[tuple[str, str]] | None) -> None:
    path = signoff.path

    def problem(line: int, message: str) -> None:
        signoff.problems.append(SignoffProblem(path, line, message))

    for name in sorted(set(data) - TOP_KEYS):
        problem(lines.of(name),
                f"unknown setting {name!r} (known: {', '.join(sorted(TOP_KEYS))})")
    site = data.get("site", "")
    if not isinstance(site, str) or len(site) > 200:
        problem(lines.of("site"), "site must be the site's name in quotes")
        site = ""
    signoff.site = site.strip()
    if "reviewer" in data or "date" in data:
        signoff.all_pages = _entry(data, lines, None, today, problem, signoff.site)
    pages = data.get("page", [])
    if not isinstance(pages, list):
        problem(lines.of("page"), "page entries must be [[page]] tables")
        return
    for index, entry in enumerate(pages):
        where = lines.tables[index] if index < len(lines.tables) else 1
        if not isinstance(entry, dict):
            problem(where, "each [[page]] needs page, reviewer and date")
            continue
        for name in sorted(set(entry) - PAGE_KEYS):
            problem(lines.of(name, index), f"[[page]]: unknown setting {name!r}")
        address = entry.get("page")
        match = _PAGE_ADDRESS.match(address) if isinstance(address, str) else None
        if match is None:
            problem(lines.of("page", index) if "page" in entry else where,
                    f"page must be an address such as \"app:article/what-is-all\", "
                    f"not {address!r}")
            continue
        key = (match.group(1), match.group(2))
        page = _entry(entry, lines, index, today, problem, signoff.site)
        if known_pages is not None and key not in known_pages:
            problem(lines.of("page", index), f"there is no page {address!r} in the content")
        elif key in signoff.pages:
            problem(lines.of("page", index), f"{address!r} is signed off twice")
        elif page is not None:
            signoff.pages[key] = page


def _entry(entry: dict[str, object], lines: _Lines, table: int | None, today: date,
           report: Callable[[int, str], None], site: str) -> PageSignoff | None:
    """A reviewer role and a date, or None (with the problems reported)."""
    prefix = "" if table is None else "[[page]]: "
    reviewer, signed = entry.get("reviewer"), entry.get("date")
    good = True
    if not isinstance(reviewer, str) or not reviewer.strip():
        report(lines.of("reviewer", table), f"{prefix}reviewer must name a role in quotes, "
                                            "such as \"Paediatric haematology team\"")
        good = False
    elif len(reviewer) > 120 or any(ord(c) < 32 for c in reviewer):
        report(lines.of("reviewer", table), f"{prefix}reviewer must be a short role name")
        good = False
    if isinstance(signed, str):
        with contextlib.suppress(ValueError):
            signed = date.fromisoformat(signed)
    if not isinstance(signed, date) or hasattr(signed, "hour"):
        report(lines.of("date", table), f"{prefix}date must be a date such as 2026-12-10")
        good = False
    elif signed > today:
        report(lines.of("date", table), f"{prefix}date {signed.isoformat()} is in the future")
        good = False
    if not good:
        return None
    assert isinstance(reviewer, str) and isinstance(signed, date)
    return PageSignoff(" ".join(reviewer.split()), signed, site)
