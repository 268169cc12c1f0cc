"""Printing and saving as PDF: the page's content without the app around it.

An article or explainer prints with its title, sources, review dates and the content
version (ui/page_html.py already puts them on the page); the question list prints the
ticked and the reader's own questions, stage by stage, with room for the answers.

Every sheet gets a header (the page title, "ALL Guide") and a footer (content version,
the date printed, "Page N of M"). The document is paginated here, not by
QTextDocument.print_(), so the PDF, the print preview and the README picture are drawn
by one function, `paint_sheet`, on any paint device.

Saving a PDF goes through QPdfWriter only: QPrinter asks the local print service (CUPS,
port 631) for its printers as soon as it is made, and the app promises no network use.
QtPrintSupport is therefore imported only inside `open_print_preview`, when the reader
asks to print.
"""

from __future__ import annotations

import html
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QLineF,
    QLocale,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
)

from desktop_app.core.addresses import Address
from desktop_app.core.repository import ContentRepository
from desktop_app.core.session import ReaderSession
from desktop_app.ui import style
from desktop_app.ui.page_html import document_page_html

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

log = logging.getLogger(__name__)

MARGIN_MM = 18
LAYOUT_DPI = 96  # the document is laid out at 96 dpi on every device, then scaled
HEADER_ROOM = 36.0  # px at 96 dpi above the text: one small line, a rule and a gap
FOOTER_ROOM = 36.0  # the same below it
SMALL_TEXT_PX = 12  # header and footer text: 9 pt at 96 dpi
ALWAYS_BEFORE = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
_IMAGE_SOURCE = re.compile(r'<img[^>]*\ssrc="app:image/([^"]+)"')


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def long_date(value: date) -> str:
    """A date as patients read it, "1 December 2026", never an ISO date."""
    return QLocale().toString(value, "d MMMM yyyy")


@dataclass(frozen=True)
class Printable:
    """One page ready for paper: what goes on the sheets and in their headers/footers."""

    title: str  # the page title, e.g. "What is ALL?" or "My questions for the care team"
    html: str  # the page as HTML for a QTextDocument, links made paper-friendly
    content_version: str
    printed: date = field(default_factory=date.today)  # the date in every footer
    images: tuple[tuple[str, bytes], ...] = ()  # (name, data) for <img src="app:image/…">


@dataclass(frozen=True)
class SheetTexts:
    """The words around the text on one sheet (plain text, so tests can read them)."""

    header_left: str
    header_right: str
    footer_left: str
    footer_right: str


def sheet_texts(page: Printable, number: int, count: int) -> SheetTexts:
    """Header and footer of sheet `number` of `count`: every sheet says what it is and
    where it came from, so a loose sheet still makes sense."""
    return SheetTexts(
        header_left=page.title,
        header_right="ALL Guide",
        footer_left=_tr("Content version {v} · Printed {date}").format(
            v=page.content_version, date=long_date(page.printed)),
        footer_right=_tr("Page {n} of {m}").format(n=number, m=count),
    )


# What to print

def questions_html(repository: ContentRepository, session: ReaderSession,
                   printed: date | None = None) -> str:
    """The reader's chosen questions, ready to take to an appointment, with room under
    each one to write the answer."""
    escape = html.escape
    when = long_date(printed or date.today())
    parts = [f"<h1>{escape(_tr('My questions for the care team'))}</h1>",
             f"<p>{escape(_tr('Printed on {date}.').format(date=when))}</p>"]
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


def printable(repository: ContentRepository, session: ReaderSession,
              address: Address) -> Printable | None:
    """The page at `address` ready for paper, or None where there is nothing to print
    (home, search, the glossary...)."""
    today = date.today()
    version = repository.content_version
    if address.route in ("article", "treatment"):
        document = repository.document(address.route, address.target)
        if document is None:
            return None
        page_html = _paper_links(document_page_html(document, version, today))
        images = tuple((name, data) for name in dict.fromkeys(_IMAGE_SOURCE.findall(page_html))
                       if (data := repository.image(name)))
        return Printable(document.title, page_html, version, today, images)
    if address.route == "questions":
        return Printable(_tr("My questions for the care team"),
                         questions_html(repository, session, today), version, today)
    return None


def printable_html(repository: ContentRepository, session: ReaderSession,
                   address: Address) -> str | None:
    """Only the HTML of `printable` (what the sheets' text says)."""
    page = printable(repository, session, address)
    return page.html if page is not None else None


# Laying out the sheets

def page_layout() -> QPageLayout:
    """A4 portrait with 18 mm margins, for the PDF and as the printer's first choice."""
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                       QPageLayout.Unit.Millimeter)


