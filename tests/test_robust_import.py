"""Importing saved data is bounded and all or nothing (issue 15): a damaged, hostile or
huge file adds nothing, says why, and never crashes or hangs the laptop."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from desktop_app.core.user_data import (
    MAX_BOOKMARKS,
    MAX_TITLE,
    Imported,
    UserData,
    UserDataError,
)

ARTICLE = "app:article/what-is-all"
HEAD = '{"format": "all-guide-user-data", "version": 1, '


def export(**fields: object) -> str:
    return json.dumps({"format": "all-guide-user-data", "version": 1, **fields})


def good() -> dict[str, object]:
    return {"bookmarks": [{"address": ARTICLE, "title": "What is ALL?"}],
            "ticked_questions": [["diagnosis", "What type of ALL is it?"]],
            "own_questions": {"diagnosis": ["Can my sister stay the night?"]}}


@pytest.fixture()
def saved(tmp_path: Path):
    user_data = UserData(tmp_path / "user.sqlite")
    user_data.add_bookmark("app:article/treatment-overview", "Treatment")
    yield user_data
    user_data.close()


def state(user_data: UserData) -> tuple[object, ...]:
    return (user_data.bookmarks(), sorted(user_data.ticked_questions()),
            user_data.own_questions())


def test_a_good_export_says_what_it_added_by_kind(saved: UserData, tmp_path: Path) -> None:
    path = tmp_path / "moving.json"
    path.write_text(export(**good()), "utf-8")
    assert saved.import_counts(path) == Imported(bookmarks=1, ticked=1, questions=1)
    assert saved.import_from(path) == 0  # twice adds nothing
    assert saved.own_questions()["diagnosis"] == ["Can my sister stay the night?"]


BAD = [
    ("string version", HEAD.replace("1, ", '"1", ') + '"bookmarks": []}', "version"),
    ("bool version", HEAD.replace("1, ", "true, ") + '"bookmarks": []}', "version"),
    ("newer version", HEAD.replace("1, ", "2, ") + '"bookmarks": []}', "newer ALL Guide"),
    ("own_questions a list", export(own_questions=["a", "b"]), "own_questions"),
    ("own_questions a string", export(own_questions="abc"), "own_questions"),
    ("questions a string", export(own_questions={"diagnosis": "Will it hurt?"}),
     "not a list"),
    ("bookmarks a string", export(bookmarks="app:home"), "bookmarks is not a list"),
    ("bookmarks an object", export(bookmarks={"address": ARTICLE}), "not a list"),
    ("bookmark without title", export(bookmarks=[{"address": ARTICLE}]), "bookmark 1"),
    ("bookmark extra field", export(bookmarks=[{"address": ARTICLE, "title": "x",
                                                 "x": 1}]), "bookmark 1"),
    ("bookmark title a number", export(bookmarks=[{"address": ARTICLE, "title": 5}]),
     "title is not text"),
    ("bookmark to the web", export(bookmarks=[{"address": "https://example.org",
                                               "title": "x"}]), "not a page of ALL Guide"),
    ("bookmark to nowhere", export(bookmarks=[{"address": "app:nowhere/x", "title": "x"}]),
     "not a page of ALL Guide"),
    ("huge title", export(bookmarks=[{"address": ARTICLE, "title": "x" * (MAX_TITLE + 1)}]),
     "too long"),
    ("ticked a string", export(ticked_questions="diagnosis"), "not a list"),
    ("ticked triple", export(ticked_questions=[["a", "b", "c"]]), "ticked question 1"),
    ("ticked numbers", export(ticked_questions=[[1, 2]]), "not text"),
    ("duplicate key", HEAD + '"bookmarks": [], "bookmarks": []}', "written twice"),
    ("duplicate inner key", HEAD + '"bookmarks": [{"address": "app:home", "address": '
                                   '"app:home", "title": "x"}]}', "written twice"),
    ("NaN", HEAD + '"bookmarks": NaN}', "NaN"),
    ("unknown field", export(photos=3), "does not write"),
    ("NUL in a question", export(own_questions={"d": ["a\u0000b"]}), "NUL"),
    ("too many bookmarks", export(bookmarks=[{"address": f"app:article/a{n}", "title": "t"}
                                             for n in range(MAX_BOOKMARKS + 1)]),
     "at most 1,000"),
    ("20,000 bookmarks", export(bookmarks=[{"address": f"app:article/a{n}", "title": "t"}
                                           for n in range(20_000)]), "at most 1,000"),
    ("deep nesting", HEAD + '"bookmarks": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "Nothing was added"),
    ("not JSON", "{not json", "Nothing was added"),
    ("not UTF-8", b"\xff\xfe{}", "Nothing was added"),
    ("not an export", '{"photos": 3}', "not an ALL Guide export"),
    ("a list", "[]", "not an ALL Guide export"),
    # the last item is damaged: nothing before it may be added either
    ("good then bad", export(**{**good(), "ticked_questions": [["a", "b"], ["c"]]}),
     "ticked question 2"),
]


@pytest.mark.parametrize(("text", "words"), [case[1:] for case in BAD],
                         ids=[case[0] for case in BAD])
def test_a_bad_export_adds_nothing_and_says_why(saved: UserData, tmp_path: Path,
                                                text: str | bytes, words: str) -> None:
    path = tmp_path / "moving.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, "utf-8")
    before = state(saved)
    started = time.perf_counter()
    with pytest.raises(UserDataError) as raised:
        saved.import_counts(path)
    assert time.perf_counter() - started < 2.0
    message = str(raised.value)
    assert words in message and "moving.json" in message
    assert "Nothing was added" in message
    assert state(saved) == before


def test_a_string_never_becomes_one_question_per_character(saved: UserData,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "moving.json"
    path.write_text(export(own_questions={"diagnosis": "Will it hurt?"}), "utf-8")
    with pytest.raises(UserDataError):
        saved.import_from(path)
    assert saved.own_questions() == {}


@pytest.mark.parametrize("kind", ["pipe", "folder", "device", "huge"])
def test_files_that_are_not_exports_are_refused_at_once(saved: UserData, tmp_path: Path,
                                                        kind: str) -> None:
    path = tmp_path / "moving.json"
    if kind == "pipe":
        os.mkfifo(path)  # reading it would block for ever
        words = "named pipe"
    elif kind == "folder":
        path.mkdir()
        words = "folder"
    elif kind == "device":
        path = Path("/dev/zero")  # reading it would never end
        words = "device"
    else:
        with path.open("wb") as file:
            file.truncate(100 * 1024 * 1024)  # 100 MB, sparse
        words = "too big"
    started = time.perf_counter()
    with pytest.raises(UserDataError, match=words):
        saved.import_from(path)
    assert time.perf_counter() - started < 1.0


# Property-based: whatever JSON is in the file, an import either adds it all or raises
# UserDataError and changes nothing. Never any other exception.

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20)
_question = st.text(max_size=30)
_words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
_exports = st.fixed_dictionaries(
    {"format": st.just("all-guide-user-data"), "version": st.just(1)},
    optional={
        "bookmarks": st.lists(st.fixed_dictionaries(
            {"address": st.sampled_from([ARTICLE, "app:home", "app:saved",
                                         "app:glossary/mrd", "app:search?q=x"]),
             "title": _words}), max_size=4),
        "ticked_questions": st.lists(st.tuples(_words, _words).map(list), max_size=4),
        "own_questions": st.dictionaries(_words, st.lists(_words, max_size=3), max_size=3),
    })
_near_exports = st.fixed_dictionaries(
    {"format": st.just("all-guide-user-data") | st.text(max_size=5),
     "version": st.just(1) | _json},
    optional={
        "bookmarks": st.lists(st.fixed_dictionaries(
            {"address": st.sampled_from([ARTICLE, "app:home", "app:saved", "x", ""])
             | st.text(max_size=20), "title": _question | _json}) | _json, max_size=4)
        | _json,
        "ticked_questions": st.lists(st.lists(_question, min_size=1, max_size=3) | _json,
                                     max_size=4) | _json,
        "own_questions": st.dictionaries(_question, st.lists(_question, max_size=3) | _json,
                                         max_size=3) | _json,
    })


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_exports | _near_exports | _json)
def test_any_json_is_imported_whole_or_not_at_all(tmp_path: Path, data: object) -> None:
    user_data = UserData(Path(":memory:"))  # the same SQL, without a disk sync each time
    try:
        path = tmp_path / "any.json"
        path.write_text(json.dumps(data), "utf-8")
        before = state(user_data)
        try:
            added = user_data.import_counts(path)
        except UserDataError as error:
            assert "Nothing was added" in str(error) or "nothing was changed" in str(error)
            assert state(user_data) == before
        else:
            assert added.total >= 0
            event("imported")
            assert isinstance(data, dict) and data["format"] == "all-guide-user-data"
    finally:
        user_data.close()


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_bytes_are_a_message_or_an_import(saved: UserData, tmp_path: Path,
                                              raw: bytes) -> None:
    path = tmp_path / "bytes.json"
    path.write_bytes(raw)
    try:
        saved.import_from(path)
    except UserDataError as error:
        assert "bytes.json" in str(error)


# Through the real app: the reader is told, and the laptop goes on

def test_import_saved_from_a_named_pipe_says_so_at_once(start_app, tmp_path: Path) -> None:
    pipe = tmp_path / "moving.json"
    os.mkfifo(pipe)
    person = start_app("--import-saved", str(pipe))
    message = person.close_message()
    assert "named pipe" in message and "Nothing was added" in message
    person.click("My pages")
    assert person.sees("No bookmarks yet")


def test_the_import_button_says_why_nothing_was_added(start_app, tmp_path: Path) -> None:
    person = start_app("--page", ARTICLE)
    person.click("Bookmark this page")
    junk = tmp_path / "moving.json"
    junk.write_text(HEAD.replace("1, ", '"1", ') + '"own_questions": "abc"}', "utf-8")
    person.click("My pages")
    person.click("Import…")
    person.answer_file_dialog(junk)
    message = person.close_message()
    assert "moving.json is damaged" in message and "Nothing was added" in message
    person.click("My pages")
    assert person.sees("What is")
