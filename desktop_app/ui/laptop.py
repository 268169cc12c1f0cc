"""The family laptop: bookmarks, history, saved questions, print and save as PDF, and
the window, text size and last page remembered. All saved data lives in core.user_data."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton

from desktop_app.core.addresses import HOME, SAVED, Address, AddressError, parse_address
from desktop_app.core.user_data import HISTORY_LIMIT, UserData, UserDataError
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.profile import Profile
from desktop_app.ui.screens import registry
from desktop_app.ui.screens.saved import SavedScreen
from desktop_app.ui.widgets import MIN_TARGET, connect_clicked

log = logging.getLogger(__name__)


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

    def remove_question(self, list_id: str, question: str) -> None:
        try:
            self.user_data.remove_question(list_id, question)
        except UserDataError as error:
            self.tell(str(error))


def documents_folder() -> Path:
    """Where a family expects a saved file to go first: Documents, else home."""
    folder = Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation))
    return folder if folder.is_dir() else Path.home()


def file_name_for(title: str, suffix: str) -> str:
    """A page title as a file name every system accepts ("What is ALL?" -> "What is ALL.pdf")."""
    cleaned = "".join(c for c in title if c.isalnum() or c in " -_,.()'").strip(" .")
    return f"{cleaned or 'ALL Guide'}{suffix}"


class LaptopController(Profile):
    def __init__(self, window: MainWindow, user_data_path: Path) -> None:
        super().__init__(window)
        self.problems: list[str] = []
        self.message_box: QMessageBox | None = None
        self.file_dialog: QFileDialog | None = None
        self.preview = None  # the open print preview, if any
        try:
            self.user_data: UserData | None = UserData(user_data_path)
        except UserDataError as error:
            self.user_data = None
            self._tell(str(error))
        self.saved_button = self._button(self.tr("My pages"), self.tr("My pages: bookmarks, "
                                         "questions and pages read lately"),
                                         lambda: window.open(SAVED))
        self.bookmark_button = self._button(self.tr("Bookmark"),
                                            self.tr("Bookmark this page"), self.toggle_bookmark)
        self.print_button = self._button(self.tr("Print"), self.tr("Print this page"),
                                         self.print_page)
        self.pdf_button = self._button(self.tr("Save as PDF"),
                                       self.tr("Save as PDF: this page as a file"),
                                       self.save_pdf)
        if self.user_data is not None:
            session = window.session
            session.ticked = self.user_data.ticked_questions()
            session.own_questions = self.user_data.own_questions()
            session.store = ReportingStore(self.user_data, self._tell)
            user_data = self.user_data
            window.extra_screens["saved"] = lambda: SavedScreen(
                user_data, window.session, window.repository, window.open, self.export,
                self.import_with_dialog, self._clear_history)
        window.page_shown.connect(self._page_shown)
        window.content_lost.connect(lambda: self._update_buttons(window.router.current))
        self._update_buttons(window.router.current)

    def close_files(self) -> None:
        if self.user_data is not None:
            self.user_data.close()

    def _button(self, text: str, name: str, action: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(name)
        button.setMinimumSize(MIN_TARGET, MIN_TARGET)
        connect_clicked(button, action)
        self.window.add_to_top_bar(button)
        return button

    # Telling the reader

    def _tell(self, message: str) -> None:
        """Say what went wrong; the app keeps running with nothing lost."""
        if message not in self.problems:  # logged once, even when shown again later
            self.problems.append(message)
            log.warning("saved data: %s", message)
        self._show_message(message, QMessageBox.Icon.Warning)

    def _inform(self, message: str) -> None:
        """Say what was done (where a file went, what an import added)."""
        self._show_message(message, QMessageBox.Icon.Information)

    def _show_message(self, message: str, icon: QMessageBox.Icon) -> None:
        if not self.window.isVisible():
            return
        if self.message_box is None:  # one box, however many saves fail
            self.message_box = QMessageBox(icon, self.tr("ALL Guide"), "",
                                           QMessageBox.StandardButton.Ok, self.window)
        self.message_box.setIcon(icon)
        self.message_box.setText(message)
        if not self.message_box.isVisible():
            self.message_box.open()  # open(), not exec(): the app goes on meanwhile

    def show_problems(self) -> None:
        """Say, once the window is up, what went wrong before it was."""
        if self.problems:
            self._tell(self.problems[-1])

    def _save(self, action: Callable[..., object], *arguments: object) -> bool:
        try:
            action(*arguments)
        except UserDataError as error:
            self._tell(str(error))
            return False
        return True

    def _ask_for_file(self, title: str, suggested: Path, file_filter: str, *, saving: bool,
                      chosen: Callable[[Path], None]) -> None:
        """Qt's own file dialog (the same on every system, and found by tests), opened
        without blocking; `chosen` gets the path when the reader picks one."""
        dialog = QFileDialog(self.window, title, str(suggested.parent), file_filter)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if saving
                             else QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile if saving
                           else QFileDialog.FileMode.ExistingFile)
        if saving:
            dialog.setDefaultSuffix(suggested.suffix.lstrip("."))
            dialog.selectFile(suggested.name)
        dialog.fileSelected.connect(lambda name: chosen(Path(name)))
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def start(self, app: QApplication, page: Address | None) -> Address:
        """A window of the size the reader left it, on the page they left."""
        self.window.resize(1200, 800)
        start_page = page or self.restore()
        app.aboutToQuit.connect(self.remember_window)
        self.window.show()
        self.show_problems()  # a saved-data file that could not be opened
        return start_page or HOME

    def import_saved(self, path: Path) -> None:
        self.import_file(path)

    # Remembering

    def restore(self) -> Address | None:
        """Window size and text size now; returns the last page to open, if any (the
        saved text is parsed here, where it enters)."""
        if self.user_data is None:
            return None
        size = self.user_data.preference("window_size")
        if "x" in size:
            width, height = (int(n) for n in size.split("x"))
            self.window.resize(width, height)
        scale = self.user_data.preference("text_scale")
        if scale and float(scale) != self.window.text_scale:  # restyling costs a few ms
            self.window.set_text_scale(float(scale))
        theme = self.user_data.preference("theme")
        if theme and theme != self.window.theme_choice:
            self.window.set_theme(theme)
        last = self.user_data.preference("last_page")
        try:
            return parse_address(last) if last else None
        except AddressError:
            return None

    def remember_window(self) -> None:
        if self.user_data is not None:
            size = self.window.size()
            self._save(self.user_data.set_preference, "window_size",
                       f"{size.width()}x{size.height()}")
            self._save(self.user_data.set_preference, "text_scale",
                       str(self.window.text_scale))
            self._save(self.user_data.set_preference, "theme", self.window.theme_choice)

    def _page_shown(self, address: Address) -> None:
        self._update_buttons(address)
        if self.user_data is None or address.route in ("search", "saved"):
            return
        if address.route != "home":  # Home is not worth a place in "Read lately"
            title = self.window.current_screen().page_title()
            self._save(self.user_data.add_history, str(address), title)
        self._save(self.user_data.set_preference, "last_page", str(address))
        self._save(self.user_data.set_preference, "text_scale", str(self.window.text_scale))
        self._save(self.user_data.set_preference, "theme", self.window.theme_choice)

    def _update_buttons(self, address: Address) -> None:
        available = self.window.content_available
        can_bookmark = (available and self.user_data is not None
                        and address.route in ("article", "treatment"))
        self.bookmark_button.setEnabled(can_bookmark)
        marked = can_bookmark and self.user_data.is_bookmarked(str(address))  # type: ignore[union-attr]
        self.bookmark_button.setText(self.tr("Bookmarked ✓") if marked else self.tr("Bookmark"))
        self.bookmark_button.setAccessibleName(
            self.tr("Bookmarked ✓: remove the bookmark") if marked
            else self.tr("Bookmark this page"))
        # the same width whichever it says, so the buttons beside it never move
        widest = max(self.bookmark_button.fontMetrics().horizontalAdvance(text)
                     for text in (self.tr("Bookmarked ✓"), self.tr("Bookmark")))
        self.bookmark_button.setMinimumWidth(widest + 40)
        printable = available and registry.prints(address.route)
        self.print_button.setEnabled(printable)
        self.pdf_button.setEnabled(printable)
        self.saved_button.setEnabled(available and self.user_data is not None)

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

    def _printable(self):  # -> printing.Printable | None, loaded only when used
        repository = self.window.repository
        if repository is None:
            return None
        from desktop_app.ui import printing  # Qt's print support loads only when used

        return printing.printable(repository, self.window.session,
                                  self.window.router.current)

    def print_page(self) -> None:
        """Print, through a preview the reader checks first."""
        page = self._printable()
        if page is not None:
            from desktop_app.ui import printing

            self.preview = printing.open_print_preview(page, self.window)

    def save_pdf(self) -> None:
        """Ask where, suggesting the page title in Documents, then say where it went."""
        page = self._printable()
        if page is None:
            return
        self._ask_for_file(self.tr("Save as PDF"),
                           documents_folder() / file_name_for(page.title, ".pdf"),
                           self.tr("PDF files (*.pdf)"), saving=True,
                           chosen=lambda path: self._write_pdf(page, path))

    def _write_pdf(self, page, path: Path) -> None:
        from desktop_app.ui import printing

        try:
            printing.save_pdf(page, path)
        except OSError as error:
            self._tell(self.tr("The PDF could not be saved: {e}").format(
                e=error.strerror or error))
            return
        self._inform(self.tr("Saved “{name}” in {folder}").format(name=path.name,
                                                                    folder=path.parent))

    def export(self) -> None:
        if self.user_data is None:
            return
        self._ask_for_file(self.tr("Export bookmarks and questions"),
                           documents_folder() / "all-guide-saved.json",
                           self.tr("ALL Guide saved pages (*.json)"), saving=True,
                           chosen=self._export_to)

    def _export_to(self, path: Path) -> None:
        if self.user_data is not None and self._save(self.user_data.export_to, path):
            self._inform(self.tr("Your bookmarks and questions are saved in “{name}” in "
                                 "{folder}. Open it with Import… on the other computer.")
                         .format(name=path.name, folder=path.parent))

    def import_with_dialog(self) -> None:
        if self.user_data is None:
            return
        self._ask_for_file(self.tr("Import bookmarks and questions"),
                           documents_folder() / "all-guide-saved.json",
                           self.tr("ALL Guide saved pages (*.json)"), saving=False,
                           chosen=self._import_chosen)

    def _import_chosen(self, path: Path) -> None:
        added = self.import_file(path)
        if added is not None:
            self._inform(self.tr("Added {n} new bookmarks and questions from “{name}”.")
                         .format(n=added, name=path.name) if added else
                         self.tr("Nothing new in “{name}”: you had all of it already.")
                         .format(name=path.name))

    def import_file(self, path: Path) -> int | None:
        """Merge an exported file (the Import… button, or `--import-saved`); returns how
        many things it added, or None when it could not be imported (the reader is told)."""
        if self.user_data is None:
            return None
        try:
            added = self.user_data.import_from(path)
        except UserDataError as error:
            self._tell(str(error))
            return None
        self.window.session.ticked = self.user_data.ticked_questions()
        self.window.session.own_questions = self.user_data.own_questions()
        questions = self.window.screens.get("questions")
        if questions is not None:
            questions.rebuild()  # type: ignore[attr-defined]
        if self.window.router.current.route == "saved":
            self.window.open(SAVED)
        return added

    def _clear_history(self) -> Callable[[], None] | None:
        """Empty "Read lately"; returns what puts it back (My pages offers Undo)."""
        if self.user_data is None:
            return None
        user_data = self.user_data
        kept = user_data.history(HISTORY_LIMIT)  # newest first
        if not self._save(user_data.clear_history):
            return None

        def put_back() -> None:
            for address, title in reversed(kept):  # oldest first: the order comes back
                if not self._save(user_data.add_history, address, title):
                    return
        return put_back
