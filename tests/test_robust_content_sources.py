"""The content pipeline refuses what the app cannot show (issue 15), each with its line,
in bounded time: over-long addresses, deep nesting, huge pages, bidi controls, files
that are not files. And any front matter gives problems or none, never a crash."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import limits
from db.check import _check_front_matter, check_sources
from db.sources import CONTENT_DIR, ContentSources, _load_document, load_sources

PAGE = "articles/what-is-all.md"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the content (the snapshot the tests run on, when there is one)."""
    source = Path(os.environ.get("ALL_GUIDE_TEST_CONTENT", CONTENT_DIR))
    resources = tmp_path_factory.mktemp("sources") / "resources"
    shutil.copytree(source, resources / "content")
    shutil.copytree(source.parent / "diagram", resources / "diagram")
    return resources / "content"


@pytest.fixture()
def page(content: Path):
    """The path of one real page, put back as it was after the test."""
    path = content / PAGE
    original = path.read_bytes()
    yield path
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    path.write_bytes(original)


def problems_for(content: Path, path: Path) -> list[str]:
    started = time.perf_counter()
    problems = check_sources(load_sources(content))
    seconds = time.perf_counter() - started
    assert seconds < 30, f"db check took {seconds:.0f} s"
    return [f"{p.line}: {p.message}" for p in problems if p.path == path]


def _insert(path: Path, marker: str, text: str) -> int:
    """Put `text` on a new line after the first line holding `marker`; its line number."""
    lines = path.read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if marker in line) + 1
    lines.insert(at, text)
    path.write_text("\n".join(lines), "utf-8")
    return at + 1


def _body_line(path: Path) -> int:
    lines = path.read_text("utf-8").split("\n")
    return [i for i, line in enumerate(lines) if line.strip() == "---"][1] + 2


def test_the_real_content_is_within_every_limit(content: Path) -> None:
    sources = load_sources(content)
    assert [str(p) for p in sources.problems] == []
    assert limits.check_limits(sources.texts) == []


def test_a_4000_character_address_is_refused_with_its_line(content: Path, page: Path) -> None:
    address = "https://www.nhs.uk/" + "a" * 4000
    lines = page.read_text("utf-8").split("\n")
    body = _body_line(page)
    lines.insert(body, f"See [this page]({address}).")
    page.write_text("\n".join(lines), "utf-8")
    line = body + 1
    found = problems_for(content, page)
    assert any(p.startswith(f"{line}: an address of about 4,0") for p in found), found


def test_a_long_related_address_in_front_matter_is_refused(content: Path, page: Path) -> None:
    line = _insert(page, "related:", "  - app:article/" + "x" * 3000)
    found = problems_for(content, page)
    assert any(p.startswith(f"{line}: an address of about 3,0") for p in found), found


@pytest.mark.parametrize(("nesting", "words"), [
    ("".join("  " * n + "- item\n" for n in range(300)), "nested 9 deep"),
    ("- " * 10_000 + "x\n", "nested 9 deep"),
    ("> " * 10_000 + "x\n", "nested 9 deep"),
    ("1. " * 5_000 + "x\n", "nested 9 deep"),
])
def test_deep_nesting_is_refused_before_markdown_sees_it(content: Path, page: Path,
                                                         nesting: str, words: str) -> None:
    body = _body_line(page)
    text = page.read_text("utf-8").split("\n")
    page.write_text("\n".join(text[:body]) + "\n" + nesting, "utf-8")
    started = time.perf_counter()
    with pytest.raises(limits.SourceRefused) as refused:
        limits.read_source(page)
    assert time.perf_counter() - started < 1.0
    assert words in refused.value.problem.message
    assert refused.value.problem.line >= body
    assert any(words in p for p in problems_for(content, page))


def test_eight_levels_of_lists_are_fine(page: Path) -> None:
    body = _body_line(page)
    text = page.read_text("utf-8").split("\n")
    page.write_text("\n".join(text[:body]) + "\n"
                    + "".join("  " * n + "- item\n" for n in range(8)), "utf-8")
    limits.read_source(page)


