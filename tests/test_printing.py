"""Printouts and PDFs: real PDF files on A4 with the page title, "ALL Guide", "Page N of M",
the content version and the date in words on every sheet; saved without the print
service (no socket but Unix ones, no QtPrintSupport, no libcups); the question list with
room for answers; and Print opening a preview from the real app's button."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QImage

from desktop_app.core.addresses import parse_address
from desktop_app.core.repository import ContentRepository
from desktop_app.core.session import ReaderSession
from desktop_app.ui import printing

REPO_ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "app:article/what-is-all"
A4_POINTS = (595, 842)
MARGIN_PX = round(18 / 25.4 * 96)  # 18 mm at 96 dpi, in a 794 px wide preview


@pytest.fixture(autouse=True)
def english_dates(qapp):
    """Month names in English whatever the machine's locale (the app is English)."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


def article(repository: ContentRepository, printed: date | None = None) -> printing.Printable:
    page = printing.printable(repository, ReaderSession(), parse_address(ARTICLE))
    assert page is not None
    if printed is not None:
        page = printing.Printable(page.title, page.html, page.content_version, printed)
    return page


def long_page(paragraphs: int = 40) -> printing.Printable:
    """A page of a known, long length: many sheets, whatever the real content says."""
    body = "".join(f"<p>Paragraph {n}. " + "Words that fill a line of text. " * 12 + "</p>"
                   for n in range(paragraphs))
    return printing.Printable("A long page", f"<h1>A long page</h1>{body}", "v-test",
                              date(2026, 12, 1))


def pdf_page_count(data: bytes) -> int:
    """Sheets in a PDF: pypdf if it is installed, else the /Type /Page objects."""
    try:
        import pypdf
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    import io

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def pdf_text(path: Path) -> list[str] | None:
    """The text of each sheet, when poppler's pdftotext is here (QPdfWriter compresses
    its streams, so the bytes cannot be searched)."""
    if shutil.which("pdftotext") is None:
        return None
    done = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                          text=True, check=True, timeout=60)
    return done.stdout.split("\f")[:-1]


def ink(image: QImage, left: int, top: int, right: int, bottom: int) -> int:
    """How many pixels in the box are not white (something is drawn there)."""
    count = 0
    for y in range(top, bottom):
        for x in range(left, right):
            if image.pixelColor(x, y).lightness() < 200:
                count += 1
    return count


# What goes on paper

def test_an_article_is_printable_with_its_title_sources_and_paper_links(
        repository: ContentRepository) -> None:
    page = article(repository)
    assert page.title == "What is ALL?"
    assert page.content_version == repository.content_version
    assert page.printed == date.today()
    document = repository.document("article", "what-is-all")
    assert document is not None
    assert f"<h1>{document.title}</h1>" in page.html
    assert printing.long_date(document.next_review) in page.html  # review dates in words
    for source in document.sources:  # an address to type in later, on paper
        assert html.escape(source.url) in page.html
    assert 'href="app:' not in page.html  # links mean nothing on paper
    assert "<a href=" not in page.html


@pytest.mark.parametrize("address", ["app:home", "app:glossary", "app:search?q=marrow",
                                     "app:article/no-such-page"])
def test_pages_without_a_printout_give_none(repository: ContentRepository,
                                            address: str) -> None:
    assert printing.printable(repository, ReaderSession(), parse_address(address)) is None


def test_the_question_list_prints_the_ticked_and_own_questions_with_room_to_answer(
        repository: ContentRepository) -> None:
    lists = repository.question_lists()
    first, last = lists[0], lists[-1]
    session = ReaderSession()
    session.set_ticked(first.id, first.questions[0], True)
    own = session.add_question(last.id, "Can my sister stay the night?")
    assert own is not None
    page = printing.printable(repository, session, parse_address("app:questions"))
    assert page is not None
    assert page.title == "My questions for the care team"
    assert "<h1>My questions for the care team</h1>" in page.html
    assert f"Printed on {printing.long_date(date.today())}." in page.html
    assert date.today().isoformat() not in page.html.replace(repository.content_version, "")
    assert first.questions[0] in page.html and own in page.html
    assert first.questions[1] not in page.html  # not ticked
    assert first.title in page.html and last.title in page.html
    assert page.html.count("Answer:") == 2


