"""Small edits to a temporary copy of the content, for tests that feed `db check` mistakes.

Five writers change the real pages all the time, so these helpers never assume what a page
holds: they set a field whatever was there, and add text at the end of a body.
"""

from __future__ import annotations

import re
from pathlib import Path

TEST_FIGURE = """
- id: test-figure
  value: "about 9 in 10"
  group: "children in a test"
  measure: "did well"
  place: "England"
  years: "diagnosed 2008 to 2010"
  source: {name: "A checked page, Cancer Research UK", url: "https://www.cancerresearchuk.org/x"}
  checked: 2099-01-01
"""


def set_front_matter(page: Path, lines: str) -> None:
    """Set front matter fields (replacing any the page already has), at its end."""
    front, body = page.read_text().split("\n---\n", 1)
    for key in re.findall(r"(?m)^([a-z_]+):", lines):
        front = re.sub(rf"(?m)^{key}:.*\n?(?:^[ -].*\n?)*", "", front)
    page.write_text(front.rstrip("\n") + "\n" + lines.rstrip("\n") + "\n---\n" + body)


def remove_front_matter(page: Path, key: str) -> None:
    front, body = page.read_text().split("\n---\n", 1)
    front = re.sub(rf"(?m)^{key}:.*\n?(?:^[ -].*\n?)*", "", front)
    page.write_text(front.rstrip("\n") + "\n---\n" + body)


def add_body(page: Path, text: str) -> None:
    """Add a paragraph at the end of a page's body."""
    page.write_text(page.read_text().rstrip("\n") + "\n\n" + text + "\n")


def add_figure(content: Path, entry: str = TEST_FIGURE) -> Path:
    """Append an entry to figures.yaml (making it if there is none yet)."""
    figures = content / "figures.yaml"
    figures.write_text((figures.read_text() if figures.exists() else "") + entry)
    return figures
