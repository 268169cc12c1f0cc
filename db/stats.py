"""Counts and reading grades of the content, for editors and for `python -m db stats`."""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from db.check import MIN_ASKED
from db.figures import expand
from db.links import family_of, host_of
from db.readability import grade_of_body
from db.sources import ContentSources


def publisher_of(url: str) -> str:
    """A trusted family's name, else the host without "www."."""
    return family_of(url) or host_of(url).removeprefix("www.") or "(no address)"


def _grades(values: list[tuple[float, str]]) -> dict[str, Any]:
    worst = max(values)
    return {"pages": len(values), "median": round(statistics.median(g for g, _ in values), 1),
            "worst": worst[0], "worst_page": worst[1]}


def content_stats(sources: ContentSources) -> dict[str, Any]:
    """How much content there is, where its sources come from, and its reading grade
    (median, worst) over all pages and per audience."""
    figures = {figure.id: figure for figure in sources.figures}
    grades: dict[str, list[tuple[float, str]]] = {}
    every: list[tuple[float, str]] = []
    publishers: Counter[str] = Counter()
    for document in sources.documents:
        grade = round(grade_of_body(expand(document.body, figures)), 1)
        every.append((grade, document.id))
        for audience in document.meta.get("audience") or []:
            grades.setdefault(audience, []).append((grade, document.id))
        for source in document.meta.get("sources") or []:
            if isinstance(source, dict):
                publishers[publisher_of(str(source.get("url", "")))] += 1
    asked = [len(d.meta.get("asked") or []) for d in sources.documents]
    diagram = sources.diagram
    return {
        "pages": len(sources.documents),
        "articles": sum(1 for d in sources.documents if d.kind == "article"),
        "explainers": sum(1 for d in sources.documents if d.kind == "treatment"),
        "glossary_terms": len(sources.glossary),
        "figures": len(sources.figures),
        "pages_using_figures": sum(1 for d in sources.documents if "{{figure:" in d.body),
        "asked_questions": sum(asked),
        "pages_with_fewer_than_3_asked": sum(1 for n in asked if n < MIN_ASKED),
        "start_here": len(sources.start_here),
        "synonym_groups": len(sources.synonyms),
        "synonyms": sum(len(group.phrases) for group in sources.synonyms),
        "cells": len(diagram.cells) if diagram else 0,
        "question_lists": len(sources.question_lists),
        "questions": sum(len(q.questions) for q in sources.question_lists),
        "journey_steps": len(sources.journey),
        "sources": sum(publishers.values()),
        "sources_by_publisher": dict(sorted(publishers.items(),
                                            key=lambda item: (-item[1], item[0]))),
        "reading_grade_all": _grades(every) if every else {},
        "reading_grade": {audience: _grades(values)
                          for audience, values in sorted(grades.items())},
    }
