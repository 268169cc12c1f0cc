"""An article's structure to a screen reader: headings, paragraphs, lists and links.

Qt shows a QTextBrowser as one text object, so a reader can neither jump by heading nor
hear a link as a link. The browser keeps Qt's own text interface (reading by line and
word with the caret); its viewport, which Qt lists as the browser's child, becomes a
document whose children are the page's headings, paragraphs and lists, with their links
inside them. Tab (QTextBrowser moves its selection from link to link) sends a focus
event for the link it reaches, so the link's words are spoken.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QRect
from PySide6.QtGui import (
    QAccessible,
    QAccessibleInterface,
    QAccessibleObject,
    QTextBlock,
    QTextCursor,
    QWindow,
)
from PySide6.QtWidgets import QAccessibleWidget, QTextBrowser, QWidget

from desktop_app.ui.accessible_factory import alive, notify, register_class, register_object_name

DOCUMENT_VIEWPORT = "articleDocument"  # the objectName the browser's viewport gets


def _tr(text: str) -> str:
    return QCoreApplication.translate("ArticleAccessible", text)


@dataclass
class Part:
    """One heading, paragraph, list, list item or link: its place in the document."""

    role: QAccessible.Role
    name: str
    start: int
    end: int
    level: int = 0
    href: str = ""
    children: list[Part] = field(default_factory=list)


def parts_of(browser: QTextBrowser) -> list[Part]:
    """The document's top-level parts, in reading order."""
    top: list[Part] = []
    lists: dict[int, Part] = {}
    block = browser.document().begin()
    while block.isValid():
        text = block.text().strip()
        if text:
            start, end = block.position(), block.position() + block.length() - 1
            level = block.blockFormat().headingLevel()
            text_list = block.textList()
            if level:
                top.append(Part(QAccessible.Role.Heading, text, start, end, level=level))
            elif text_list is not None:
                key = text_list.item(0).position()
                if key not in lists:
                    lists[key] = Part(QAccessible.Role.List, "", start, end)
                    top.append(lists[key])
                owner = lists[key]
                owner.end = end
                item = Part(QAccessible.Role.ListItem, text, start, end)
                item.children = _links(block)
                owner.children.append(item)
            else:
                paragraph = Part(QAccessible.Role.Paragraph, text, start, end)
                paragraph.children = _links(block)
                top.append(paragraph)
        block = block.next()
    for part in lists.values():
        part.name = _tr("List of {n} items").format(n=len(part.children))
    return top


def _links(block: QTextBlock) -> list[Part]:
    """The block's links: runs of text with one address, joined across fragments."""
    found: list[Part] = []
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        if fragment.isValid():
            char_format = fragment.charFormat()
            href = char_format.anchorHref() if char_format.isAnchor() else ""
            if href:
                start, end = fragment.position(), fragment.position() + fragment.length()
                if found and found[-1].href == href and found[-1].end == start:
                    found[-1].end = end
                    found[-1].name += fragment.text()
                else:
                    found.append(Part(QAccessible.Role.Link, fragment.text(), start, end,
                                      href=href))
        iterator += 1
    for link in found:
        link.name = link.name.strip()
    return found


class PartObject(QObject):
    """A QObject per part, so Qt's cache drops a part's interface when the page goes."""

    def __init__(self, part: Part, browser: QTextBrowser, parent_part: PartObject | None,
                 owner: QObject) -> None:
        super().__init__(owner)
        self.part, self.browser, self.parent_part = part, browser, parent_part
        self.children_objects = [PartObject(child, browser, self, owner)
                                 for child in part.children]


class ArticleStructure(QObject):
    """The parts of the page the browser shows now, rebuilt each time a page is set."""

    def __init__(self, browser: QTextBrowser) -> None:
        super().__init__(browser)
        self.browser = browser
        browser.viewport().setObjectName(DOCUMENT_VIEWPORT)
        browser.viewport().setProperty("articleStructure", True)
        self._owner = QObject(self)
        self.objects: list[PartObject] = []
        self.links: list[PartObject] = []
        self.headings: list[PartObject] = []
        browser.article_structure = self  # type: ignore[attr-defined]
        register_object_name(DOCUMENT_VIEWPORT, DocumentAccessible)
        register_class("PartObject", PartAccessible)
        browser.selectionChanged.connect(self.announce_link)

    def rebuild(self) -> None:
        """Read the new page's structure (old parts and their interfaces go)."""
        old = self._owner
        self._owner = QObject(self)
        self.objects = [PartObject(part, self.browser, None, self._owner)
                        for part in parts_of(self.browser)]
        self.links, self.headings = [], []
        for top in self.objects:
            if top.part.role == QAccessible.Role.Heading:
                self.headings.append(top)
            for child in top.children_objects:
                self.links += [child] if child.part.role == QAccessible.Role.Link else []
                self.links += [c for c in child.children_objects
                               if c.part.role == QAccessible.Role.Link]
        old.deleteLater()
        notify(self.browser.viewport(), QAccessible.Event.ObjectReorder)

    def link_at_selection(self) -> PartObject | None:
        cursor = self.browser.textCursor()
        if not cursor.hasSelection():
            return None
        for link in self.links:
            if link.part.start == cursor.selectionStart() and (
                    link.part.end == cursor.selectionEnd()):
                return link
        return None

    def announce_link(self) -> None:
        """Tab moved to a link: a screen reader says "link" and its words."""
        link = self.link_at_selection()
        if link is not None and self.browser.hasFocus():
            notify(link, QAccessible.Event.Focus)


