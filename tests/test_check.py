"""`python -m db check` names the file and line of every problem and exits non-zero."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from db.check import check_sources
from db.sources import CONTENT_DIR, load_sources
from tests.content_edits import (
    TEST_FIGURE,
    add_body,
    add_figure,
    remove_front_matter,
    set_front_matter,
)


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
    text = re.sub(r"(?m)^reviewed: .*$", "reviewed: 22/11/2026", article.read_text(), count=1)
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


def test_related_must_name_existing_pages(content_copy: Path) -> None:
    article = content_copy / "articles" / "hair-loss.md"
    set_front_matter(article, "related:\n  - app:article/no-such-page\n  - app:glossary/anaemia\n"
                              "  - app:article/hair-loss\n  - app:treatment/steroids\n"
                              "  - app:treatment/steroids")
    out = run_check(content_copy).stdout
    line = line_of(article, "related:")
    assert f"hair-loss.md:{line}: related: no article 'no-such-page'" in out
    assert "'app:glossary/anaemia' is not an app:article/<id> or app:treatment/<id>" in out
    assert "'app:article/hair-loss' is this page itself" in out
    assert "'app:treatment/steroids' is listed twice" in out
    assert "'related' lists 5 pages; at most 4" in out


def test_good_related_passes(content_copy: Path) -> None:
    set_front_matter(content_copy / "articles" / "hair-loss.md",
                     "related:\n  - app:article/feelings-and-mental-health\n"
                     "  - app:treatment/steroids")
    assert run_check(content_copy).returncode == 0


def test_asked_questions_are_questions(content_copy: Path) -> None:
    article = content_copy / "articles" / "hair-loss.md"
    set_front_matter(article, "asked:\n  - Will my hair fall out?\n  - will my HAIR fall out?\n"
                              "  - ''\n  - hair loss")
    out = run_check(content_copy).stdout
    line = line_of(article, "asked:")
    assert f"hair-loss.md:{line}: asked: 'will my HAIR fall out?' is listed twice" in out
    assert "asked: question 3 is empty" in out and "'hair loss' should end with '?'" in out


def test_start_here_names_existing_pages_with_a_reason(content_copy: Path) -> None:
    start = content_copy / "start-here.yaml"
    start.write_text(start.read_text() + "- page: app:article/no-such-page\n  why: Read it.\n"
                     "- page: app:article/what-is-all\n  why: Again.\n"
                     "- page: app:article/hair-loss\n")
    out = run_check(content_copy).stdout
    assert f"start-here.yaml:{line_of(start, 'no-such-page')}: start here: no article" in out
    assert "start here: 'app:article/what-is-all' is listed twice" in out
    assert f"start-here.yaml:{line_of(start, 'hair-loss')}: start here: " \
           "'app:article/hair-loss' needs a 'why' line" in out


def test_figure_tokens_must_name_a_figure(content_copy: Path) -> None:
    article = content_copy / "articles" / "hair-loss.md"
    add_body(article, "{{figure:no-such-figure}}.")
    result = run_check(content_copy)
    assert result.returncode == 1
    line = line_of(article, "no-such-figure")
    assert f"hair-loss.md:{line}: unknown figure 'no-such-figure'" in result.stdout


def test_numbers_written_by_hand_are_refused(content_copy: Path) -> None:
    article = content_copy / "articles" / "hair-loss.md"
    add_body(article, "About 45% of people lose hair.\n\nIt grows back for 9 in 10.\n\n"
                      "Three out of 4 like hats. One in a hundred do not. 20 per cent.")
    out = run_check(content_copy).stdout
    for needle, found in (("45%", "'45%'"), ("9 in 10", "'9 in 10'"),
                          ("Three out of 4", "'Three out of 4'")):
        assert f"hair-loss.md:{line_of(article, needle)}: number written by hand ({found})" in out
    # a year, an age or a day is not a statistic
    add_body(content_copy / "articles" / "tiredness.md",
             "Some people aged 15 in 2020 felt tired on day 8 of 28.")
    assert "tiredness.md" not in run_check(content_copy).stdout


def test_a_figure_checked_before_the_page_was_reviewed_fails(content_copy: Path) -> None:
    add_figure(content_copy, TEST_FIGURE.replace("2099-01-01", "2020-01-01"))
    article = content_copy / "articles" / "hair-loss.md"
    add_body(article, "{{figure:test-figure}}.")
    out = run_check(content_copy).stdout
    line = line_of(article, "{{figure:test-figure}}")
    assert f"hair-loss.md:{line}: figure 'test-figure' was checked on 2020-01-01, before " \
           "this page was reviewed" in out


def test_figure_entries_are_complete_and_safe(content_copy: Path) -> None:
    bad = (TEST_FIGURE.replace('  place: "England"\n', "")
           .replace("https://www.cancerresearchuk", "http://www.cancerresearchuk")
           .replace("2099-01-01", "soon"))
    figures = add_figure(content_copy, bad)
    out = run_check(content_copy).stdout
    line = len(figures.read_text().splitlines()) - len(bad.strip().splitlines()) + 1
    assert f"figures.yaml:{line}: figure 'test-figure' is missing 'place'" in out
    assert f"figures.yaml:{line}: figure 'test-figure': the source url must start with " \
           "https://" in out
    assert f"figures.yaml:{line}: figure 'test-figure': 'checked' must be a date" in out
    add_figure(content_copy, TEST_FIGURE.replace("test-figure", "test-figure-2")
               .replace("www.cancerresearchuk.org/x", "www.cancerresearchuk.org/x?utm_source=a"))
    assert "figure 'test-figure-2': source: 'https://www.cancerresearchuk.org/x?utm_source=a'" \
           " carries tracking" in run_check(content_copy).stdout


def test_one_figure_stated_twice_differently_fails(content_copy: Path) -> None:
    add_figure(content_copy)
    add_figure(content_copy, TEST_FIGURE.replace("test-figure", "test-figure-again")
               .replace("about 9 in 10", "almost 8 in 10"))
    out = run_check(content_copy).stdout
    assert "figure 'test-figure-again' states 'test-figure'" in out
    assert "differently: one figure, one entry" in out


GOOD_SOURCES = """sources:
  - name: "What is ALL?, Cancer Research UK"
    url: "https://www.cancerresearchuk.org/about-cancer/acute-lymphoblastic-leukaemia-all/about"
  - name: "Acute lymphoblastic leukaemia, NHS"
    url: "https://www.nhs.uk/conditions/acute-lymphoblastic-leukaemia/"
