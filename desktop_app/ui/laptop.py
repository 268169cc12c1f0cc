"""The family laptop: bookmarks, history, saved questions, print and save as PDF, and
the window, text size and last page remembered. All saved data lives in core.user_data."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from desktop_app.core.addresses import Address, AddressError, parse_address
from desktop_app.core.user_data import UserData, UserDataError
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.screens.saved import SavedScreen
from desktop_app.ui.widgets import MIN_TARGET

log = logging.getLogger(__name__)
PRINTABLE = ("article", "treatment", "questions")


class ReportingStore:
    """The reader's saved data as the question list writes it: a failed save (a full
    disk) is reported in words, and the question stays ticked on screen until the app
    closes, rather than the error tearing down the screen."""

    def __init__(self, user_data: UserData, tell: Callable[[str], None]) -> None:
        self.user_data, self.tell = user_data, tell

    def set_ticked(self, list_id: str, question: str, ticked: bool) -> None:
        try:
            self.user_data.set_ticked(list_id, question, ticked)
        except UserDataError as error:
            self.tell(str(error))

    def add_question(self, list_id: str, question: str) -> None:
        try:
            self.user_data.add_question(list_id, question)
        except UserDataError as error:
            self.tell(str(error))


class LaptopController(QObject):
    def __init__(self, window: MainWindow, user_data_path: Path) -> None:
        super().__init__(window)
        self.window = window
        self.problems: list[str] = []
        self.message_box: QMessageBox | None = None
        try:
            self.user_data: UserData | None = UserData(user_data_path)
        except UserDataError as error:
            self.user_data = None
            self._tell(str(error))
        self.bookmark_button = self._button(self.tr("Bookmark"),
                                            self.tr("Bookmark this page"), self.toggle_bookmark)
        self.print_button = self._button(self.tr("Print"), self.tr("Print this page"),
                                         self.print_page)
        self.pdf_button = self._button(self.tr("Save as PDF"),
                                       self.tr("Save this page as a PDF file"), self.save_pdf)
        self.saved_button = self._button(self.tr("My pages"), self.tr("My saved pages"),
                                         lambda: window.open("app:saved"))
        if self.user_data is not None:
            session = window.session
            session.ticked = self.user_data.ticked_questions()
            session.own_questions = self.user_data.own_questions()
            session.store = ReportingStore(self.user_data, self._tell)
            window.extra_screens["saved"] = lambda: SavedScreen(
                self.user_data, window.open, self.export, self.import_)
        window.page_shown.connect(self._page_shown)
        self._update_buttons(window.router.current)

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setMinimumSize(MIN_TARGET, MIN_TARGET)
        button.clicked.connect(slot)
        self.window.add_to_top_bar(button)
        return button

    def _tell(self, message: str) -> None:
        """Say what went wrong; the app keeps running with nothing lost."""
        if message not in self.problems:  # logged once, even when shown again later
            self.problems.append(message)
            log.warning("saved data: %s", message)
        if not self.window.isVisible():
            return
        if self.message_box is None:  # one box, however many saves fail
            self.message_box = QMessageBox(QMessageBox.Icon.Warning, self.tr("ALL Guide"),
                                           "", QMessageBox.StandardButton.Ok, self.window)
        self.message_box.setText(message)
        if not self.message_box.isVisible():
            self.message_box.open()  # open(), not exec(): the app goes on meanwhile

    def show_problems(self) -> None:
        """Say, once the window is up, what went wrong before it was."""
        if self.problems:
            self._tell(self.problems[-1])

    def _save(self, action: object, *arguments: object) -> None:
        try:
            action(*arguments)  # type: ignore[operator]
        except UserDataError as error:
            self._tell(str(error))

    # Remembering

    def restore(self) -> str | None:
        """Window size and text size now; returns the last page to open, if any."""
        if self.user_data is None:
            return None
        size = self.user_data.preference("window_size")
        if "x" in size:
            width, height = (int(n) for n in size.split("x"))
            self.window.resize(width, height)
        scale = self.user_data.preference("text_scale")
        if scale and float(scale) != self.window.text_scale:  # restyling costs a few ms
            self.window.set_text_scale(float(scale))
        last = self.user_data.preference("last_page")
        try:
            return str(parse_address(last)) if last else None
        except AddressError:
            return None

    def remember_window(self) -> None:
        if self.user_data is not None:
            size = self.window.size()
            self._save(self.user_data.set_preference, "window_size",
                       f"{size.width()}x{size.height()}")
            self._save(self.user_data.set_preference, "text_scale",
                       str(self.window.text_scale))

    def _page_shown(self, address: Address) -> None:
        self._update_buttons(address)
        if self.user_data is None or address.route in ("search", "saved"):
            return
        title = self.window.current_screen().page_title()
        self._save(self.user_data.add_history, str(address), title)
        self._save(self.user_data.set_preference, "last_page", str(address))
        self._save(self.user_data.set_preference, "text_scale", str(self.window.text_scale))

    def _update_buttons(self, address: Address) -> None:
        can_bookmark = self.user_data is not None and address.route in ("article",
                                                                        "treatment")
        self.bookmark_button.setEnabled(can_bookmark)
        marked = can_bookmark and self.user_data.is_bookmarked(str(address))  # type: ignore[union-attr]
        self.bookmark_button.setText(self.tr("Bookmarked ✓") if marked else self.tr("Bookmark"))
        self.bookmark_button.setAccessibleName(
            self.tr("Remove the bookmark") if marked else self.tr("Bookmark this page"))
        printable = address.route in PRINTABLE
        self.print_button.setEnabled(printable)
        self.pdf_button.setEnabled(printable)
        self.saved_button.setEnabled(self.user_data is not None)

    # Actions

    def toggle_bookmark(self) -> None:
        if self.user_data is None:
            return
        address = str(self.window.router.current)
        if self.user_data.is_bookmarked(address):
            self._save(self.user_data.remove_bookmark, address)
        else:
            self._save(self.user_data.add_bookmark, address,
                       self.window.current_screen().page_title())
        self._update_buttons(self.window.router.current)

    def _page_html(self) -> str | None:
        repository = self.window.repository
        if repository is None:
            return None
        from desktop_app.ui import printing  # Qt's print support loads only when used

        return printing.printable_html(repository, self.window.session,
                                       self.window.router.current)

    def print_page(self) -> None:
        page = self._page_html()
        if page:
            from desktop_app.ui import printing

            printing.print_with_dialog(page, self.window)

    def save_pdf(self, path: Path | None = None) -> Path | None:
        page = self._page_html()
        if not page:
            return None
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self.window, self.tr("Save as PDF"),
                f"{self.window.current_screen().page_title()}.pdf", "PDF (*.pdf)")
            if not name:
                return None
            path = Path(name)
        from desktop_app.ui import printing

        try:
            printing.save_pdf(page, path)
        except OSError as error:
            self._tell(self.tr("The PDF could not be saved: {e}").format(e=error))
            return None
        return path

    def export(self, path: Path | None = None) -> None:
        if self.user_data is None:
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self.window, self.tr("Export"), "all-guide-saved.json", "JSON (*.json)")
            if not name:
                return
            path = Path(name)
        self._save(self.user_data.export_to, path)

    def import_(self, path: Path | None = None) -> int:
        if self.user_data is None:
            return 0
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self.window, self.tr("Import"), "",
                                                  "JSON (*.json)")
            if not name:
                return 0
            path = Path(name)
        try:
            added = self.user_data.import_from(path)
        except UserDataError as error:
            self._tell(str(error))
            return 0
        self.window.session.ticked = self.user_data.ticked_questions()
        self.window.session.own_questions = self.user_data.own_questions()
        questions = self.window.screens.get("questions")
        if questions is not None:
            questions.rebuild()  # type: ignore[attr-defined]
        self.window.open("app:saved")
        return added
