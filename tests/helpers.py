"""Helpers for driving the real widgets: finding and clicking links inside a QTextBrowser."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser


def link_position(browser: QTextBrowser, href_prefix: str) -> QPoint:
    """The viewport point at the middle of the first link whose address starts so."""
    block = browser.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().anchorHref().startswith(href_prefix):
                cursor = QTextCursor(browser.document())
                cursor.setPosition(fragment.position() + fragment.length() // 2)
                browser.setTextCursor(cursor)
                browser.ensureCursorVisible()
                return browser.cursorRect(cursor).center()
            iterator += 1
        block = block.next()
    raise AssertionError(f"no link starting {href_prefix!r} in the page")


def click_link(qtbot, browser: QTextBrowser, href_prefix: str) -> None:
    point = link_position(browser, href_prefix)
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
