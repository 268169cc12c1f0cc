"""Counts and reading grades of the content, for editors and for `python -m db stats`."""

from __future__ import annotations

import statistics
from typing import Any

from db.readability import grade_of_body
from db.sources import ContentSources


def content_stats(sources: ContentSources) -> dict[str, Any]:
    """How much content there is, and its reading grade (median, worst) per audience."""
    grades: dict[str, list[tuple[float, str]]] = {}
    for document in sources.documents:
        grade = round(grade_of_body(document.body), 1)
        for audience in document.meta.get("audience") or []:
            grades.setdefault(audience, []).append((grade, document.id))
    diagram = sources.diagram
    return {
        "articles": sum(1 for d in sources.documents if d.kind == "article"),
        "explainers": sum(1 for d in sources.documents if d.kind == "treatment"),
        "glossary_terms": len(sources.glossary),
        "synonym_groups": len(sources.synonyms),
        "synonyms": sum(len(group.phrases) for group in sources.synonyms),
        "cells": len(diagram.cells) if diagram else 0,
        "question_lists": len(sources.question_lists),
        "questions": sum(len(q.questions) for q in sources.question_lists),
        "journey_steps": len(sources.journey),
        "reading_grade": {
            audience: {
                "pages": len(values),
                "median": round(statistics.median(g for g, _ in values), 1),
                "worst": max(values)[0],
                "worst_page": max(values)[1],
            }
            for audience, values in sorted(grades.items())
        },
    }
