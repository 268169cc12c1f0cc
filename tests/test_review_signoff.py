"""A hospital's sign-off file: loaded with its problems by line, never a crash; the status
of each page; `python -m db review-status`; and the words a page shows."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop_app.core.models import Document
from desktop_app.core.review_signoff import (
    SIGNOFF_ENV,
    PageSignoff,
    SignoffStatus,
    default_signoff_path,
    load_signoff,
    status_of,
)

TODAY = date(2026, 12, 20)
GOOD = """\
site = "St Mary's Children's Ward"
reviewer = "Paediatric haematology team"
date = 2026-12-10

[[page]]
page = "app:article/what-is-all"
reviewer = "Clinical nurse specialist"
date = "2026-12-12"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "review.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_signs_off_all_pages_and_single_pages(tmp_path: Path) -> None:
    signoff = load_signoff(write(tmp_path, GOOD), today=TODAY,
                           known_pages={("article", "what-is-all")})
    assert signoff.problems == [] and signoff.found
    assert signoff.site == "St Mary's Children's Ward"
    assert signoff.for_page("article", "what-is-all") == PageSignoff(
        "Clinical nurse specialist", date(2026, 12, 12), "St Mary's Children's Ward")
    assert signoff.for_page("treatment", "steroids") == PageSignoff(
        "Paediatric haematology team", date(2026, 12, 10), "St Mary's Children's Ward")


def test_each_problem_names_its_line(tmp_path: Path) -> None:
    text = GOOD + """colour = "blue"

[[page]]
page = "app:article/no-such-page"
reviewer = ""
date = "soon"

[[page]]
page = "what-is-all"

[[page]]
page = "app:article/what-is-all"
reviewer = "Ward sister"
date = 2099-01-01
"""
    signoff = load_signoff(write(tmp_path, text), today=TODAY,
                           known_pages={("article", "what-is-all")})
    shown = [str(p).split(":", 1)[1] for p in signoff.problems]
    assert "9: [[page]]: unknown setting 'colour'" in shown  # TOML: it is in the [[page]]
    assert "12: there is no page 'app:article/no-such-page' in the content" in shown
    assert any(s.startswith("13: [[page]]: reviewer must name a role") for s in shown)
    assert "14: [[page]]: date must be a date such as 2026-12-10" in shown
    assert any(s.startswith("17: page must be an address such as") for s in shown)
    assert "22: [[page]]: date 2099-01-01 is in the future" in shown
    # the good entries still count
    assert signoff.for_page("article", "what-is-all").reviewer == "Clinical nurse specialist"


@pytest.mark.parametrize("content", [b"reviewer = \n", b"\xff\xfe\x00bad", b"[[page]\n"])
def test_a_damaged_file_is_a_problem_not_a_crash(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "review.toml"
    path.write_bytes(content)
    signoff = load_signoff(path, today=TODAY)
    assert len(signoff.problems) == 1 and signoff.all_pages is None
    assert str(signoff.problems[0]).startswith(f"{path}:")


def test_a_folder_or_a_missing_named_file_is_a_problem(tmp_path: Path) -> None:
    assert "cannot be used" in str(load_signoff(tmp_path, today=TODAY).problems[0])
    assert load_signoff(tmp_path / "none.toml").problems[0].message == "no such file"


def test_the_file_is_found_like_the_site_settings(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SIGNOFF_ENV, str(write(tmp_path, "\ufeff" + GOOD)))
    assert default_signoff_path() == tmp_path / "review.toml"
    assert load_signoff(today=TODAY).all_pages is not None  # a BOM is fine
    monkeypatch.delenv(SIGNOFF_ENV)
    assert default_signoff_path().name == "review.toml"
    if not default_signoff_path().exists():  # no file at the usual place: no sign-off
        assert load_signoff(today=TODAY).problems == []


def test_status_of_a_page() -> None:
    reviewed, due = date(2026, 12, 1), date(2027, 12, 1)
    signed = PageSignoff("Ward team", date(2026, 12, 10))
    assert status_of(signed, reviewed, due, TODAY) == SignoffStatus.SIGNED_OFF
    assert status_of(None, reviewed, due, TODAY) == SignoffStatus.NOT_SIGNED_OFF
    assert status_of(signed, date(2026, 12, 15), due, TODAY) == SignoffStatus.STALE
    assert status_of(signed, reviewed, date(2028, 6, 1), date(2027, 12, 11)) == \
        SignoffStatus.SIGNOFF_OVERDUE
    assert status_of(signed, reviewed, due, date(2027, 12, 2)) == SignoffStatus.PAGE_OVERDUE


def run_status(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "db", "review-status", *args],
                          capture_output=True, text=True, timeout=120)


def test_review_status_lists_pages_not_signed_off(content_copy: Path, tmp_path: Path) -> None:
    today = date.today().isoformat()
    path = write(tmp_path, f'site = "Ward 5"\n[[page]]\npage = "app:article/what-is-all"\n'
                           f'reviewer = "Ward team"\ndate = {today}\n')
    result = run_status("--content", str(content_copy), "--signoff", str(path),
                        "--today", today)
    assert result.returncode == 1, result.stderr
    assert "sign-off file for Ward 5:" in result.stdout
    assert "app:article/what-is-all " not in result.stdout
    assert "app:article/hair-loss" in result.stdout and "not signed off" in result.stdout
    assert "1 of " in result.stdout
    path.write_text(f'reviewer = "Ward team"\ndate = {today}\n')
    result = run_status("--content", str(content_copy), "--signoff", str(path),
                        "--today", today)
    assert result.returncode == 0 and "need a reviewer" in result.stdout
    late = run_status("--content", str(content_copy), "--signoff", str(path),
                      "--today", "2099-01-01")
    assert late.returncode == 1 and "page past its next review" in late.stdout
    path.write_text("reviewer = \n")
    broken = run_status("--content", str(content_copy), "--signoff", str(path))
    assert broken.returncode == 2 and f"{path}:1: not valid TOML" in broken.stderr


def document(reviewer: str = "ALL Guide editors") -> Document:
    return Document(kind="article", id="what-is-all", section_id="understanding",
                    title="What is ALL?", summary="s", audience=("everyone",),
                    html="<p>Body</p>", sources=(), reviewed=date(2026, 12, 1),
                    next_review=date(2027, 12, 1), reviewer=reviewer)


def test_the_page_says_who_reviewed_it_in_plain_words(qapp) -> None:
    from desktop_app.ui.page_html import document_page_html

    page = document_page_html(document(), "2026-12-01+abcdef1234", TODAY)
    assert "Reviewed 1 December 2026 by ALL Guide editors." in page
    assert "2026-12-01" not in page and "abcdef1234" not in page
    signed = PageSignoff("Paediatric haematology team", date(2026, 12, 10), "Ward 5")
    page = document_page_html(document(), "v", TODAY, signoff=signed)
    assert "Reviewed for Ward 5 by Paediatric haematology team, 10 December 2026." in page
    stale = PageSignoff("Ward team", date(2026, 11, 1), "Ward 5")
    page = document_page_html(document(), "v", TODAY, signoff=stale, site_name="Ward 5")
    assert "Reviewed for" not in page and "by ALL Guide editors" in page
    nameless = PageSignoff("Ward team", date(2026, 12, 10))
    page = document_page_html(document(), "v", TODAY, signoff=nameless, site_name="Ward 7")
    assert "Reviewed for Ward 7 by Ward team, 10 December 2026." in page
