"""The HTML page a reader sees for an article or explainer: title, body, sources, dates.

Built here (not in the database) because its labels are translated at run time; the body
itself arrives already rendered and cleaned by the content build. Who reviewed the page
is said in plain words with long dates; the content version (a hash) is not shown here:
it belongs on the About page and the printout footer.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QCoreApplication, QLocale

from desktop_app.core.models import Document
from desktop_app.core.review_signoff import PageSignoff, SignoffStatus, status_of


def _tr(text: str) -> str:
    return QCoreApplication.translate("ArticlePage", text)


def _long_date(value: date) -> str:
    return QLocale().toString(value, "d MMMM yyyy")


def review_line(document: Document, today: date, signoff: PageSignoff | None = None,
                site_name: str = "") -> str:
    """Who checked the page and when, in plain words: the hospital's sign-off when it
    covers this version of the page, else the editors' review."""
    if signoff is not None and status_of(signoff, document.reviewed, document.next_review,
                                         today) == SignoffStatus.SIGNED_OFF:
        site = signoff.site or site_name
        if site:
            return _tr("Reviewed for {site} by {role}, {date}.").format(
                site=site, role=signoff.reviewer, date=_long_date(signoff.signed))
        return _tr("Reviewed by {role}, {date}.").format(
            role=signoff.reviewer, date=_long_date(signoff.signed))
    if document.reviewer:
        return _tr("Reviewed {date} by {role}.").format(
            date=_long_date(document.reviewed), role=document.reviewer)
    return _tr("Reviewed {date}.").format(date=_long_date(document.reviewed))


def document_page_html(document: Document, content_version: str, today: date, *,
                       signoff: PageSignoff | None = None, site_name: str = "") -> str:
    """The whole page for one document, as HTML for QTextBrowser. `content_version` is
    kept for callers (the printout footer shows it); the screen does not. `signoff` is
    the site's sign-off of this page (ReviewSignoff.for_page), if any."""
    del content_version  # shown on the About page and the printout footer, not here
    escape = html.escape
    parts = [f"<h1>{escape(document.title)}</h1>",
             f'<p class="summary">{escape(document.summary)}</p>']
    if document.is_due_for_review(today):
        parts.append(
            '<table class="note" width="100%" cellpadding="10"><tr><td>'
            + escape(_tr("This page is due for review. The facts were checked on {date}; "
                         "some details may have changed since. Your care team can tell you "
                         "what is current.").format(date=_long_date(document.reviewed)))
            + "</td></tr></table>"
        )
    parts.append(document.html)
    parts.append(
        '<table class="note" width="100%" cellpadding="10"><tr><td>'
        + escape(_tr("ALL Guide gives general information, not medical advice. Your care "
                     "team knows your situation: ask them what applies to you."))
        + "</td></tr></table>"
    )
    parts.append(f"<h2>{escape(_tr('Sources checked'))}</h2><ul>")
    for source in document.sources:
        parts.append(f"<li>{escape(source.name)}<br/>"
                     f'<span class="muted">{escape(source.url)}</span></li>')
    parts.append("</ul>")
    parts.append(
        '<p class="meta">'
        + escape(review_line(document, today, signoff, site_name) + " "
                 + _tr("Next review due {due}.").format(due=_long_date(document.next_review)))
        + "</p>"
    )
    return "\n".join(parts)
