"""The core is plain Python: importing every core module must not import Qt."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import desktop_app.core

CORE_DIR = Path(desktop_app.core.__file__).parent


def test_core_modules_import_without_qt() -> None:
    modules = [f"desktop_app.core.{m.name}" for m in pkgutil.iter_modules([str(CORE_DIR)])]
    assert modules, "found no core modules"
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_core_source_never_names_qt() -> None:
    for path in CORE_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
                assert not any(n.startswith(("PySide6", "shiboken6")) for n in names), path


def test_sql_lives_only_in_the_repositories_and_db() -> None:
    """SQL belongs in the two repositories (core/repository.py for the content,
    core/user_data.py for the reader's own saved data) and in db/, nowhere else."""
    app_dir = CORE_DIR.parent
    for path in app_dir.rglob("*.py"):
        if path.name in ("repository.py", "user_data.py"):
            continue
        text = path.read_text()
        assert "SELECT " not in text and "sqlite3" not in text, path
