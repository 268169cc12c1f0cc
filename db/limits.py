"""Limits on the content sources: what the app could not show, refused with its line.

A 4,000-character address broke the app's QR drawing; 10,000 nested lists took 94 s and
707 MB to build; a 50 MB article got no verdict in 150 s; bidi override characters can
make a sentence read differently from how it is stored. So, before any Markdown or YAML
is parsed, a source file must be a regular file no bigger than its limit and nested no
deeper than its limit (`read_source`, used by db.sources), and every loaded text is then
searched for over-long addresses and bidi controls (`check_limits`, used by db.check).
Each check is one pass over the bytes: bounded time and memory whatever the file holds.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from db.problems import Problem

MAX_PAGE_BYTES = 200 * 1024  # an article or explainer; the longest today is about 20 KB
MAX_DATA_BYTES = 1024 * 1024  # a YAML file (glossary, questions, figures, diagram ...)
MAX_ADDRESS = 2000  # characters in one link, related page or source address
MAX_NESTING = 8  # lists and quotes inside each other in a page; flow [ { in YAML: 20
MAX_YAML_NESTING = 20
# bidi embedding, override and isolate controls, and the invisible direction marks
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ADDRESS = re.compile(r"(?:https?|mailto|app|tel|ftp):[^\s)\]>\"'`]+|\]\(\s*<?[^\s)>]+")
_MARKER = re.compile(r"(?:[-+*]|[0-9]{1,9}[.)])(?:[ \t]+|$)|>[ \t]?")
_FENCE = re.compile(r"[ \t]{0,3}(?:```|~~~)")


class SourceRefused(Exception):
    """A source file that must not be parsed; `problem` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _limit(path: Path) -> int:
    return MAX_PAGE_BYTES if path.suffix == ".md" else MAX_DATA_BYTES


def read_source(path: Path) -> str:
    """The text of a source file, or SourceRefused when it is not a regular file, is
    too big, or is nested too deeply to parse in bounded time. FileNotFoundError and
    UnicodeDecodeError pass through for the caller's own messages."""
    info = os.stat(path)  # before opening: a named pipe would block the open
    if not stat.S_ISREG(info.st_mode):
        raise SourceRefused(Problem(path, 1, "not a regular file (a folder, pipe or "
                                             "device); content must be plain files"))
    limit = _limit(path)
    if info.st_size > limit:
        raise SourceRefused(Problem(path, 1, f"file is {info.st_size:,} bytes; at most "
                                             f"{limit:,} (split the page)"))
    with path.open("rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise SourceRefused(Problem(path, 1, f"file is more than {limit:,} bytes"))
    text = data.decode("utf-8")
    deep = (_markdown_too_deep if path.suffix == ".md" else _yaml_too_deep)(text)
    if deep is not None:
        raise SourceRefused(Problem(path, *deep))
    return text


def _markdown_too_deep(text: str) -> tuple[int, str] | None:
    """The first line whose lists and quotes nest deeper than MAX_NESTING, found by
    indentation and markers alone (the Markdown parser never sees such a page)."""
    open_items: list[int] = []  # the content column of each list item still open
    fenced = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if _FENCE.match(raw):
            fenced = not fenced
            continue
        if fenced or not raw.strip():
            continue
        line = raw.expandtabs(4)
        position = len(line) - len(line.lstrip(" "))
        while open_items and position < open_items[-1]:
            open_items.pop()
        depth = len(open_items)
        while (match := _MARKER.match(line, position)) is not None:
            depth += 1
            position = match.end()
            if not match.group().startswith(">"):
                open_items.append(position)
            if depth > MAX_NESTING:
                return number, (f"lists or quotes nested {depth} deep; at most "
                                f"{MAX_NESTING}")
    return None


def _yaml_too_deep(text: str) -> tuple[int, str] | None:
    """The first line where YAML's [ and { (outside quotes) or its indentation nest
    deeper than MAX_YAML_NESTING."""
    depth, quote = 0, ""
    for number, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" "))
        if indent > 2 * MAX_YAML_NESTING and line.strip():
            return number, f"indented {indent} spaces deep; at most {2 * MAX_YAML_NESTING}"
        for character in line:
            if quote:
                quote = "" if character == quote else quote
            elif character in "\"'":
                quote = character
            elif character == "#":
                break
            elif character in "[{":
                depth += 1
                if depth > MAX_YAML_NESTING:
                    return number, (f"[ and {{ nested {depth} deep; at most "
                                    f"{MAX_YAML_NESTING}")
            elif character in "]}":
                depth = max(0, depth - 1)
        quote = "" if quote == "'" else quote  # a ' inside plain words ends at the line
    return None


def check_limits(texts: dict[Path, str]) -> list[Problem]:
    """Bidi controls and over-long addresses in every loaded source text, each with
    its line."""
    problems = []
    for path, text in texts.items():
        for number, line in enumerate(text.splitlines(), start=1):
            for match in BIDI.finditer(line):
                problems.append(Problem(path, number, (
                    f"invisible text-direction character U+{ord(match.group()):04X} at "
                    f"column {match.start() + 1}: it can make the words read differently "
                    "from how they are stored; delete it")))
            if len(line) <= MAX_ADDRESS:
                continue
            longest = max((m.group() for m in _ADDRESS.finditer(line)), key=len, default="")
            if len(longest) > MAX_ADDRESS:
                problems.append(Problem(path, number, (
                    f"an address of about {len(longest):,} characters (at most "
                    f"{MAX_ADDRESS:,}): {longest.lstrip('](<').strip()[:40]}...")))
    return problems
