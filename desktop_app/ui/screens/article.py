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

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QKeyEvent, QPixmap, QTextDocument
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.addresses import Address, is_external
from desktop_app.core.models import Document
from desktop_app.core.repository import ContentRepository
from desktop_app.ui import style
from desktop_app.ui.page_html import document_page_html
from desktop_app.ui.screens import Navigate, Screen

_PART_ANCHOR = re.compile(r'<h2><a name="([^"]+)"></a>(.*?)</h2>')


class ArticleBrowser(QTextBrowser):
    """QTextBrowser that serves images from the content database only."""

    def __init__(self, repository: ContentRepository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._repository = repository
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(style.document_style_sheet())
        self.document().setDocumentMargin(24)

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
        self.more_button.setAccessibleName(self.tr("Open this word in the glossary"))
        self.more_button.clicked.connect(
            lambda: self._navigate(f"app:glossary/{self._term_id}"))
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close the meaning"))
        self.close_button.clicked.connect(self.hide)
        buttons.addWidget(self.more_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch()
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


def qr_pixmap(text: str, scale: int = 4) -> QPixmap:
    """A QR code of `text`, drawn by segno, for a reader to scan with their own phone."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class ArticleScreen(Screen):
    """Shows one Document; explainers also get a list of their parts to jump to."""

    def __init__(self, repository: ContentRepository, navigate: Navigate) -> None:
        super().__init__()
        self._repository = repository
        self._navigate = navigate
        self.document: Document | None = None
        self.browser = ArticleBrowser(repository)
        self.browser.setAccessibleName(self.tr("Article text"))
        self.browser.anchorClicked.connect(self._link_clicked)
        self.parts = QListWidget()
        self.parts.setAccessibleName(self.tr("Parts of this page"))
        self.parts.setMaximumWidth(300)
        self.parts.itemActivated.connect(self._jump_to_part)
        self.parts.itemClicked.connect(self._jump_to_part)
        self.outside_note = OutsideLinkNote()
        self.glossary_card = GlossaryCard(navigate)
        body = QHBoxLayout()
        body.addWidget(self.parts)
        body.addWidget(self.browser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.outside_note)
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
        self.browser.setHtml(page + self._next_and_related_html(document))
        self.browser.verticalScrollBar().setValue(0)
        self.parts.clear()
        if document.kind == "treatment":
            for anchor, title in _PART_ANCHOR.findall(document.html):
                item = QListWidgetItem(title)
                item.setData(Qt.ItemDataRole.UserRole, anchor)
                self.parts.addItem(item)
        self.parts.setVisible(self.parts.count() > 0)
        return True

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
        self.browser.scrollToAnchor(item.data(Qt.ItemDataRole.UserRole))

    def _link_clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("#"):
            self.browser.scrollToAnchor(text[1:])
        elif text.startswith("app:glossary/"):
            self.open_glossary_term(text.removeprefix("app:glossary/"))
        elif is_external(text) or not text.startswith("app:"):
            self.outside_note.show_address(text)
        else:
            self._navigate(text)

    def open_glossary_term(self, term_id: str) -> None:
        term = self._repository.glossary_term(term_id)
        if term is not None:
            self.glossary_card.show_term(term.id, term.term, term.meaning)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.glossary_card.isVisible():
            self.glossary_card.hide()
            self.browser.setFocus()
            return
        super().keyPressEvent(event)
