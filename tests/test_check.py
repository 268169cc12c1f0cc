"""`python -m db check` names the file and line of every problem and exits non-zero."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from db.check import check_sources
from db.sources import CONTENT_DIR, load_sources


def run_check(content: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "db", "check", "--content", str(content)],
                          capture_output=True, text=True, timeout=120)


def line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text().splitlines(), 1) if needle in text)


def test_real_content_passes() -> None:
    assert [str(p) for p in check_sources(load_sources(CONTENT_DIR))] == []


def test_broken_link_is_reported_with_file_and_line(content_copy: Path) -> None:
    article = content_copy / "articles" / "what-is-all.md"
    article.write_text(article.read_text() + "\nSee [this page](app:article/no-such-page).\n")
    result = run_check(content_copy)
    assert result.returncode == 1
    line = line_of(article, "no-such-page")
    assert f"what-is-all.md:{line}: broken link: no article 'no-such-page'" in result.stdout


def test_missing_field_is_reported(content_copy: Path) -> None:
    article = content_copy / "articles" / "blood-and-marrow.md"
    lines = article.read_text().splitlines()
    article.write_text("\n".join(line for line in lines if not line.startswith("summary:")))
    result = run_check(content_copy)
    assert result.returncode == 1
    assert "blood-and-marrow.md:1: front matter is missing 'summary'" in result.stdout


def test_unknown_glossary_term_and_bad_date(content_copy: Path) -> None:
    article = content_copy / "articles" / "types-of-all.md"
    text = article.read_text().replace("reviewed: 2026-11-22", "reviewed: 22/11/2026", 1)
    article.write_text(text + "\nAn [odd word](app:glossary/not-a-term).\n")
    result = run_check(content_copy)
    assert "no glossary term 'not-a-term'" in result.stdout
    reviewed_line = line_of(article, "reviewed: 22/11/2026")
    assert f"types-of-all.md:{reviewed_line}: 'reviewed' must be a date" in result.stdout


def test_raw_html_and_script_links_are_refused(content_copy: Path) -> None:
    article = content_copy / "articles" / "what-is-leukaemia.md"
    article.write_text(article.read_text()
                       + "\n<div>hidden</div>\n\nClick [here](javascript:alert(1)).\n")
    out = run_check(content_copy).stdout
    assert "raw HTML is not allowed" in out and "'javascript:' addresses" in out


def test_hard_paragraph_fails_the_reading_grade(content_copy: Path) -> None:
    article = content_copy / "articles" / "what-is-leukaemia.md"
    front, _body = article.read_text().split("\n---\n", 1)
    grade_11 = ("Haematological malignancies originating within the medullary compartment "
                "frequently necessitate multimodal therapeutic interventions, "
                "incorporating cytotoxic chemotherapeutic regimens administered "
                "intravenously alongside comprehensive supportive management.")
    article.write_text(front + "\n---\n" + grade_11 + "\n")
    out = run_check(content_copy).stdout
    assert "what-is-leukaemia.md" in out and "reading grade" in out


def test_broken_yaml_names_its_line(content_copy: Path) -> None:
    glossary = content_copy / "glossary" / "core.yaml"
    glossary.write_text(glossary.read_text() + "\n- id: broken\n  term: [unclosed\n")
    result = run_check(content_copy)
    assert result.returncode == 1
    assert "core.yaml:" in result.stdout and "YAML cannot be read" in result.stdout
