"""The reader: an article or treatment explainer in a QTextBrowser.

Links never open anything by themselves (`setOpenLinks(False)`): in-app addresses go to
the router, glossary links open the meaning in place, and outside addresses are only
shown as text. Images come only from the content database, never from disk or network.
"""

from __future__ import annotations

import html
import io
import re
from datetime import date

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAccessible,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.addresses import (
    Address,
    AddressError,
    glossary_address,
    is_external,
    parse_address,
)
from desktop_app.core.models import Document
from desktop_app.core.repository import ContentRepository
from desktop_app.ui import style
from desktop_app.ui.accessible_article import ArticleStructure
from desktop_app.ui.accessible_factory import announce, notify
from desktop_app.ui.page_html import document_page_html
from desktop_app.ui.read_aloud import ReadAloudBar
from desktop_app.ui.screens import LinkNotFound, Navigate, Screen
from desktop_app.ui.widgets import MIN_TARGET, WrappingList, guarded_event_filter

_PART_ANCHOR = re.compile(r'<h2><a name="([^"]+)"></a>(.*?)</h2>')
# Qt draws a bullet one space from its text: two no-break spaces more, with the first
# line hung back by their width (style.document_style_sheet), set the words apart
BULLET_GAP = "\u00a0\u00a0"
_LIST_ITEM = re.compile(r"(<li(?:\s[^>]*)?>(?:\s*<p(?:\s[^>]*)?>)?)")


def _spaced_bullets(page: str) -> str:
    return _LIST_ITEM.sub(lambda m: m.group(1) + "&nbsp;&nbsp;", page)


