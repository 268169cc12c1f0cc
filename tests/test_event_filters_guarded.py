"""Every Python `eventFilter` in the app is wrapped in `widgets.guarded_event_filter`.

With PySide 6.11 an exception raised inside a Python eventFilter override kills the
process (a kiosk would vanish from the ward). The guard logs it and lets the event
through; this test makes sure a new filter cannot forget it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "desktop_app"


def event_filters() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in sorted(APP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name == "eventFilter":
                found.append((f"{path.relative_to(APP.parent)}:{node.lineno}", node))
    return found


def decorator_names(node: ast.FunctionDef) -> set[str]:
    return {d.id if isinstance(d, ast.Name) else getattr(d, "attr", "")
            for d in node.decorator_list}


def test_the_app_has_event_filters_to_check() -> None:
    assert len(event_filters()) >= 5


FILTERS = event_filters()


@pytest.mark.parametrize(("where", "node"), FILTERS, ids=[where for where, _ in FILTERS])
def test_every_event_filter_is_guarded(where: str, node: ast.FunctionDef) -> None:
    assert "guarded_event_filter" in decorator_names(node), (
        f"{where}: decorate eventFilter with @guarded_event_filter (desktop_app/ui/widgets.py)")