class DocumentAccessible(QAccessibleWidget):
    """The browser's viewport: the page as a document of headings, paragraphs, lists."""

    def __init__(self, viewport: QWidget) -> None:
        super().__init__(viewport, QAccessible.Role.Document)
        self._viewport = viewport

    def _structure(self) -> ArticleStructure | None:
        browser = self._viewport.parentWidget() if alive(self._viewport) else None
        return getattr(browser, "article_structure", None)

    def text(self, kind: QAccessible.Text) -> str:
        structure = self._structure()
        if kind == QAccessible.Text.Name and structure is not None:
            return structure.browser.accessibleName()
        return super().text(kind)

    def childCount(self) -> int:
        structure = self._structure()
        return len(structure.objects) if structure is not None else 0

    def child(self, index: int) -> QAccessibleInterface | None:
        structure = self._structure()
        if structure is not None and 0 <= index < len(structure.objects):
            return QAccessible.queryAccessibleInterface(structure.objects[index])
        return None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        structure = self._structure()
        target = child.object() if child is not None else None
        objects = structure.objects if structure is not None else []
        return next((n for n, o in enumerate(objects) if o is target), -1)

    def focusChild(self) -> QAccessibleInterface | None:
        structure = self._structure()
        link = structure.link_at_selection() if structure is not None else None
        return QAccessible.queryAccessibleInterface(link) if link is not None else None


class PartAccessible(QAccessibleObject):
    """A heading, paragraph, list, list item or link of the page."""

    def __init__(self, obj: PartObject) -> None:
        super().__init__(obj)
        self._obj = obj

    def isValid(self) -> bool:
        return alive(self._obj, self._obj.browser) if alive(self._obj) else False

    def parent(self) -> QAccessibleInterface | None:
        if not self.isValid():
            return None
        owner = self._obj.parent_part
        return QAccessible.queryAccessibleInterface(
            owner if owner is not None else self._obj.browser.viewport())

    def child(self, index: int) -> QAccessibleInterface | None:
        children = self._obj.children_objects if self.isValid() else []
        if 0 <= index < len(children):
            return QAccessible.queryAccessibleInterface(children[index])
        return None

    def childCount(self) -> int:
        return len(self._obj.children_objects) if self.isValid() else 0

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        target = child.object() if child is not None else None
        return next((n for n, o in enumerate(self._obj.children_objects) if o is target), -1)

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:
        for index in range(self.childCount()):
            child = self.child(index)
            if child is not None and child.rect().contains(x, y):
                return child
        return None

    def focusChild(self) -> QAccessibleInterface | None:
        return None

    def role(self) -> QAccessible.Role:
        return self._obj.part.role

    def text(self, kind: QAccessible.Text) -> str:
        if not self.isValid():
            return ""
        part = self._obj.part
        if kind == QAccessible.Text.Name:
            return part.name
        if kind == QAccessible.Text.Description and part.role == QAccessible.Role.Heading:
            return _tr("Heading level {n}").format(n=part.level)
        if kind == QAccessible.Text.Value and part.role == QAccessible.Role.Link:
            return part.href
        return ""

    def setText(self, kind: QAccessible.Text, text: str) -> None:
        """The page's words come from the content; nothing may change them."""

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        if not self.isValid():
            state.invalid = True
            return state
        browser = self._obj.browser
        state.readOnly = True
        state.invisible = not browser.isVisible()
        viewport = QRect(browser.viewport().mapToGlobal(QPoint(0, 0)),
                         browser.viewport().size())
        state.offscreen = not self.rect().intersects(viewport)
        if self._obj.part.role == QAccessible.Role.Link:
            state.focusable = True
            state.linked = True
            cursor = browser.textCursor()
            state.focused = browser.hasFocus() and cursor.hasSelection() and (
                cursor.selectionStart(), cursor.selectionEnd()) == (
                self._obj.part.start, self._obj.part.end)
        return state

    def rect(self) -> QRect:
        if not self.isValid():
            return QRect()
        browser, part = self._obj.browser, self._obj.part
        start, end = QTextCursor(browser.document()), QTextCursor(browser.document())
        start.setPosition(part.start)
        end.setPosition(max(part.start, part.end))
        first, last = browser.cursorRect(start), browser.cursorRect(end)
        if first.top() == last.top():
            on_view = first.united(last)
        else:  # more than one line: the whole width of the text
            on_view = QRect(0, first.top(), browser.viewport().width(),
                            last.bottom() - first.top())
        return on_view.translated(browser.viewport().mapToGlobal(QPoint(0, 0)))

    def window(self) -> QWindow | None:
        return self._obj.browser.window().windowHandle() if self.isValid() else None
