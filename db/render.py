"""Markdown to the HTML subset QTextBrowser renders, done once at build time.

markdown-it-py parses (raw HTML switched off), a few renderer rules add what the reader
needs (a class on glossary and outside links, a named anchor on each heading), and nh3
cleans the result to an allowlist of tags, attributes and link schemes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "br", "blockquote", "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "class", "name"}, "img": {"src", "alt"}}
ALLOWED_SCHEMES = {"app", "https", "http", "mailto"}
OUTSIDE_SCHEMES = ("https:", "http:", "mailto:")


@dataclass(frozen=True)
class Link:
    href: str
    line: int  # line within the body (1-based)
    is_image: bool = False


def slugify(text: str) -> str:
    """A heading's anchor name: lowercase words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "part"


def _link_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if href.startswith("app:glossary/"):
        token.attrSet("class", "glossary")
    elif href.startswith(OUTSIDE_SCHEMES):
        token.attrSet("class", "outside")
    return str(self.renderToken(tokens, idx, options, env))


def _heading_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    inline = tokens[idx + 1]
    anchor = f'<a name="{slugify(inline.content)}"></a>'
    return str(self.renderToken(tokens, idx, options, env)) + anchor


def _markdown(html: bool = False) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": html, "linkify": False, "typographer": False})
    parser.add_render_rule("link_open", _link_open)
    parser.add_render_rule("heading_open", _heading_open)
    return parser


_PARSER = _markdown()
_PARSER_WITH_HTML = _markdown(html=True)


def markdown_to_html(body: str) -> str:
    """Render a Markdown body and clean it to the allowed HTML subset."""
    raw = _PARSER.render(body)
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,
        strip_comments=True,
    ).strip()


def links_in(body: str) -> list[Link]:
    """Every link and image address in a Markdown body, with its line."""
    found: list[Link] = []
    for token in _PARSER.parse(body):
        if token.type != "inline" or not token.children:
            continue
        first = token.map[0] if token.map else 0
        lines = body.splitlines()[first : token.map[1] if token.map else first + 1]
        for child in token.children:
            if child.type == "link_open":
                href, is_image = str(child.attrGet("href") or ""), False
            elif child.type == "image":
                href, is_image = str(child.attrGet("src") or ""), True
            else:
                continue
            offset = next((i for i, text in enumerate(lines) if href in text), 0)
            found.append(Link(href, first + offset + 1, is_image))
    return found


def raw_html_lines(body: str) -> list[int]:
    """Lines of a Markdown body that hold raw HTML (which the build would not show)."""
    found = []
    for token in _PARSER_WITH_HTML.parse(body):
        line = (token.map[0] if token.map else 0) + 1
        inline_html = any(c.type == "html_inline" for c in token.children or [])
        if token.type == "html_block" or (token.type == "inline" and inline_html):
            found.append(line)
    return found


def headings_in(body: str) -> list[tuple[int, str, int]]:
    """(level, text, line) for each heading in a Markdown body."""
    tokens = _PARSER.parse(body)
    return [
        (int(token.tag[1]), tokens[i + 1].content, (token.map[0] if token.map else 0) + 1)
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


_INLINE_TAGS = {"a", "strong", "em", "code"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _INLINE_TAGS:
            self.parts.append(" ")


def html_to_text(html: str) -> str:
    """The visible text of rendered HTML, for the search index."""
    collector = _TextCollector()
    collector.feed(html)
    return " ".join("".join(collector.parts).split())
