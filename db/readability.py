"""Reading-grade measurement shared by `python -m db check` and content editors.

The grade is Flesch-Kincaid, computed by textstat over the *prose* of an article: its
paragraphs and list items, with headings left out and every block closed as a sentence
(a list item without a full stop would otherwise run into the next one and inflate the
grade). Run `python -m db.readability FILE...` to see a file's grade while writing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import frontmatter
import textstat
from markdown_it import MarkdownIt

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"[*_`]")


def prose_blocks(markdown_body: str, *, list_items: bool = True) -> list[tuple[int, str]]:
    """Return (line number within the body, plain text) for each paragraph and list item."""
    tokens = MarkdownIt("commonmark").parse(markdown_body)
    blocks: list[tuple[int, str]] = []
    for index in range(1, len(tokens)):
        token, previous = tokens[index], tokens[index - 1]
        if token.type != "inline" or previous.type != "paragraph_open":
            continue
        in_list = index >= 2 and tokens[index - 2].type == "list_item_open"
        if in_list and not list_items:
            continue
        text = _EMPHASIS.sub("", _LINK.sub(r"\1", token.content)).strip()
        text = " ".join(text.split())
        if not text:
            continue
        if text[-1] not in ".!?:":
            text += "."
        line = (token.map[0] if token.map else 0) + 1
        blocks.append((line, text))
    return blocks


def grade_of_text(text: str) -> float:
    """Flesch-Kincaid grade of plain text."""
    return float(textstat.flesch_kincaid_grade(text))


def grade_of_body(markdown_body: str) -> float:
    """Flesch-Kincaid grade of an article body's prose."""
    return grade_of_text(" ".join(text for _, text in prose_blocks(markdown_body)))


def main(paths: list[str]) -> int:
    for name in paths:
        post = frontmatter.load(name)
        blocks = prose_blocks(post.content)
        overall = grade_of_body(post.content)
        words = sum(len(text.split()) for _, text in blocks)
        print(f"{Path(name).name}: grade {overall:.1f}, {words} words")
        for line, text in blocks:
            grade = grade_of_text(text)
            if grade > 9:
                print(f"  body line {line}: grade {grade:.1f}: {text[:70]}…")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
