"""`all-guide --self-test`: passes on the real content, and fails loudly (non-zero exit,
the failing check named in its JSON) on content that is broken."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import self_test
from desktop_app.core import repository as repository_module

REPO_ROOT = Path(__file__).resolve().parents[1]
SCREENS = ("home", "section", "article", "treatment", "search", "glossary", "glossary term",
           "diagram", "journey", "questions", "start here", "about")
# every check the report must list, in the source tree and in the frozen app alike
EXPECTED_CHECKS = ("sqlite", "content database", "search", "pin hash", "fonts", "qr code",
                   "content addresses", *(f"screen: {name}" for name in SCREENS),
                   "print pdf")


def run_self_test(command: list[str], content_db: Path | None = None,
                  timeout: float = 180) -> tuple[int, dict]:
    """Run a self-test command offscreen; (exit status, its JSON report)."""
    if content_db is not None:
        command = [*command, "--content-db", str(content_db)]
    done = subprocess.run([*command, "--self-test"], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO_ROOT, check=False,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"no JSON report (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.returncode, report


def failures(report: dict) -> list[str]:
    return [f"{c['name']}: {c['detail']}" for c in report["checks"] if not c["passed"]]


def test_self_test_passes_in_the_source_tree(content_db: Path) -> None:
    status, report = run_self_test([sys.executable, "-m", "desktop_app"], content_db)
    assert status == 0, failures(report)
    assert report["passed"] is True
    assert report["frozen"] is False
    assert report["qt_platform"] == "offscreen"
    names = [check["name"] for check in report["checks"]]
    assert list(EXPECTED_CHECKS) == names
    assert all(check["passed"] for check in report["checks"])


def _garbage(path: Path) -> None:
    path.write_bytes(b"not a database at all " * 400)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _damaged_pages(path: Path) -> None:
    """Overwrite the middle of the file: the header still says SQLite, the pages lie."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64 * 1024] = b"\xa5" * min(64 * 1024, len(data) - middle)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_garbage, _empty, _damaged_pages],
                         ids=["garbage", "empty", "damaged-pages"])
def test_self_test_fails_on_a_broken_content_database(content_db: Path, tmp_path: Path,
                                                      damage) -> None:
    broken = tmp_path / "content.sqlite"
    shutil.copyfile(content_db, broken)
    broken.chmod(0o644)
    damage(broken)
    status, report = run_self_test([sys.executable, "-m", "desktop_app"], broken)
    assert status != 0
    assert report["passed"] is False
    content = next(c for c in report["checks"] if c["name"] == "content database")
    assert content["passed"] is False
    assert str(broken) in content["detail"]


def test_self_test_fails_on_a_missing_content_database(tmp_path: Path) -> None:
    status, report = run_self_test([sys.executable, "-m", "desktop_app"],
                                   tmp_path / "nowhere.sqlite")
    assert status != 0
    assert failures(report) == [f"content database: missing: {tmp_path / 'nowhere.sqlite'}: "]


def test_an_old_sqlite_fails_the_sqlite_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository_module.sqlite3, "sqlite_version", "3.26.0")
    with pytest.raises(self_test.CheckFailed, match=r"older than 3\.27\.0"):
        self_test.check_sqlite()


def test_a_failing_check_is_recorded_and_the_next_still_runs() -> None:
    test = self_test.SelfTest()

    def broken() -> str:
        raise self_test.CheckFailed("nothing here")

    assert test.check("first", broken) is False
    assert test.check("second", lambda: "fine") is True
    assert [(c.name, c.passed, c.detail) for c in test.checks] == [
        ("first", False, "CheckFailed: nothing here"), ("second", True, "fine")]
    assert test.passed is False
