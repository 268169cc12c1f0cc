"""`python -m db review-status`: which pages a hospital has not signed off, or are overdue.

Reads the content sources (each page's own review dates, and those of the figures it
uses) and the site's sign-off file (desktop_app/core/review_signoff.py), and lists every
page that needs a reviewer's attention, most urgent first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from db.figures import as_date, figures_used, next_review
from db.sources import ContentSources
from desktop_app.core.review_signoff import (
    ReviewSignoff,
    SignoffStatus,
    load_signoff,
    status_of,
)

_URGENCY = [SignoffStatus.PAGE_OVERDUE, SignoffStatus.SIGNOFF_OVERDUE, SignoffStatus.STALE,
            SignoffStatus.NOT_SIGNED_OFF, SignoffStatus.SIGNED_OFF]


@dataclass(frozen=True)
class PageStatus:
    address: str
    title: str
    status: SignoffStatus
    reviewed: date
    due: date  # the page's next review, or a figure's if sooner
    signed: date | None


def page_statuses(sources: ContentSources, signoff: ReviewSignoff,
                  today: date) -> list[PageStatus]:
    """Every page with its sign-off status, most urgent first, then by address."""
    figures = {figure.id: figure for figure in sources.figures}
    found = []
    for document in sources.documents:
        reviewed = as_date(document.meta.get("reviewed"))
        due = as_date(document.meta.get("next_review"))
        if reviewed is None or due is None:
            continue  # `db check` reports these
        figure_dues = [next_review(figures[f]) for f in figures_used(document, figures)]
        due = min([due, *[d for d in figure_dues if d is not None]])
        page = signoff.for_page(document.kind, document.id)
        found.append(PageStatus(
            f"app:{document.kind}/{document.id}", str(document.meta.get("title", "")),
            status_of(page, reviewed, due, today), reviewed, due,
            page.signed if page else None))
    return sorted(found, key=lambda p: (_URGENCY.index(p.status), p.address))


def review_status(sources: ContentSources, signoff_path: Path | None,
                  today: date) -> tuple[ReviewSignoff, list[PageStatus]]:
    known = {(document.kind, document.id) for document in sources.documents}
    signoff = load_signoff(signoff_path, today=today, known_pages=known)
    return signoff, page_statuses(sources, signoff, today)


def describe(page: PageStatus) -> str:
    """One line for the terminal."""
    if page.status == SignoffStatus.PAGE_OVERDUE:
        detail = f"due {page.due.isoformat()}"
    elif page.status == SignoffStatus.STALE and page.signed:
        detail = f"signed {page.signed.isoformat()}, page reviewed {page.reviewed.isoformat()}"
    elif page.status == SignoffStatus.SIGNOFF_OVERDUE and page.signed:
        detail = f"signed {page.signed.isoformat()}"
    else:
        detail = f"page reviewed {page.reviewed.isoformat()}"
    return f"{page.address:44} {page.status.value} ({detail})"