def test_an_empty_question_list_says_so_on_one_sheet(repository: ContentRepository) -> None:
    page = printing.printable(repository, ReaderSession(), parse_address("app:questions"))
    assert page is not None and "No questions are ticked yet." in page.html
    assert printing.Sheets(page, printing.page_layout()).count == 1


def test_every_sheet_names_the_page_the_app_the_sheet_the_version_and_the_date() -> None:
    page = long_page()
    assert printing.sheet_texts(page, 2, 5) == printing.SheetTexts(
        header_left="A long page", header_right="ALL Guide",
        footer_left="Content version v-test · Printed 1 December 2026",
        footer_right="Page 2 of 5")


NOTE_BOX = ('<table class="note" width="100%" cellpadding="10"><tr><td>'
            + "A note for the reader to keep whole. " * 8 + "</td></tr></table>")


def test_no_heading_is_left_alone_and_no_note_box_is_cut_at_a_sheets_foot(
        monkeypatch: pytest.MonkeyPatch) -> None:
    body = "".join(f"<h2>Part {n}</h2><p>" + "Words that fill a line of text. " * (3 * (n % 7) + 1)
                   + "</p>" + (NOTE_BOX if n % 3 == 0 else "") for n in range(80))
    page = printing.Printable("Parts", body, "v-test", date(2026, 12, 1))

    def lone_headings(sheets: printing.Sheets) -> list[str]:
        lone, block = [], sheets.document.begin()
        while block.isValid():
            following = block.next()
            if (block.blockFormat().headingLevel() and following.isValid()
                    and sheets.sheet_of(following) > sheets.sheet_of(block)):
                lone.append(block.text())
            block = following
        return lone

    def cut_boxes(sheets: printing.Sheets) -> int:
        layout, height = sheets.document.documentLayout(), sheets.body.height()
        boxes = [layout.frameBoundingRect(f) for f in sheets.document.rootFrame().childFrames()]
        assert len(boxes) == 27
        return sum(int(b.top() // height) != int((b.bottom() - 1) // height) for b in boxes)

    sheets = printing.Sheets(page, printing.page_layout())
    assert sheets.count > 5
    assert lone_headings(sheets) == [] and cut_boxes(sheets) == 0
    last = sheets.document.lastBlock()
    assert last.layout().lineCount() > 0  # laid out to the end, not lazily in part
    assert sheets.sheet_of(last) == sheets.count - 1
    # this page does cut boxes and strand headings when nothing keeps them together
    monkeypatch.setattr(printing.Sheets, "_keep_together", lambda self: None)
    loose = printing.Sheets(page, printing.page_layout())
    assert lone_headings(loose) != [] and cut_boxes(loose) > 0


# The PDF

def test_save_pdf_writes_a_real_a4_pdf_with_every_sheet(tmp_path: Path) -> None:
    page = long_page()
    expected = printing.Sheets(page, printing.page_layout()).count
    assert expected >= 3
    target = tmp_path / "long.pdf"
    printing.save_pdf(page, target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert pdf_page_count(data) == expected
    sizes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert sizes and all(round(float(w)) == A4_POINTS[0] and round(float(h)) == A4_POINTS[1]
                         for w, h in sizes)
    sheets = pdf_text(target)
    if sheets is not None:  # poppler is installed: read the words on every sheet
        assert len(sheets) == expected
        for number, text in enumerate(sheets, start=1):
            assert "A long page" in text and "ALL Guide" in text
            assert f"Page {number} of {expected}" in text
            assert "Content version v-test" in text and "Printed 1 December 2026" in text
        # nothing lost at the cuts. Qt draws the line just above a cut once more, outside
        # the clip (QTextLayout::draw), so it is invisible but in the text: at most one
        # line a cut
        found = [int(n) for n in re.findall(r"Paragraph (\d+)\.", "".join(sheets))]
        assert sorted(set(found)) == list(range(40)) and found == sorted(found)
        assert len(found) - 40 <= expected - 1


def test_an_article_pdf_carries_its_title_and_footer(repository: ContentRepository,
                                                     tmp_path: Path) -> None:
    page = article(repository)
    target = tmp_path / "what-is-all.pdf"
    printing.save_pdf(page, target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf_page_count(data) == printing.Sheets(page, printing.page_layout()).count
    sheets = pdf_text(target)
    if sheets is not None:
        assert all("What is ALL?" in s and "ALL Guide" in s for s in sheets)
        assert f"Page {len(sheets)} of {len(sheets)}" in sheets[-1]
        assert f"Content version {repository.content_version}" in sheets[-1]


def test_save_pdf_raises_oserror_where_it_cannot_write(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        printing.save_pdf(long_page(3), tmp_path / "no-such-folder" / "page.pdf")
    in_the_way = tmp_path / "page.pdf"
    in_the_way.mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(OSError):
        printing.save_pdf(long_page(3), in_the_way)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.pdf"]  # no partial file


def test_save_pdf_replaces_an_older_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "page.pdf"
    target.write_bytes(b"an older file " * 10_000)
    printing.save_pdf(long_page(3), target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and b"an older file" not in data


# The picture of the first sheet

def test_the_preview_image_is_an_a4_sheet_with_header_and_footer_drawn() -> None:
    page = long_page()
    image = printing.preview_image(page)
    assert (image.width(), image.height()) == (794, 1123)
    top, bottom = MARGIN_PX, image.height() - MARGIN_PX
    left, right = MARGIN_PX, image.width() - MARGIN_PX
    header = (left, top, right, top + 14)
    footer = (left, bottom - 14, right, bottom)
    assert ink(image, *header) > 100  # the title and "ALL Guide"
    assert ink(image, *footer) > 100  # version, date and "Page 1 of N"
    assert ink(image, 0, 0, image.width(), top - 2) == 0  # the margins stay blank
    assert ink(image, 0, 0, left - 2, image.height()) == 0
    # the header shows this page's title, not a fixed picture
    other = printing.preview_image(printing.Printable("Another title entirely", page.html,
                                                      page.content_version, page.printed))
    assert other.copy(left, top, 300, 14) != image.copy(left, top, 300, 14)
    assert other.copy(left, bottom - 14, 300, 14) == image.copy(left, bottom - 14, 300, 14)


# No print service, no network

@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fail on any socket connection from Python that is not a Unix socket."""
    attempts: list[str] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address) -> None:
        if self.family != socket.AF_UNIX:
            attempts.append(f"connect {self.family!r} {address!r}")
            raise AssertionError(f"a network connection to {address!r}")
        return real_connect(self, address)

    def create_connection(address, *args, **kwargs):
        attempts.append(f"create_connection {address!r}")
        raise AssertionError(f"a network connection to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return attempts


def test_save_pdf_opens_no_network_socket(no_network: list[str],
                                          repository: ContentRepository,
                                          tmp_path: Path) -> None:
    printing.save_pdf(article(repository), tmp_path / "page.pdf")
    assert no_network == []
    assert (tmp_path / "page.pdf").read_bytes().startswith(b"%PDF")


# Qt's print support talks to CUPS from C, where no Python guard sees it: a fresh
# process saves a PDF and reports what it loaded.
SAVE_IN_A_FRESH_PROCESS = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop_app.core.addresses import parse_address
from desktop_app.core.repository import ContentRepository
from desktop_app.core.session import ReaderSession
from desktop_app.ui import printing
repository = ContentRepository.open(Path(sys.argv[1]))
page = printing.printable(repository, ReaderSession(), parse_address(sys.argv[3]))
printing.save_pdf(page, Path(sys.argv[2]))
maps = Path("/proc/self/maps")
libraries = maps.read_text() if maps.exists() else ""
print(json.dumps({"print_support": "PySide6.QtPrintSupport" in sys.modules,
                  "cups": "libcups" in libraries, "maps": bool(libraries)}))
"""


def _save_in_a_fresh_process(content_db: Path, target: Path,
                             wrapper: list[str] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*wrapper, sys.executable, "-c", SAVE_IN_A_FRESH_PROCESS,
                           str(content_db), str(target), ARTICLE],
                          capture_output=True, text=True, timeout=120, cwd=REPO_ROOT,
                          check=False, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def test_saving_a_pdf_loads_neither_qt_print_support_nor_cups(content_db: Path,
                                                              tmp_path: Path) -> None:
    done = _save_in_a_fresh_process(content_db, tmp_path / "page.pdf")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["print_support"] is False
    if report["maps"]:
        assert report["cups"] is False
    assert (tmp_path / "page.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_saving_a_pdf_makes_no_connection_but_unix_sockets_seen_by_the_kernel(
        content_db: Path, tmp_path: Path) -> None:
    trace = tmp_path / "connect.trace"
    done = _save_in_a_fresh_process(content_db, tmp_path / "page.pdf",
                                    ["strace", "-f", "-qq", "-e", "trace=connect",
                                     "-o", str(trace)])
    if not trace.exists():
        pytest.skip(f"strace cannot trace here: {done.stderr[-300:]}")
    assert done.returncode == 0, done.stderr
    connects = [line for line in trace.read_text().splitlines() if "connect(" in line]
    assert [c for c in connects if "AF_UNIX" not in c] == []


def test_the_print_previews_printer_gets_the_same_sheets(qtbot, tmp_path: Path) -> None:
    """What Print sends to the printer is what save_pdf writes: the printer of the
    preview is pointed at a PDF file here, as no real printer may be attached."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    page = long_page()
    dialog = printing.open_print_preview(page, parent)
    qtbot.waitUntil(dialog.isVisible)
    preview = dialog.findChild(QPrintPreviewWidget)
    expected = printing.Sheets(page, printing.page_layout()).count
    qtbot.waitUntil(lambda: preview.pageCount() == expected)
    printer = dialog.printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    preview.print_()
    assert pdf_page_count(target.read_bytes()) == expected
    sheets = pdf_text(target)
    if sheets is not None:
        assert f"Page {expected} of {expected}" in sheets[-1] and "A long page" in sheets[0]
    dialog.reject()


# Through the app, as a person uses it

def test_print_opens_a_preview_of_the_page_that_escape_closes(start_app) -> None:
    from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget

    person = start_app("--page", ARTICLE)
    assert person.page_title() == "What is ALL?"
    person.click("Print")
    dialog = person.dialog(QPrintPreviewDialog)
    assert "What is ALL?" in dialog.windowTitle()
    preview = dialog.findChild(QPrintPreviewWidget)
    page = printing.printable(person.window.repository, person.window.session,
                              person.window.router.current)
    expected = printing.Sheets(page, printing.page_layout()).count
    person.wait_until(lambda: preview.pageCount() == expected)
    printer = dialog.printer()
    assert printer.pageLayout().pageSize().id() == printing.page_layout().pageSize().id()
    assert person.window.isVisible()  # open(), not exec(): the app is not blocked
    person.cancel_dialog()
    assert person.no_dialog()
    assert person.address == ARTICLE


def test_save_as_pdf_in_the_app_opens_no_network_socket(start_app, no_network: list[str],
                                                        tmp_path: Path) -> None:
    person = start_app("--page", ARTICLE)
    person.click("Save as PDF")
    target = tmp_path / "saved.pdf"
    person.answer_file_dialog(target)
    person.wait_until(target.exists)
    assert target.read_bytes().startswith(b"%PDF")
    assert no_network == []
    person.close_message()