def _to_layout_px(millimetres: float) -> float:
    return millimetres * LAYOUT_DPI / 25.4


@cache
def _layout_device() -> QImage:
    """What the printout is laid out for: pt sizes turn into pixels at 96 dpi whatever
    the screen, so every device gets the same line and page breaks. One for the whole
    run, so it outlives every document that refers to it (Qt keeps a bare pointer)."""
    device = QImage(1, 1, QImage.Format.Format_RGB32)
    device.setDotsPerMeterX(round(LAYOUT_DPI / 0.0254))
    device.setDotsPerMeterY(round(LAYOUT_DPI / 0.0254))
    return device


class Sheets:
    """One page laid out on sheets of a given size, in 96 dpi pixels: the body text is
    cut into page-high slices (QTextDocument moves a line that would straddle a cut to
    the next slice), with room above and below each slice for the header and footer."""

    def __init__(self, page: Printable, layout: QPageLayout) -> None:
        self.page = page
        inside = layout.paintRect(QPageLayout.Unit.Millimeter)
        self.size = QSizeF(_to_layout_px(inside.width()), _to_layout_px(inside.height()))
        self.body = QSizeF(self.size.width(),
                           max(self.size.height() - HEADER_ROOM - FOOTER_ROOM, 100.0))
        self.document = QTextDocument()
        self.document.documentLayout().setPaintDevice(_layout_device())
        self.document.setDefaultStyleSheet(style.document_style_sheet())
        self.document.setDefaultFont(style.application_font(1.0))
        for name, data in page.images:
            self.document.addResource(QTextDocument.ResourceType.ImageResource,
                                      QUrl(f"app:image/{name}"), QImage.fromData(data))
        self.document.setHtml(page.html)
        self.document.setDocumentMargin(0)  # the text lines up with the header's rule
        self.document.setPageSize(self.body)
        self._keep_together()
        self.count = max(self.document.pageCount(), 1)
        self.small_font = QFont(style.FONT_FAMILY)
        self.small_font.setPixelSize(SMALL_TEXT_PX)  # pixels scale with the painter

    def sheet_of(self, block: QTextBlock) -> int:
        """The sheet (from 0) a block of the text starts on."""
        top = self.document.documentLayout().blockBoundingRect(block).top()
        return int(top // self.body.height())

    def _keep_together(self) -> None:
        """What a reader should not have to turn a sheet for starts the next sheet
        instead: a heading left alone at the foot of a sheet, and a note box (a table)
        cut in two (QTextDocument knows no "keep with next" or "keep together")."""
        for _ in range(200):  # each pass moves one thing; no printout has 200
            heading, table = self._lone_heading(), self._cut_table()
            if heading is None and table is None:
                return
            # a change to a laid-out document is laid out again only in part (the rest
            # lazily, on a timer): no page size while the format changes, then a whole
            # new layout
            self.document.setPageSize(QSizeF())
            if heading is not None:
                moved = heading.blockFormat()
                moved.setPageBreakPolicy(ALWAYS_BEFORE)
                QTextCursor(heading).setBlockFormat(moved)
            else:
                boxed = table.frameFormat()
                boxed.setPageBreakPolicy(ALWAYS_BEFORE)
                table.setFrameFormat(boxed)
            self.document.setPageSize(self.body)

    def _lone_heading(self) -> QTextBlock | None:
        """The first heading whose next block starts on a later sheet, if any."""
        self.document.pageCount()  # finishes the layout, so every block has its place
        block = self.document.begin()
        while block.isValid():
            following = block.next()
            form = block.blockFormat()
            if (form.headingLevel() > 0 and following.isValid()
                    and form.pageBreakPolicy() != ALWAYS_BEFORE
                    and self.sheet_of(following) > self.sheet_of(block)):
                return block
            block = following
        return None

    def _cut_table(self) -> QTextFrame | None:
        """The first table (a note box) that runs over a cut but fits on one sheet."""
        self.document.pageCount()
        layout = self.document.documentLayout()
        height = self.body.height()
        for frame in self.document.rootFrame().childFrames():
            box = layout.frameBoundingRect(frame)
            if (frame.frameFormat().pageBreakPolicy() != ALWAYS_BEFORE
                    and box.height() < height * 0.9
                    and int(box.top() // height) != int((box.bottom() - 1) // height)):
                return frame
        return None

    def paint_sheet(self, painter: QPainter, index: int) -> None:
        """Sheet `index` (from 0), its top left corner at the painter's origin inside the
        margins, in 96 dpi pixels (the painter is scaled to the device already)."""
        width, body_height = self.body.width(), self.body.height()
        texts = sheet_texts(self.page, index + 1, self.count)
        painter.save()
        painter.setFont(self.small_font)
        metrics = QFontMetricsF(self.small_font)
        line = metrics.height()
        painter.setPen(QPen(QColor(style.MUTED), 0.75))
        rule_top = line + 6
        painter.drawLine(QLineF(0, rule_top, width, rule_top))
        rule_bottom = self.size.height() - line - 6
        painter.drawLine(QLineF(0, rule_bottom, width, rule_bottom))

        painter.setPen(QColor(style.INK))
        right = metrics.horizontalAdvance(texts.header_right)
        title = metrics.elidedText(texts.header_left, Qt.TextElideMode.ElideRight,
                                   width - right - 24)
        header = QRectF(0, 0, width, line)
        painter.drawText(header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, title)
        painter.drawText(header, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                         texts.header_right)
        footer = QRectF(0, self.size.height() - line, width, line)
        right = metrics.horizontalAdvance(texts.footer_right)
        left = metrics.elidedText(texts.footer_left, Qt.TextElideMode.ElideRight,
                                  width - right - 24)
        painter.setPen(QColor(style.MUTED))
        painter.drawText(footer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, left)
        painter.drawText(footer, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                         texts.footer_right)

        # the slice of the text that falls on this sheet
        painter.translate(0, HEADER_ROOM - index * body_height)
        view = QRectF(0, index * body_height, width, body_height)
        painter.setClipRect(view)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = view
        context.palette.setColor(QPalette.ColorRole.Text, QColor("black"))
        self.document.documentLayout().draw(painter, context)
        painter.restore()


def paint(page: Printable, device: QPagedPaintDevice) -> int:
    """Draw every sheet of `page` on a paged device (QPdfWriter, or the QPrinter of the
    print preview and of printing) in the device's own page layout; returns the number
    of sheets. Raises OSError if the device cannot be painted on."""
    sheets = Sheets(page, device.pageLayout())
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(_tr("The page could not be drawn for printing."))
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(device.logicalDpiX() / LAYOUT_DPI, device.logicalDpiY() / LAYOUT_DPI)
        for index in range(sheets.count):
            if index and not device.newPage():
                raise OSError(_tr("The printout could not start a new sheet."))
            sheets.paint_sheet(painter, index)
    finally:
        painter.end()
    return sheets.count


def pdf_bytes(page: Printable) -> bytes:
    """The page as a PDF (A4, 18 mm margins), made in memory by QPdfWriter."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(1200)
    writer.setPageLayout(page_layout())
    writer.setTitle(page.title)
    writer.setCreator("ALL Guide")
    paint(page, writer)
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())


def save_pdf(page: Printable, path: Path) -> None:
    """Write the page as a PDF file. Opens no socket (QPdfWriter, not QPrinter); the
    file is written by Python, so a folder that cannot be written to raises OSError with
    the system's own reason. A full disk leaves no half-written PDF behind: the file is
    written beside the target and renamed over it only when complete."""
    path = Path(path)
    data = pdf_bytes(page)
    partial = path.with_name(f".{path.name}.part")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise


def preview_image(page: Printable, width: int = 794) -> QImage:
    """The first printed sheet as a picture (A4 at 96 dpi is 794 px wide), drawn by the
    same code as the PDF: for the README and for checking by eye."""
    layout = page_layout()
    sheets = Sheets(page, layout)  # before the painter: a painter left open crashes Qt
    full = layout.fullRect(QPageLayout.Unit.Millimeter)
    inside = layout.paintRect(QPageLayout.Unit.Millimeter)
    scale = width / _to_layout_px(full.width())
    image = QImage(width, round(width * full.height() / full.width()),
                   QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(scale, scale)
        painter.translate(_to_layout_px(inside.left()), _to_layout_px(inside.top()))
        sheets.paint_sheet(painter, 0)
    finally:
        painter.end()
    return image


def open_print_preview(page: Printable, parent: QWidget) -> QDialog:
    """Qt's print preview of the page, opened without blocking (open(), not exec()).
    Its Print button asks for a printer and prints what the preview shows."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout())
    printer.setDocName(page.title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer_ = printer  # the dialog does not own a printer it is given
    dialog.setWindowTitle(_tr("Print preview: {title}").format(title=page.title))
    dialog.setAccessibleName(_tr("Print preview"))

    def draw(device: QPrinter) -> None:
        try:
            paint(page, device)
        except OSError as error:
            log.error("printing %s: %s", page.title, error)

    dialog.paintRequested.connect(draw)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog

