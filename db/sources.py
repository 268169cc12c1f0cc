"""Loading the content sources into plain records that remember their file and line.

Loading never stops at the first problem: it collects each one as a Problem
(`file:line: message`), so `python -m db check` can report them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from db.diagram import SourceDiagram, load_diagram
from db.limits import SourceRefused, read_source
from db.problems import REPO_ROOT, Problem

CONTENT_DIR = REPO_ROOT / "resources" / "content"


def diagram_file(content_dir: Path) -> Path:
    """The diagram data sits beside the content folder: resources/diagram/cells.yaml."""
    return content_dir.parent / "diagram" / "cells.yaml"


@dataclass
class SourceDocument:
    """An article or treatment explainer as written: front matter and Markdown body."""

    kind: str
    id: str
    path: Path
    meta: dict[str, Any]
    meta_lines: dict[str, int]
    body: str
    body_line: int  # the file line on which the body starts
    # for front matter lists (sources, asked, related): the file line of each item
    item_lines: dict[str, list[int]] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.meta_lines.get(key, 1)

    def line_of_item(self, key: str, index: int) -> int:
        """The line of item `index` (0-based) of a front matter list, else of its key."""
        lines = self.item_lines.get(key, [])
        return lines[index] if index < len(lines) else self.line_of(key)


@dataclass
class SourceGlossaryEntry:
    id: str
    term: str
    meaning: str
    also: list[str]
    path: Path
    line: int


@dataclass
class SourceSection:
    id: str
    title: str
    summary: str
    path: Path
    line: int


@dataclass
class SourceQuestionList:
    id: str
    title: str
    questions: list[str]
    path: Path
    line: int


@dataclass
class SourceJourneyStep:
    lane_id: str
    lane_title: str
    treatment: str
    label: str
    when: str
    text: str
    path: Path
    line: int


@dataclass
class SourceFigure:
    """One statistic, approval or threshold, kept once in figures.yaml (see db/figures.py).

    `fields` is the entry as written, so the check can name each missing field."""

    id: str
    fields: dict[str, Any]
    path: Path
    line: int

    def text(self, key: str) -> str:
        return " ".join(str(self.fields.get(key) or "").split())


@dataclass
class SourceRetiredDomain:
    """A retired publisher's domain (retired-domains.yaml): no source or link may use it."""

    domain: str
    why: str
    path: Path
    line: int


@dataclass
class SourceStartHere:
    """One entry of "Just diagnosed? Start here": a page address and why to read it."""

    page: str
    why: str
    path: Path
    line: int


@dataclass
class SourceSynonymGroup:
    phrases: list[str]
    path: Path
    line: int


@dataclass
class ContentSources:
    root: Path
    sections: list[SourceSection] = field(default_factory=list)
    documents: list[SourceDocument] = field(default_factory=list)
    glossary: list[SourceGlossaryEntry] = field(default_factory=list)
    diagram: SourceDiagram | None = None
    question_lists: list[SourceQuestionList] = field(default_factory=list)
    journey_intro: str = ""
    journey: list[SourceJourneyStep] = field(default_factory=list)
    synonyms: list[SourceSynonymGroup] = field(default_factory=list)
    start_here: list[SourceStartHere] = field(default_factory=list)
    figures: list[SourceFigure] = field(default_factory=list)
    retired_domains: list[SourceRetiredDomain] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    # each file's text as it was read, so the content version hashes what was loaded even
    # when a writer saves a file during a build
    texts: dict[Path, str] = field(default_factory=dict)


def load_sources(root: Path = CONTENT_DIR) -> ContentSources:
    """Read every source file under `root`, collecting problems instead of raising."""
    sources = ContentSources(root=root)
    sections_file = root / "sections.yaml"
    for item, line in _yaml_list(sections_file, sources):
        sources.sections.append(
            SourceSection(
                id=str(item.get("id", "")),
                title=str(item.get("title", "")),
                summary=str(item.get("summary", "")),
                path=sections_file,
                line=line,
            )
        )
    for kind, folder in (("article", "articles"), ("treatment", "treatments")):
        for path in sorted((root / folder).glob("*.md")):
            document = _load_document(kind, path, sources)
            if document is not None:
                sources.documents.append(document)
    for path in sorted((root / "glossary").glob("*.yaml")):
        for item, line in _yaml_list(path, sources):
            also = item.get("also") or []
            sources.glossary.append(
                SourceGlossaryEntry(
                    id=str(item.get("id", "")),
                    term=str(item.get("term", "")),
                    meaning=" ".join(str(item.get("meaning", "")).split()),
                    also=[str(name) for name in also] if isinstance(also, list) else [],
                    path=path,
                    line=line,
                )
            )
    _load_questions(root / "questions.yaml", sources)
    _load_journey(root / "journey.yaml", sources)
    _load_synonyms(root / "synonyms.yaml", sources)
    figures_file = root / "figures.yaml"
    if figures_file.is_file():  # optional until the first figure is written
        for item, line in _yaml_list(figures_file, sources):
            sources.figures.append(
                SourceFigure(id=str(item.get("id", "")), fields=item, path=figures_file,
                             line=line))
    retired_file = root / "retired-domains.yaml"
    for item, line in _yaml_list(retired_file, sources):
        sources.retired_domains.append(SourceRetiredDomain(
            domain=str(item.get("domain", "")), why=str(item.get("why", "")),
            path=retired_file, line=line))
    start_file = root / "start-here.yaml"
    for item, line in _yaml_list(start_file, sources):
        sources.start_here.append(SourceStartHere(
            page=str(item.get("page", "")), why=" ".join(str(item.get("why", "")).split()),
            path=start_file, line=line))
    sources.diagram = load_diagram(diagram_file(root), sources.problems)
    if sources.diagram is not None:
        sources.files.append(sources.diagram.path)
    return sources