class ArticleBrowser(QTextBrowser):
    """QTextBrowser that serves images from the content database only, and sets its text
    in a centred column of about 60 to 75 characters, whatever its width or text size
    (the space either side is the browser's own margin, so the scroll bar stays at the
    window's edge and the wheel works there too)."""

    DOCUMENT_MARGIN = 24

    def __init__(self, repository: ContentRepository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._repository = repository
        self._theme = style.LIGHT
        self._html = ""
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDocumentMargin(self.DOCUMENT_MARGIN)
        self.setLineWrapMode(QTextBrowser.LineWrapMode.FixedPixelWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._set_css()

    def _set_css(self) -> None:
        gap = QFontMetricsF(self.document().defaultFont()).horizontalAdvance(BULLET_GAP)
        self.document().setDefaultStyleSheet(style.document_style_sheet(self._theme, gap))

    def setHtml(self, text: str) -> None:
        """Kept, so a change of theme or text size can set the page again."""
        self._html = text
        super().setHtml(_spaced_bullets(text))
        self.fit_column()

    def set_look(self, font: QFont, theme: style.Theme) -> None:
        """The window's text size and theme. QTextDocument applies its CSS only when the
        HTML is set, so the page is set again, at the same place."""
        if theme == self._theme and font == self.document().defaultFont():
            self.fit_column()
            return
        self._theme = theme
        self.document().setDefaultFont(font)
        self._set_css()
        if self._html:
            bar = self.verticalScrollBar()
            fraction = bar.value() / bar.maximum() if bar.maximum() else 0.0
            super().setHtml(_spaced_bullets(self._html))
            self.fit_column()
            bar.setValue(round(fraction * bar.maximum()))
        self.fit_column()

    def column_width(self) -> int:
        """The widest the text may be: about READING_CHARACTERS characters a line."""
        return style.reading_width(self.document().defaultFont())

    def fit_column(self) -> None:
        """Lines wrap at the column's width (or the room there is, if less), and equal
        margins either side centre the column."""
        bar = self.verticalScrollBar().sizeHint().width()
        room = self.width() - 2 * self.frameWidth() - bar
        text = min(self.column_width() + 2 * self.DOCUMENT_MARGIN, max(room, 100))
        side = max(0, (room - text) // 2)
        margins = self.viewportMargins()
        if (margins.left(), margins.right()) != (side, side):
            self.setViewportMargins(side, 0, side, 0)
        if self.lineWrapColumnOrWidth() != text:
            self.setLineWrapColumnOrWidth(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_column()

    def loadResource(self, resource_type: int, url: QUrl | str) -> object:
        url = QUrl(url)
        if (
            resource_type == QTextDocument.ResourceType.ImageResource.value
            and url.scheme() == "app"
            and url.path().startswith("image/")
        ):
            data = self._repository.image(url.path().removeprefix("image/"))
            if data:
                return QImage.fromData(data)
        return None


class GlossaryCard(QFrame):
    """A term's meaning, shown in place under the article; the reader never leaves it."""

    def __init__(self, navigate: Navigate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("glossaryCard")
        self._navigate = navigate
        self._term_id = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.term_label = QLabel()
        self.term_label.setObjectName("cardTitle")
        self.term_label.setWordWrap(True)
        self.meaning_label = QLabel()
        self.meaning_label.setWordWrap(True)
        self.meaning_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.term_label)
        layout.addWidget(self.meaning_label)
        buttons = QHBoxLayout()
        self.more_button = QPushButton(self.tr("More in the glossary"))
        self.more_button.setAccessibleName(self.tr("More in the glossary: open this word"))
        self.more_button.clicked.connect(
            lambda: self._navigate(glossary_address(self._term_id)))
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close the meaning"))
        self.close_button.clicked.connect(self.hide)
        buttons.addWidget(self.more_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch()
        self.read_aloud = ReadAloudBar(lambda: [self.term_label, self.meaning_label], self,
                                       self.tr("the meaning"))
        layout.addWidget(self.read_aloud)
        layout.addLayout(buttons)
        self.hide()

    def show_term(self, term_id: str, term: str, meaning: str) -> None:
        self._term_id = term_id
        self.term_label.setText(term)
        self.meaning_label.setText(meaning)
        self.setAccessibleName(self.tr("Meaning of {term}").format(term=term))
        self.meaning_label.setAccessibleName(meaning)
        self.show()
        self.close_button.setFocus()


class OutsideLinkNote(QFrame):
    """Shows an outside address as text: the app never opens websites or mail."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("note")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.qr_code = QLabel()
        self.qr_code.setAccessibleName(self.tr("QR code of the address, to scan with a phone"))
        layout.addWidget(self.qr_code)
        layout.addWidget(self.text_label, 1)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close the note about the outside link"))
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.close_button, alignment=Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_address(self, address: str) -> None:
        text = self.tr("This link leads outside ALL Guide: {address}\nThe app does not open "
                       "websites. Scan the code with your phone's camera, or type the "
                       "address on your own phone or computer.").format(address=address)
        self.qr_code.setPixmap(qr_pixmap(address))
        self.text_label.setText(text)
        self.text_label.setAccessibleName(text)
        self.show()
        self.close_button.setFocus()


class FindBar(QFrame):
    """Find in this page (Ctrl+F): every match highlighted, Next and Previous (Enter,
    Shift+Enter, F3), and "2 of 7" said aloud as well as shown."""

    def __init__(self, browser: QTextBrowser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.browser = browser
        self.matches: list[tuple[int, int]] = []
        self.index = -1
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 6, 16, 6)
        label = QLabel(self.tr("Find in this page:"))
        self.field = QLineEdit()
        self.field.setAccessibleName(self.tr("Find in this page"))
        self.field.setPlaceholderText(self.tr("Words to find"))
        self.field.setMinimumHeight(MIN_TARGET)
        self.field.setClearButtonEnabled(True)
        label.setBuddy(self.field)
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(90)
        self.previous_button = QPushButton(self.tr("Previous"))
        self.previous_button.setAccessibleName(self.tr("Previous match"))
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setAccessibleName(self.tr("Next match"))
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close find in this page"))
        for button in (self.previous_button, self.next_button, self.close_button):
            button.setMinimumHeight(MIN_TARGET)
        self.field.textChanged.connect(self.search)
        self.next_button.clicked.connect(lambda: self.step(+1))
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.close_button.clicked.connect(self.close_bar)
        # two parts, side by side when they fit, else the buttons under the field
        # (at 200% text on a narrow screen one row would be wider than the screen)
        self.words_part, self.buttons_part = QWidget(), QWidget()
        words = QHBoxLayout(self.words_part)
        words.setContentsMargins(0, 0, 0, 0)
        words.addWidget(label)
        words.addWidget(self.field, 1)
        buttons = QHBoxLayout(self.buttons_part)
        buttons.setContentsMargins(0, 0, 0, 0)
        for each in (self.count_label, self.previous_button, self.next_button,
                     self.close_button):
            buttons.addWidget(each)
        self.row = row
        row.addWidget(self.words_part, 1)
        row.addWidget(self.buttons_part)
        self.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """One row when both parts fit in it, else two."""
        margins = self.row.contentsMargins()
        one_row = (self.words_part.minimumSizeHint().width() + self.row.spacing()
                   + self.buttons_part.sizeHint().width() + margins.left() + margins.right())
        direction = (QBoxLayout.Direction.LeftToRight if event.size().width() >= one_row
                     else QBoxLayout.Direction.TopToBottom)
        if self.row.direction() != direction:
            self.row.setDirection(direction)
        super().resizeEvent(event)

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        if self.field.text():
            self.search()

    def close_bar(self) -> None:
        self.browser.setExtraSelections([])
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)  # before hiding: no detour
        self.hide()

    def reset(self) -> None:
        """A new page: no matches from the last one."""
        self.matches, self.index = [], -1
        self.browser.setExtraSelections([])
        if self.isVisible() and self.field.text():
            self.search()

    def search(self) -> None:
        """Find every match of the words (any case), highlight them all, go to the first
        one at or after where the reader is."""
        words = self.field.text().strip()
        document = self.browser.document()
        self.matches = []
        if words:
            cursor = document.find(words, 0)
            while not cursor.isNull():
                self.matches.append((cursor.selectionStart(), cursor.selectionEnd()))
                cursor = document.find(words, cursor)
        self.browser.setExtraSelections(self._highlights())
        here = self.browser.textCursor().selectionStart()
        self.index = next((n for n, (start, _) in enumerate(self.matches) if start >= here),
                          0) if self.matches else -1
        self._show_current()

    def step(self, delta: int) -> None:
        if not self.matches:
            self.search() if self.field.text() else None
            return
        self.index = (self.index + delta) % len(self.matches)
        self._show_current()

    def _highlights(self) -> list[QTextEdit.ExtraSelection]:
        found = []
        for start, end in self.matches:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.browser.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            highlight = QTextCharFormat()
            highlight.setBackground(QColor("#ffd83d"))  # with black text: 14:1
            highlight.setForeground(QColor("#000000"))
            selection.format = highlight
            found.append(selection)
        return found

    def _show_current(self) -> None:
        if not self.field.text().strip():
            text = ""
        elif not self.matches:
            text = self.tr("No matches")
        else:
            start, end = self.matches[self.index]
            cursor = QTextCursor(self.browser.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            self.browser.setTextCursor(cursor)
            self.browser.ensureCursorVisible()
            text = self.tr("{n} of {total}").format(n=self.index + 1, total=len(self.matches))
        self.count_label.setText(text)
        self.count_label.setAccessibleName(text)
        self.previous_button.setEnabled(len(self.matches) > 1)
        self.next_button.setEnabled(len(self.matches) > 1)
        if text:
            announce(self.count_label, text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else +1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()


def qr_pixmap(text: str, scale: int = 4) -> QPixmap:
    """A QR code of `text`, drawn by segno, for a reader to scan with their own phone."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


MIN_PARTS = 3  # a page with this many parts or more gets an "On this page" list


class ArticleScreen(Screen):
    """Shows one Document, with "On this page" (its parts, the current one marked as the
    reader scrolls) on long pages, and find in this page (Ctrl+F).

    Keys: Ctrl+F finds (F3 and Shift+F3 go to the next and previous match), H and Shift+H
    jump to the next and previous heading, Tab goes from link to link."""

    def __init__(self, repository: ContentRepository, navigate: Navigate,
                 link_not_found: LinkNotFound) -> None:
        super().__init__()
        self._repository = repository
        self._navigate = navigate
        self._link_not_found = link_not_found
        self.document: Document | None = None
        self.browser = ArticleBrowser(repository)
        self.browser.setAccessibleName(self.tr("Article text"))
        self.browser.anchorClicked.connect(self._link_clicked)
        self.browser.installEventFilter(self)  # H and Shift+H: the next heading
        self.structure = ArticleStructure(self.browser)
        self.parts = WrappingList()  # its parts' names wrap: no sideways scroll bar
        self.parts.setAccessibleName(self.tr("On this page"))
        self.parts.itemActivated.connect(self._jump_to_part)
        self.parts.itemClicked.connect(self._jump_to_part)
        self.parts_title = QLabel(self.tr("On this page"))
        self.parts_title.setObjectName("cardTitle")
        self.parts_title.setBuddy(self.parts)
        self.parts_box = QWidget()
        self.parts_box.setMaximumWidth(300)
        contents = QVBoxLayout(self.parts_box)
        contents.setContentsMargins(8, 8, 0, 8)
        contents.addWidget(self.parts_title)
        contents.addWidget(self.parts, 1)
        self._part_tops: list[float] = []
        self.browser.verticalScrollBar().valueChanged.connect(self._mark_current_part)
        self.outside_note = OutsideLinkNote()
        self.glossary_card = GlossaryCard(navigate)
        self.find_bar = FindBar(self.browser)
        body = QHBoxLayout()
        body.addWidget(self.parts_box)
        body.addWidget(self.browser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.outside_note)
        self.read_aloud = ReadAloudBar(lambda: [self.browser], self)
        layout.addWidget(self.read_aloud)
        layout.addLayout(body, 1)
        layout.addWidget(self.glossary_card)

    def show_address(self, address: Address) -> bool:
        document = self._repository.document(address.route, address.target)
        if document is None:
            return False
        self.document = document
        self.glossary_card.hide()
        self.outside_note.hide()
        page = document_page_html(document, self._repository.content_version, date.today())
        language = QLocale().bcp47Name()  # the page's language, for screen readers' voices
        self.browser.setHtml(f'<html lang="{html.escape(language)}"><body>{page}'
                             f"{self._next_and_related_html(document)}</body></html>")
        self.browser.verticalScrollBar().setValue(0)
        self.structure.rebuild()
        self.find_bar.reset()
        self.parts.clear()
        anchors = _PART_ANCHOR.findall(document.html)
        if len(anchors) >= MIN_PARTS:
            for anchor, title in anchors:
                item = QListWidgetItem(html.unescape(re.sub(r"<[^>]+>", "", title)))
                item.setData(Qt.ItemDataRole.UserRole, anchor)
                self.parts.addItem(item)
            self.parts.fit_rows()
        self.parts_box.setVisible(self.parts.count() > 0)
        self._part_tops = []
        self._mark_current_part()
        return True

    def _heading_tops(self) -> list[float]:
        """Where each part's heading starts in the document (for marking the current
        part), matched to the list by its words."""
        layout = self.browser.document().documentLayout()
        tops = {}
        for heading in self.structure.headings:
            block = self.browser.document().findBlock(heading.part.start)
            tops.setdefault(heading.part.name, layout.blockBoundingRect(block).top())
        return [tops.get(self.parts.item(n).text(), 0.0) for n in range(self.parts.count())]

    def _mark_current_part(self) -> None:
        """The part being read (the last heading above the top fifth of the view) is
        the chosen row of "On this page", in bold."""
        if not self.parts.count():
            return
        if len(self._part_tops) != self.parts.count():
            self._part_tops = self._heading_tops()
        line = self.browser.verticalScrollBar().value() + self.browser.viewport().height() / 5
        current = max((n for n, top in enumerate(self._part_tops) if top <= line), default=0)
        for n in range(self.parts.count()):
            item = self.parts.item(n)
            font = item.font()
            font.setBold(n == current)
            item.setFont(font)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole,
                         self.tr("You are here") if n == current else "")
        self.parts.blockSignals(True)
        self.parts.setCurrentRow(current)
        self.parts.blockSignals(False)

    def find_in_page(self) -> None:
        self.find_bar.open_bar()

    def jump_to_heading(self, forward: bool) -> bool:
        """Move the reading place to the next (or previous) heading, as a screen
        reader's H key does in a web page; a screen reader hears the heading."""
        here = self.browser.textCursor().selectionStart()
        headings = self.structure.headings
        target = (next((h for h in headings if h.part.start > here), None) if forward
                  else next((h for h in reversed(headings) if h.part.start < here), None))
        if target is None:
            return False
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(target.part.start)
        self.browser.setTextCursor(cursor)
        bar = self.browser.verticalScrollBar()
        block = self.browser.document().findBlock(target.part.start)
        bar.setValue(round(self.browser.document().documentLayout().blockBoundingRect(
            block).top()))
        notify(target, QAccessible.Event.Focus)
        return True

    def event(self, event: QEvent) -> bool:
        """Ctrl+F here finds in the page, not in all of ALL Guide (which has its own
        key): claimed before the window's shortcut sees it."""
        if event.type() == QEvent.Type.ShortcutOverride and event.matches(  # type: ignore[attr-defined]
                QKeySequence.StandardKey.Find):
            event.accept()
            return True
        return super().event(event)

    @guarded_event_filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.browser and event.type() == QEvent.Type.KeyPress:
            key, modifiers = event.key(), event.modifiers()  # type: ignore[attr-defined]
            plain = not modifiers & ~Qt.KeyboardModifier.ShiftModifier
            if key == Qt.Key.Key_H and plain:
                self.jump_to_heading(not modifiers & Qt.KeyboardModifier.ShiftModifier)
                return True
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):  # after the browser moved on
                QTimer.singleShot(0, self.structure.announce_link)
        return super().eventFilter(watched, event)

    def page_title(self) -> str:
        return self.document.title if self.document else ""

    def _next_and_related_html(self, document: Document) -> str:
        """Where to go next: the next page of the section, and the related pages."""
        escape = html.escape
        parts = []
        following = self._repository.next_in_section(document.kind, document.id)
        if following is not None:
            parts.append(f'<h2>{escape(self.tr("Next"))}</h2><p><a href="'
                         f'{escape(following.address)}">{escape(following.title)}</a><br/>'
                         f'<span class="muted">{escape(following.summary)}</span></p>')
        related = self._repository.related(document.kind, document.id)
        if related:
            parts.append(f'<h2>{escape(self.tr("Related pages"))}</h2><ul>')
            parts += [f'<li><a href="{escape(r.address)}">{escape(r.title)}</a></li>'
                      for r in related]
            parts.append("</ul>")
        return "\n".join(parts)

    def _jump_to_part(self, item: QListWidgetItem) -> None:
        """Scroll to the part, and read (and Tab) on from its heading."""
        self.browser.scrollToAnchor(item.data(Qt.ItemDataRole.UserRole))
        heading = next((h for h in self.structure.headings if h.part.name == item.text()),
                       None)
        if heading is not None:
            cursor = QTextCursor(self.browser.document())
            cursor.setPosition(heading.part.start)
            self.browser.setTextCursor(cursor)

    def _link_clicked(self, url: QUrl) -> None:
        """A link in the page: its text is parsed here, once."""
        text = url.toString()
        if text.startswith("#"):
            self.browser.scrollToAnchor(text[1:])
            return
        if is_external(text) or not text.startswith("app:"):
            self.outside_note.show_address(text)
            return
        try:
            address = parse_address(text)
        except AddressError:
            self._link_not_found()
            return
        if address.route == "glossary" and address.target:
            self.open_glossary_term(address.target)
        else:
            self._navigate(address)

    def open_glossary_term(self, term_id: str) -> None:
        term = self._repository.glossary_term(term_id)
        if term is not None:
            self.glossary_card.show_term(term.id, term.term, term.meaning)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Find):
            self.find_in_page()
            return
        if event.matches(QKeySequence.StandardKey.FindNext) or event.matches(
                QKeySequence.StandardKey.FindPrevious):
            if not self.find_bar.isVisible():
                self.find_bar.open_bar()
            self.find_bar.step(+1 if event.matches(QKeySequence.StandardKey.FindNext) else -1)
            return
        if event.key() == Qt.Key.Key_Escape and self.glossary_card.isVisible():
            self.glossary_card.hide()
            self.browser.setFocus()
            return
        super().keyPressEvent(event)