"""


def test_sources_that_would_not_hold_are_refused(content_copy: Path) -> None:
    article = content_copy / "articles" / "hair-loss.md"
    bad = {
        "http://www.cancer.gov/types/leukemia": "uses plain http",
        "https://main.stg.cruk.org/about-cancer": "is a staging, preview or internal host",
        "https://cruk-preview.frank-digital.com/x": "is a staging, preview or internal host",
        "https://www.int.bloodcancer.org.uk/x": "is a staging, preview or internal host",
        "https://www.lls.org/search/click?q=all": "is a tracking or search-click link",
        "https://www.nhs.uk/x?utm_source=news&utm_medium=email": "carries tracking",
        "https://bloodwise.org.uk/info-support": "is on a retired domain (Bloodwise",
        "https://www.clicsargent.org.uk/": "is on a retired domain",
    }
    entries = "".join(f'  - name: "A page"\n    url: "{url}"\n' for url in bad)
    set_front_matter(article, GOOD_SOURCES + entries)
    out = run_check(content_copy).stdout
    for number, (url, reason) in enumerate(bad.items(), start=3):
        line = line_of(article, url) - 1  # the entry starts on its name line
        assert f"hair-loss.md:{line}: source {number}: {url!r} {reason}" in out, url
    assert out.count("hair-loss.md") == len(bad)


def test_two_sources_from_trusted_publishers_are_required(content_copy: Path) -> None:
    article = content_copy / "articles" / "hair-loss.md"
    set_front_matter(article, GOOD_SOURCES.split("  - name: \"Acute")[0]
                     + '  - name: "A blog"\n    url: "https://example.org/hair"\n')
    out = run_check(content_copy).stdout
    line = line_of(article, "sources:")
    assert f"hair-loss.md:{line}: cite at least 2 good sources from " in out
    assert "found 1" in out
    set_front_matter(article, GOOD_SOURCES)
    assert "hair-loss.md" not in run_check(content_copy).stdout


def test_body_links_must_hold_too(content_copy: Path) -> None:
    article = content_copy / "articles" / "hair-loss.md"
    add_body(article, "See [this](http://www.nhs.uk/hair) and [that](https://bloodwise.org.uk/a).")
    out = run_check(content_copy).stdout
    line = line_of(article, "http://www.nhs.uk/hair")
    assert f"hair-loss.md:{line}: link: 'http://www.nhs.uk/hair' uses plain http" in out
    assert "link: 'https://bloodwise.org.uk/a' is on a retired domain" in out


def test_retired_domains_are_kept_as_content(content_copy: Path) -> None:
    retired = content_copy / "retired-domains.yaml"
    retired.write_text(retired.read_text() + '- domain: oldcharity.org.uk\n  why: "closed"\n')
    article = content_copy / "articles" / "hair-loss.md"
    set_front_matter(article, GOOD_SOURCES
                     + '  - name: "Old"\n    url: "https://www.oldcharity.org.uk/hair"\n')
    assert "'https://www.oldcharity.org.uk/hair' is on a retired domain (closed)" \
        in run_check(content_copy).stdout


def test_review_fields_are_required_and_honest(content_copy: Path) -> None:
    article = content_copy / "articles" / "hair-loss.md"
    remove_front_matter(article, "reviewer")
    tired = content_copy / "articles" / "tiredness.md"
    set_front_matter(tired, "reviewer: '  '\nreviewed: 2999-01-01\nnext_review: 3000-01-01")
    out = run_check(content_copy).stdout
    assert "hair-loss.md:1: front matter is missing 'reviewer'" in out
    assert f"tiredness.md:{line_of(tired, 'reviewer:')}: 'reviewer' must name a role" in out
    assert f"tiredness.md:{line_of(tired, 'reviewed:')}: 'reviewed' is 2999-01-01, in the " \
           "future" in out


def test_every_page_lists_at_least_three_questions(content_copy: Path) -> None:
    article = content_copy / "articles" / "hair-loss.md"
    set_front_matter(article, "asked:\n  - Will my hair fall out?\n  - Will it grow back?")
    out = run_check(content_copy).stdout
    line = line_of(article, "asked:")
    assert f"hair-loss.md:{line}: 'asked' lists 2 question(s): write at least 3" in out
    remove_front_matter(content_copy / "treatments" / "steroids.md", "asked")
    assert "steroids.md:1: front matter is missing 'asked'" in run_check(content_copy).stdout


def test_numbers_stay_out_of_summaries_and_glossary_meanings(content_copy: Path) -> None:
    article = content_copy / "articles" / "hair-loss.md"
    set_front_matter(article, "summary: Hair grows back for 9 in 10 people.")
    glossary = content_copy / "glossary" / "core.yaml"
    glossary.write_text(glossary.read_text()
                        + "\n- id: test-term\n  term: test term\n  meaning: Found in 1 in 100"
                          " people.\n  also: []\n")
    out = run_check(content_copy).stdout
    assert f"hair-loss.md:{line_of(article, 'summary:')}: number in the summary ('9 in 10')" \
        in out
    assert f"core.yaml:{line_of(glossary, 'id: test-term')}: number in the meaning of " \
           "'test-term' ('1 in 100')" in out


def test_an_image_in_an_article_is_refused_until_images_carry_alt_text(content_copy: Path
                                                                     ) -> None:
    """WCAG 1.1.1: an article image could reach a reader with no text alternative, so
    `db check` refuses every image in an article, with or without its words."""
    article = content_copy / "articles" / "what-is-all.md"
    article.write_text(article.read_text() + "\n![](marrow.png)\n")
    result = run_check(content_copy)
    assert result.returncode == 1
    line = line_of(article, "marrow.png")
    assert (f"what-is-all.md:{line}: image 'marrow.png': images are not supported in "
            "articles yet") in result.stdout
