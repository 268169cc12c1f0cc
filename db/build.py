"""Building db/content.sqlite from the sources with sqlite-utils.

The build is all or nothing: it checks the sources first, writes a temporary file beside
the target and moves it into place only when complete. The same sources always give the
same bytes: rows go in sorted, nothing time-dependent is stored, and the file is vacuumed.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlite_utils

from db.check import check_sources
from db.diagram import SourceDiagram, diagram_rows
from db.figures import expand, figure_text, figures_used, next_review
from db.problems import REPO_ROOT, Problem
from db.render import html_to_text, links_in, markdown_to_html
from db.sources import CONTENT_DIR, ContentSources, SourceFigure, load_sources
from desktop_app.core import json_columns as js
from desktop_app.core.addresses import AddressError, parse_address
from desktop_app.core.content_format import APPLICATION_ID, CONTENT_FILE_NAME, SCHEMA_VERSION
from desktop_app.core.content_schema import SEARCH_INDEX, TABLES
from desktop_app.core.search import title_key
from desktop_app.core.spelling import fold_spelling, words_of

DEFAULT_TARGET = REPO_ROOT / "db" / CONTENT_FILE_NAME
# a row for the search index: kind, ref_id, title, summary, body, names, related_names, asked
SearchRow = tuple[str, str, str, str, str, str, str, str]


class BuildFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the content sources")
        self.problems = problems


@dataclass(frozen=True)
class BuildReport:
    path: Path
    content_version: str
    documents: int
    glossary_terms: int


def content_version(sources: ContentSources) -> str:
    """Latest review date plus a hash of every source file: changes whenever content does."""
    digest = hashlib.sha256()
    for path in sorted(set(sources.files)):
        digest.update(path.relative_to(sources.root.parent).as_posix().encode())
        loaded = sources.texts.get(path)
        data = loaded.encode("utf-8") if loaded is not None else path.read_bytes()
        digest.update(b"\0" + data + b"\0")
    reviewed = [str(d.meta.get("reviewed")) for d in sources.documents] or ["0000-00-00"]
    return f"{max(reviewed)}+{digest.hexdigest()[:10]}"


def build(content_dir: Path = CONTENT_DIR, target: Path = DEFAULT_TARGET) -> BuildReport:
    """Check the sources and, only if they are clean, write the database to `target`."""
    sources = load_sources(content_dir)
    problems = check_sources(sources)
    if problems:
        raise BuildFailed(problems)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        version = _write(sources, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return BuildReport(target, version, len(sources.documents), len(sources.glossary))


def _write(sources: ContentSources, path: Path) -> str:
    db = sqlite_utils.Database(path)
    # the tables as the content contract writes them (core/content_schema.py); sqlite-utils
    # then refuses any row with a column the contract does not have
    for table in TABLES:
        db.execute(table.create_sql())
    version = content_version(sources)
    db.table("meta").insert_all(
        [
            {"key": "content_version", "value": version},
            {"key": "schema_version", "value": str(SCHEMA_VERSION)},
        ]
    )
    db.table("sections").insert_all(
        {"id": s.id, "position": n, "title": s.title, "summary": s.summary}
        for n, s in enumerate(sources.sections, start=1)
    )
    glossary_names = {entry.id: [entry.term, *entry.also] for entry in sources.glossary}
    figures = {figure.id: figure for figure in sources.figures}
    documents: list[dict[str, object]] = []
    usage: list[dict[str, str]] = []
    search_rows: list[SearchRow] = []
    figure_usage: list[dict[str, str]] = []
    asked_rows: list[dict[str, object]] = []
    for document in sorted(sources.documents, key=lambda d: (d.kind, d.id)):
        meta = document.meta
        html = markdown_to_html(expand(document.body, figures))
        used_figures = figures_used(document, figures)
        figure_usage += [{"figure_id": f, "document_kind": document.kind,
                          "document_id": document.id} for f in used_figures]
        figures_due = min((due for f in used_figures
                           if (due := next_review(figures[f])) is not None), default=None)
        used_terms = _glossary_terms_linked(document.body)
        usage += [{"term_id": t, "document_kind": document.kind, "document_id": document.id}
                  for t in used_terms]
        documents.append(
            {
                "kind": document.kind,
                "id": document.id,
                "section_id": meta["section"],
                "position": meta.get("order", 0),
                "title": meta["title"],
                "summary": meta["summary"],
                "audience": js.AUDIENCE.encode(meta["audience"]),
                "html": html,
                "sources": js.SOURCES.encode(_page_sources(meta["sources"], used_figures,
                                                           figures)),
                "reviewed": _iso(meta["reviewed"]),
                "next_review": _iso(meta["next_review"]),
                "reviewer": str(meta.get("reviewer") or ""),
                "asked": js.ASKED.encode(str(q).strip() for q in meta.get("asked") or []),
                "related": js.RELATED.encode(str(a) for a in meta.get("related") or []),
                # the earliest next review of the figures it uses ("" if none)
                "figures_next_review": figures_due.isoformat() if figures_due else "",
            }
        )
        related = sorted({name for t in used_terms for name in glossary_names.get(t, [])})
        asked = [" ".join(str(q).split()) for q in meta.get("asked") or []]
        asked_rows += [{"kind": document.kind, "id": document.id, "position": n, "text": q}
                       for n, q in enumerate(asked, start=1)]
        search_rows.append(
            (document.kind, document.id, meta["title"], meta["summary"], html_to_text(html),
             "", " ".join(related), " ".join(asked))
        )
    db.table("documents").insert_all(documents)
    db.table("asked_questions").insert_all(asked_rows)
    db.table("glossary").insert_all(
        {"id": e.id, "term": e.term, "meaning": e.meaning, "also": js.ALSO.encode(e.also)}
        for e in sorted(sources.glossary, key=lambda e: e.id)
    )
    for entry in sorted(sources.glossary, key=lambda e: e.id):
        search_rows.append(
            ("glossary", entry.id, entry.term, entry.meaning, "", " ".join(entry.also), "", "")
        )
    db.table("glossary_usage").insert_all(
        sorted(usage, key=lambda u: (u["term_id"], u["document_kind"], u["document_id"]))
    )
    _write_figures(db, sources, figure_usage)
    search_rows += _write_questions(db, sources)
    _write_journey(db, sources)
    _write_synonyms(db, sources)
    _write_start_here(db, sources)
    if sources.diagram is not None:
        search_rows += _write_diagram(db, sources.diagram)
    _write_search_index(db, search_rows)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.vacuum()
    db.close()
    return version


def _write_questions(db: sqlite_utils.Database, sources: ContentSources) -> list[SearchRow]:
    """Question lists for each stage; returns their rows for the search index."""
    db.table("question_lists").insert_all(
        {"id": q.id, "position": n, "title": q.title}
        for n, q in enumerate(sources.question_lists, start=1)
    )
    db.table("questions").insert_all(
        {"list_id": q.id, "position": n, "text": text}
        for q in sources.question_lists for n, text in enumerate(q.questions, start=1)
    )
    return [("questions", q.id, q.title, "", " ".join(q.questions), "", "", "")
            for q in sources.question_lists]


def _write_journey(db: sqlite_utils.Database, sources: ContentSources) -> None:
    db.table("meta").insert({"key": "journey_intro", "value": sources.journey_intro})
    db.table("journey_steps").insert_all(
        {"position": n, "lane_id": s.lane_id, "lane_title": s.lane_title,
         "treatment_id": s.treatment, "label": s.label, "when_text": s.when, "text": s.text}
        for n, s in enumerate(sources.journey, start=1)
    )


def _write_synonyms(db: sqlite_utils.Database, sources: ContentSources) -> None:
    db.table("synonyms").insert_all(
        {"group_id": n, "phrase": " ".join(phrase.lower().split())}
        for n, group in enumerate(sources.synonyms, start=1) for phrase in group.phrases
    )


def _page_sources(listed: list[dict[str, str]], used_figures: list[str],
                  figures: dict[str, SourceFigure]) -> list[dict[str, str]]:
    """The page's own sources, then the source of each figure it states (once each): the
    reader sees where every number on the page comes from."""
    shown = [{"name": str(s["name"]), "url": str(s["url"])} for s in listed]
    urls = {s["url"].rstrip("/") for s in shown}
    for figure_id in used_figures:
        source = figures[figure_id].fields["source"]
        if str(source["url"]).rstrip("/") not in urls:
            shown.append({"name": str(source["name"]), "url": str(source["url"])})
            urls.add(str(source["url"]).rstrip("/"))
    return shown


def _write_figures(db: sqlite_utils.Database, sources: ContentSources,
                   usage: list[dict[str, str]]) -> None:
    """Every figure with its source and dates, and which pages use it."""
    db.table("figures").insert_all(
        {"id": f.id, "text": figure_text(f), "value": f.text("value"),
          "group_name": f.text("group"), "measure": f.text("measure"),
          "place": f.text("place"), "years": f.text("years"),
          "source_name": str(f.fields["source"]["name"]),
          "source_url": str(f.fields["source"]["url"]),
          "checked": _iso(f.fields["checked"]), "next_review": _iso(next_review(f))}
        for f in sorted(sources.figures, key=lambda f: f.id))
    db.table("figure_usage").insert_all(
        sorted(usage, key=lambda u: (u["figure_id"], u["document_kind"], u["document_id"])))


def _write_start_here(db: sqlite_utils.Database, sources: ContentSources) -> None:
    """"Just diagnosed? Start here", in its file's order."""
    rows = []
    for n, entry in enumerate(sources.start_here, start=1):
        address = parse_address(entry.page)
        rows.append({"position": n, "kind": address.route, "id": address.target,
                     "why": entry.why})
    db.table("start_here").insert_all(rows)