@pytest.mark.parametrize("size", [limits.MAX_PAGE_BYTES + 1, 50 * 1024 * 1024])
def test_a_huge_page_gets_its_verdict_at_once(content: Path, page: Path, size: int) -> None:
    with page.open("r+b") as file:
        file.truncate(size)  # sparse: no time spent writing it
    started = time.perf_counter()
    found = problems_for(content, page)
    assert any(p.startswith("1: file is") and "at most 204,800" in p for p in found), found
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize("character", ["\u202e", "\u202d", "\u2066", "\u2069", "\u200f"])
def test_bidi_controls_are_refused_with_their_line(content: Path, page: Path,
                                                   character: str) -> None:
    line = _body_line(page) + 2
    lines = page.read_text("utf-8").split("\n")
    lines[line - 1] = "Your care team " + character + "will explain."
    page.write_text("\n".join(lines), "utf-8")
    found = problems_for(content, page)
    assert f"{line}: invisible text-direction character U+{ord(character):04X} at column " \
           "16: it can make the words read differently from how they are stored; delete " \
           "it" in found


def test_bidi_controls_in_yaml_are_refused_too(content: Path) -> None:
    glossary = sorted((content / "glossary").glob("*.yaml"))[0]
    original = glossary.read_bytes()
    try:
        text = original.decode("utf-8").replace("meaning:", "meaning: \u202e", 1)
        glossary.write_text(text, "utf-8")
        line = next(n for n, row in enumerate(text.split("\n"), 1) if "\u202e" in row)
        found = problems_for(content, glossary)
        assert any(p.startswith(f"{line}: invisible text-direction character U+202E")
                   for p in found), found
    finally:
        glossary.write_bytes(original)


@pytest.mark.parametrize("kind", ["pipe", "folder"])
def test_a_page_that_is_not_a_file_is_refused_at_once(content: Path, page: Path,
                                                      kind: str) -> None:
    page.unlink()
    if kind == "pipe":
        os.mkfifo(page)  # reading it would block db check for ever
    else:
        page.mkdir()
    found = problems_for(content, page)
    assert any("not a regular file" in p for p in found), found


def test_deep_yaml_is_refused_before_it_is_parsed(content: Path) -> None:
    questions = content / "questions.yaml"
    original = questions.read_bytes()
    try:
        questions.write_text("- " + "[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
        started = time.perf_counter()
        with pytest.raises(limits.SourceRefused, match="nested 21 deep"):
            limits.read_source(questions)
        assert time.perf_counter() - started < 1.0
        assert any("nested 21 deep" in p for p in problems_for(content, questions))
    finally:
        questions.write_bytes(original)


# Property-based: whatever a writer puts in the front matter, `db check` gives problems
# with lines, or none, and never an uncaught exception.

_scalar = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
           | st.text(max_size=30) | st.dates())
_value = st.recursive(_scalar, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
_fields = ["title", "summary", "section", "audience", "sources", "reviewed", "next_review",
           "asked", "reviewer", "related", "order"]
_front = st.dictionaries(st.sampled_from(_fields) | st.text(max_size=8), _value, max_size=8)


@pytest.fixture(scope="module")
def loaded(content: Path) -> ContentSources:
    return load_sources(content)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=_front | st.text(max_size=200).map(lambda text: {"raw": text}))
def test_any_front_matter_gives_problems_or_none(tmp_path: Path, loaded: ContentSources,
                                                 front: dict[str, object]) -> None:
    path = tmp_path / "articles" / "any-page.md"
    path.parent.mkdir(exist_ok=True)
    if set(front) == {"raw"}:
        header = str(front["raw"])
    else:
        header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{header}\n---\nSome words for the body.\n", "utf-8")
    before = len(loaded.problems)
    try:
        document = _load_document("article", path, loaded)
        problems = [] if document is None else _check_front_matter(document, loaded)
        for problem in [*problems, *loaded.problems[before:]]:
            assert problem.path == path and problem.line >= 1 and problem.message
    finally:
        del loaded.problems[before:]


def test_a_diagram_file_that_is_a_pipe_is_refused_at_once(content: Path) -> None:
    """The diagram data goes through the same refusal as the pages: a named pipe in its
    place would block `db check` and the build for ever."""
    cells = content.parent / "diagram" / "cells.yaml"
    original = cells.read_bytes()
    cells.unlink()
    os.mkfifo(cells)
    try:
        found = problems_for(content, cells)
        assert any("not a regular file" in p for p in found), found
    finally:
        cells.unlink()
        cells.write_bytes(original)
