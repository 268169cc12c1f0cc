"""Printing and saving as PDF: the page's content without the app around it.

An article or explainer prints with its title, sources, review dates and the content
version (ui/page_html.py already puts them on the page); the question list prints the
ticked and the reader's own questions, stage by stage.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from desktop_app.core.addresses import Address
from desktop_app.core.repository import ContentRepository
from desktop_app.core.session import ReaderSession
from desktop_app.ui import style
from desktop_app.ui.page_html import document_page_html


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def questions_html(repository: ContentRepository, session: ReaderSession) -> str:
    """The reader's chosen questions, ready to take to an appointment."""
    escape = html.escape
    parts = [f"<h1>{escape(_tr('My questions for the care team'))}</h1>",
             f"<p>{escape(_tr('Printed on {date}.').format(date=date.today().isoformat()))}"
             "</p>"]
    any_question = False
    for question_list in repository.question_lists():
        own = session.own_questions.get(question_list.id, [])
        chosen = [q for q in [*question_list.questions, *own]
                  if session.is_ticked(question_list.id, q)]
        if not chosen:
            continue
        any_question = True
        parts.append(f"<h2>{escape(question_list.title)}</h2><ul>")
        parts += [f"<li>{escape(q)}<br/><br/>"
                  f"{escape(_tr('Answer:'))} ______________________________</li>"
                  for q in chosen]
        parts.append("</ul>")
    if not any_question:
        parts.append(f"<p>{escape(_tr('No questions are ticked yet.'))}</p>")
    parts.append(f"<p>{escape(_tr('From ALL Guide, content version {v}.').format(v=repository.content_version))}</p>")  # noqa: E501
    return "\n".join(parts)


def _paper_links(page_html: str) -> str:
    """Links mean nothing on paper: in-app ones become plain words, outside ones keep
    their address in brackets so the reader can type it later."""
    def outside(match: re.Match[str]) -> str:
        address, words = match.group(1), match.group(2)
        return words if words in address else f"{words} ({address})"

    page_html = re.sub(r'<a href="app:[^"]*"[^>]*>(.*?)</a>', r"\1", page_html, flags=re.S)
    return re.sub(r'<a href="(https?://[^"]*)"[^>]*>(.*?)</a>', outside, page_html,
                  flags=re.S)


def printable_html(repository: ContentRepository, session: ReaderSession,
                   address: Address) -> str | None:
    """HTML for the page at `address`, or None where there is nothing to print."""
    if address.route in ("article", "treatment"):
        document = repository.document(address.route, address.target)
        if document is not None:
            return _paper_links(document_page_html(document, repository.content_version,
                                                   date.today()))
    if address.route == "questions":
        return questions_html(repository, session)
    return None


def _document(page_html: str) -> QTextDocument:
    document = QTextDocument()
    document.setDefaultStyleSheet(style.document_style_sheet())
    document.setDefaultFont(style.application_font(1.0))
    document.setHtml(page_html)
    return document


def _printer(printer: QPrinter) -> QPrinter:
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Portrait,
                                      QMarginsF(18, 18, 18, 18)))
    return printer


def save_pdf(page_html: str, path: Path) -> None:
    printer = _printer(QPrinter(QPrinter.PrinterMode.HighResolution))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    _document(page_html).print_(printer)


def preview_image(page_html: str, width: int = 794) -> QImage:
    """The first printed sheet as a picture (A4 at 96 dpi is 794 px wide), with the same
    margins, fonts and styles as the PDF: for the README and for checking by eye."""
    height = round(width * 297 / 210)
    margin = round(width * 18 / 210)
    document = _document(page_html)
    document.setPageSize(QSizeF(width - 2 * margin, height - 2 * margin))
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.translate(margin, margin)
    document.drawContents(painter, QRectF(0, 0, width - 2 * margin, height - 2 * margin))
    painter.end()
    return image


def print_with_dialog(page_html: str, parent: QWidget) -> bool:
    printer = _printer(QPrinter(QPrinter.PrinterMode.HighResolution))
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    _document(page_html).print_(printer)
    return True