def _write_diagram(db: sqlite_utils.Database, diagram: SourceDiagram) -> list[SearchRow]:
    """The diagram tables; returns the cells' rows for the search index."""
    rows = diagram_rows(diagram)
    db.table("cells").insert_all(rows["cells"])
    db.table("diagram_views").insert_all(rows["diagram_views"])
    db.table("tour_steps").insert_all(rows["tour_steps"])
    return [
        ("cell", c["id"], c["name"], f"{c['medical_name']}. {c['does']}",
         f"{c['too_few']} {c['in_all']}", c["medical_name"], "", "")
        for c in rows["cells"]
    ]


def _write_search_index(db: sqlite_utils.Database, rows: list[SearchRow]) -> None:
    # `asked` (last, so the other columns keep their numbers for snippet() and bm25) holds
    # the questions a page answers in readers' own words
    columns = ("kind", "ref_id", "title", "summary", "body", "names", "related_names", "asked")
    db.table("search_documents").insert_all(
        # title_key lets a search put an entry titled exactly as typed first, in any
        # spelling; it comes before the long texts, so ranking reads it without them
        {"rowid": n, "kind": row[0], "ref_id": row[1], "title": row[2],
         "title_key": title_key(row[2]), **dict(zip(columns[3:], row[3:], strict=True))}
        for n, row in enumerate(rows, 1)
    )
    db.execute(SEARCH_INDEX.create_sql())
    db.execute(f"INSERT INTO {SEARCH_INDEX.name} ({SEARCH_INDEX.name}) VALUES ('rebuild')")
    variants = sorted(
        {
            (fold_spelling(word), word)
            for row in rows
            for text in row[2:]
            for word in words_of(text)
            if fold_spelling(word) != word
        }
    )
    db.table("spelling_variants").insert_all(
        {"folded": folded, "word": word} for folded, word in variants
    )
    # every word a search can match, for "did you mean" suggestions on misspellings
    vocabulary = sorted({word for row in rows for text in row[2:] for word in words_of(text)
                         if len(word) >= 3 and word.isalpha()})
    db.table("search_vocabulary").insert_all({"word": word} for word in vocabulary)


def _glossary_terms_linked(body: str) -> list[str]:
    terms = []
    for link in links_in(body):
        try:
            address = parse_address(link.href)
        except AddressError:
            continue
        if address.route == "glossary" and address.target and address.target not in terms:
            terms.append(address.target)
    return sorted(terms)


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
