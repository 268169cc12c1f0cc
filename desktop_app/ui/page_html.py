"""The HTML page a reader sees for an article or explainer: title, body, sources, dates.

Built here (not in the database) because its labels are translated at run time; the body
itself arrives already rendered and cleaned by the content build.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QCoreApplication, QLocale

from desktop_app.core.models import Document


def _tr(text: str) -> str:
    return QCoreApplication.translate("ArticlePage", text)


def _long_date(value: date) -> str:
    return QLocale().toString(value, "d MMMM yyyy")


def document_page_html(document: Document, content_version: str, today: date) -> str:
    """The whole page for one document, as HTML for QTextBrowser."""
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
        + escape(_tr("Last reviewed {reviewed}. Next review due {due}. Content version {v}.")
                 .format(reviewed=_long_date(document.reviewed),
                         due=_long_date(document.next_review), v=content_version))
        + "</p>"
    )
    return "\n".join(parts)