def _load_questions(path: Path, sources: ContentSources) -> None:
    for item, line in sorted(_yaml_list(path, sources), key=lambda pair: pair[0].get("order", 0)):
        questions = item.get("questions") or []
        sources.question_lists.append(
            SourceQuestionList(
                id=str(item.get("id", "")),
                title=str(item.get("title", "")),
                questions=[str(q) for q in questions] if isinstance(questions, list) else [],
                path=path,
                line=line,
            )
        )


def _load_journey(path: Path, sources: ContentSources) -> None:
    loaded = _yaml_file(path, sources)
    if loaded is None:
        return
    data, root = loaded
    if not isinstance(data, dict) or not isinstance(data.get("lanes"), list) or root is None:
        sources.problems.append(Problem(path, 1, "expected an intro and a list of lanes"))
        return
    sources.journey_intro = " ".join(str(data.get("intro", "")).split())
    lane_nodes = next(value for key, value in root.value if key.value == "lanes").value
    for lane, lane_node in zip(data["lanes"], lane_nodes, strict=True):
        step_nodes: list[yaml.Node] = next(
            (v.value for k, v in lane_node.value if k.value == "steps"), [])
        for step, step_node in zip(lane.get("steps") or [], step_nodes, strict=False):
            sources.journey.append(
                SourceJourneyStep(
                    lane_id=str(lane.get("id", "")),
                    lane_title=str(lane.get("title", "")),
                    treatment=str(step.get("treatment", "")),
                    label=str(step.get("label", "")),
                    when=str(step.get("when", "")),
                    text=str(step.get("text", "")),
                    path=path,
                    line=step_node.start_mark.line + 1,
                )
            )


def _load_synonyms(path: Path, sources: ContentSources) -> None:
    loaded = _yaml_file(path, sources)
    if loaded is None:
        return
    data, root = loaded
    if not isinstance(data, list) or root is None:
        sources.problems.append(Problem(path, 1, "expected a list of groups"))
        return
    for group, node in zip(data, root.value, strict=True):
        phrases = [str(p) for p in group] if isinstance(group, list) else []
        sources.synonyms.append(SourceSynonymGroup(phrases, path, node.start_mark.line + 1))


def _read(path: Path, sources: ContentSources) -> str | None:
    sources.files.append(path)
    try:
        text = read_source(path)  # db.limits: not a pipe, not too big, not nested too deep
    except SourceRefused as error:
        sources.problems.append(error.problem)
    except FileNotFoundError:
        sources.problems.append(Problem(path, 1, "file is missing"))
    except UnicodeDecodeError as error:
        sources.problems.append(Problem(path, 1, f"file is not UTF-8 text: {error.reason}"))
    else:
        sources.texts[path] = text
        return text
    return None


def _yaml_error(path: Path, error: yaml.YAMLError, offset: int = 0) -> Problem:
    mark = getattr(error, "problem_mark", None)
    line = (mark.line + 1 if mark else 1) + offset
    reason = getattr(error, "problem", None) or str(error)
    return Problem(path, line, f"YAML cannot be read: {reason}")


def _yaml_file(path: Path, sources: ContentSources) -> tuple[Any, yaml.Node | None] | None:
    """A YAML file's data and its node tree (for line numbers; None for an empty file),
    or None when it is missing, refused or not YAML (its problem is noted)."""
    text = _read(path, sources)
    if text is None:
        return None
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as error:
        sources.problems.append(_yaml_error(path, error))
        return None


def _yaml_list(path: Path, sources: ContentSources) -> list[tuple[dict[str, Any], int]]:
    """A YAML file holding a list of mappings, each with the line it starts on."""
    loaded = _yaml_file(path, sources)
    if loaded is None:
        return []
    data, node = loaded
    if not isinstance(data, list) or node is None:
        sources.problems.append(Problem(path, 1, "expected a list of entries"))
        return []
    items = []
    for item, item_node in zip(data, node.value, strict=True):
        line = item_node.start_mark.line + 1
        if isinstance(item, dict):
            items.append((item, line))
        else:
            sources.problems.append(Problem(path, line, "expected an entry with named fields"))
    return items


def _load_document(kind: str, path: Path, sources: ContentSources) -> SourceDocument | None:
    text = _read(path, sources)
    if text is None:
        return None
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        sources.problems.append(Problem(path, 1, "front matter missing: start with a '---' line"))
        return None
    try:
        closing = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        sources.problems.append(Problem(path, 1, "front matter never closed with '---'"))
        return None
    front = "\n".join(lines[1:closing])
    try:
        post = frontmatter.loads(text)
        node = yaml.compose(front)
    except yaml.YAMLError as error:
        sources.problems.append(_yaml_error(path, error, offset=1))
        return None
    except TypeError:  # python-frontmatter's own names: a field called 'content'
        sources.problems.append(Problem(path, 2, "front matter cannot have a field "
                                                 "named 'content' or 'handler'"))
        return None
    if not isinstance(post.metadata, dict) or not isinstance(node, yaml.MappingNode):
        sources.problems.append(Problem(path, 2, "front matter must be named fields"))
        return None
    meta_lines = {key.value: key.start_mark.line + 2 for key, _ in node.value}
    item_lines = {key.value: [item.start_mark.line + 2 for item in value.value]
                  for key, value in node.value if isinstance(value, yaml.SequenceNode)}
    return SourceDocument(
        kind=kind,
        id=path.stem,
        path=path,
        meta=dict(post.metadata),
        meta_lines=meta_lines,
        body="\n".join(lines[closing + 1 :]),
        body_line=closing + 2,
        item_lines=item_lines,
    )
