"""docs/accessibility.md stays honest: every test its WCAG table names exists, every
criterion the app must answer for is in the table once with a known status, and every
screen in the registry has its 200% screenshot, shown in the document. docs/reliability.md
too: every test it names as holding a promise exists.

Why: a conformance table that names tests nobody runs, or pictures of screens that have
changed, is worse than none. These checks fail as soon as a named test is renamed or
deleted, a criterion row is dropped, or a new screen is added without its picture.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.repository import ContentRepository
from desktop_app.ui.screens.registry import example_addresses

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "accessibility.md"
RELIABILITY = ROOT / "docs" / "reliability.md"
SHOTS = ROOT / "docs" / "screenshots" / "accessibility"

# WCAG 2.2 level A and AA success criteria (4.1.1 Parsing is obsolete in 2.2)
CRITERIA = (
    "1.1.1", "1.3.1", "1.3.2", "1.3.3", "1.3.4", "1.3.5", "1.4.1", "1.4.3", "1.4.4", "1.4.5",
    "1.4.10", "1.4.11", "1.4.12", "1.4.13", "2.1.1", "2.1.2", "2.1.4", "2.2.1", "2.2.2", "2.3.1",
    "2.4.1", "2.4.2", "2.4.3", "2.4.4", "2.4.5", "2.4.6", "2.4.7", "2.4.11", "2.5.1", "2.5.2",
    "2.5.3", "2.5.4", "2.5.7", "2.5.8", "3.1.1", "3.1.2", "3.2.1", "3.2.2", "3.2.3", "3.2.4",
    "3.2.6", "3.3.1", "3.3.2", "3.3.3", "3.3.4", "3.3.7", "3.3.8", "4.1.2", "4.1.3",
)
STATUSES = ("Met", "Partly met", "Not met", "Not applicable")
TEST_REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")
BARE_TEST_NAME = re.compile(r"`(test_\w+)`")
ROW = re.compile(r"^\|\s*(\d\.\d\.\d+)\s[^|]*\|")


def table_rows(text: str) -> dict[str, list[list[str]]]:
    """The WCAG table's rows by criterion number, each row as its cells."""
    rows: dict[str, list[list[str]]] = {}
    for line in text.splitlines():
        match = ROW.match(line)
        if match:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            rows.setdefault(match.group(1), []).append(cells)
    return rows


def defined_tests(path: Path) -> set[str]:
    """Test function names a file defines, at module level or in a class."""
    tree = ast.parse(path.read_text("utf-8"))
    names = {node.name for node in tree.body
             if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names |= {item.name for item in node.body
                      if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)}
    return names


def missing_tests(text: str, root: Path = ROOT) -> list[str]:
    """Each `tests/x.py::name` in `text` whose file or function does not exist."""
    missing = []
    for file, name in TEST_REFERENCE.findall(text):
        path = root / file
        if not path.is_file():
            missing.append(f"{file} (no such file)")
        elif name not in defined_tests(path):
            missing.append(f"{file}::{name}")
    return missing


def row_problems(text: str) -> list[str]:
    """Criteria missing or doubled, unknown statuses, and rows that claim without a test."""
    rows = table_rows(text)
    problems = [f"{c} is not in the table" for c in CRITERIA if c not in rows]
    problems += [f"{c} has {len(r)} rows" for c, r in rows.items() if len(r) > 1]
    for criterion, [cells] in ((c, r) for c, r in rows.items() if len(r) == 1):
        if len(cells) != 5:
            problems.append(f"{criterion} has {len(cells)} cells, not 5")
            continue
        status, how, test = cells[2], cells[3], cells[4]
        base = status.removesuffix(", no test")
        if base not in STATUSES:
            problems.append(f"{criterion}: unknown status {status!r}")
        if not how:
            problems.append(f"{criterion}: says nothing about how it is met")
        named = TEST_REFERENCE.findall(test)
        if base in ("Not applicable", "Not met"):
            continue  # nothing holds it, so no test is named
        if status.endswith(", no test") != (not named):
            problems.append(f"{criterion}: status {status!r} but the test cell is {test!r}")
    return problems


def _slug() -> Callable[[str], str]:
    spec = importlib.util.spec_from_file_location("make_screenshots",
                                                  ROOT / "docs" / "make_screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    slug: Callable[[str], str] = module.slug
    return slug


def test_every_test_the_table_names_exists() -> None:
    text = DOC.read_text("utf-8")
    assert len(TEST_REFERENCE.findall(text)) >= 30
    assert missing_tests(text) == []


def test_every_test_the_reliability_page_names_exists() -> None:
    named = set(BARE_TEST_NAME.findall(RELIABILITY.read_text("utf-8")))
    assert len(named) >= 20
    defined = set().union(*(defined_tests(path) for path in (ROOT / "tests").glob("test_*.py")))
    assert sorted(named - defined) == []


def test_every_criterion_has_one_row_with_a_known_status_and_its_tests() -> None:
    assert row_problems(DOC.read_text("utf-8")) == []


def test_the_checks_fail_on_a_made_up_test_and_a_dropped_row(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("def test_real():\n    pass\n", "utf-8")
    text = ("| 1.1.1 Non-text content | A | Met | alt text | `tests/test_x.py::test_real`, "
            "`tests/test_x.py::test_made_up`, `tests/test_gone.py::test_a` |\n"
            "| 1.3.1 Info | A | Done | roles | no test |\n")
    assert missing_tests(text, tmp_path) == ["tests/test_x.py::test_made_up",
                                             "tests/test_gone.py (no such file)"]
    problems = row_problems(text)
    assert "1.3.1: unknown status 'Done'" in problems
    assert "1.4.3 is not in the table" in problems
    assert any(p.startswith("1.3.1: status") for p in problems)  # a claim without a test


def test_every_screen_has_its_200_percent_picture_in_the_document(content_db: Path) -> None:
    slug = _slug()
    repository = ContentRepository.open(content_db)
    try:
        names = list(example_addresses(repository))
    finally:
        repository.close()
    text = DOC.read_text("utf-8")
    shown = set(re.findall(r"\]\((screenshots/accessibility/[\w.-]+\.png)\)", text))
    wanted = {f"screenshots/accessibility/{slug(name)}.png" for name in names}
    assert wanted - shown == set(), "run docs/make_screenshots.py and show the new ones"
    on_disk = {f"screenshots/accessibility/{p.name}" for p in SHOTS.glob("*.png")}
    assert shown - on_disk == set(), "the document shows pictures that are not there"
    assert on_disk - shown == set(), "pictures that the document does not show"
