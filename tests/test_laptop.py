"""The family laptop: saved pages and questions survive a restart, move between computers
by export and import, print to PDF, and a damaged or full data file loses nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from desktop_app.core.user_data import UserData, UserDataError
from desktop_app.ui import printing
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.screens.home import HomeScreen

ARTICLE = "app:article/what-is-all"


@pytest.fixture()
def start_laptop(qtbot, content_db: Path):
    """Starts the laptop app on a given saved-data file, as `all-guide` does."""
    windows: list[MainWindow] = []

    def start(user_data: Path) -> MainWindow:
        from desktop_app.ui.application import create_main_window

        window = create_main_window(content_db, user_data=user_data)
        qtbot.addWidget(window)
        window.resize(1100, 760)
        window.open(window.controller.restore() or "app:home")
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield start
    for window in windows:
        if window.controller.user_data is not None:
            window.controller.user_data.close()


def quit_app(window: MainWindow) -> None:
    """What quitting does: remember the window, close, let go of the saved-data file."""
    window.controller.remember_window()
    window.close()
    window.controller.user_data.close()
    window.controller.user_data = None


def tick_and_add(qtbot, window: MainWindow) -> str:
    window.open("app:questions")
    screen = window.current_screen()
    first = screen.rows["diagnosis"][0]
    qtbot.mouseClick(first.box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(screen.add_fields["diagnosis"], "Can my sister stay the night?")
    qtbot.keyClick(screen.add_fields["diagnosis"], Qt.Key.Key_Return)
    return first.text


def test_bookmarks_questions_and_place_survive_a_restart(qtbot, start_laptop,
                                                          tmp_path: Path) -> None:
    saved = tmp_path / "user.sqlite"
    window = start_laptop(saved)
    window.open(ARTICLE)
    qtbot.mouseClick(window.controller.bookmark_button, Qt.MouseButton.LeftButton)
    assert window.controller.bookmark_button.text() == "Bookmarked ✓"
    ticked = tick_and_add(qtbot, window)
    window.open("app:treatment/induction")
    qtbot.mouseClick(window.larger_button, Qt.MouseButton.LeftButton)
    window.resize(1000, 700)
    quit_app(window)

    again = start_laptop(saved)
    assert str(again.router.current) == "app:treatment/induction"  # last page
    assert again.text_scale == 1.25 and again.size().width() == 1000
    again.open("app:saved")
    titles = [card.accessibleName() for card in again.current_screen().bookmark_cards]
    assert titles == ["What is ALL?"]
    qtbot.mouseClick(again.current_screen().bookmark_cards[0], Qt.MouseButton.LeftButton)
    assert str(again.router.current) == ARTICLE
    assert again.controller.bookmark_button.text() == "Bookmarked ✓"
    again.open("app:questions")
    rows = {row.text: row for row in again.current_screen().rows["diagnosis"]}
    assert rows[ticked].box.isChecked()
    assert rows["Can my sister stay the night?"].box.isChecked()


def test_export_then_import_on_another_computer(start_app, tmp_path: Path) -> None:
    person = start_app("--page", ARTICLE, user_data=tmp_path / "old-laptop.sqlite")
    person.click("Bookmark this page")
    person.click("Go to the home page")
    person.click("My questions for the care team")
    first = person.window.current_screen().rows["diagnosis"][0]
    person.click_widget(first.box)
    person.click_widget(person.find("Add your own question to “When you are first "
                                    "diagnosed”", QLineEdit))
    person.type("Can my sister stay the night?")
    person.press(Qt.Key.Key_Return)
    person.click("My pages")
    person.click("Export…")
    exported = tmp_path / "all-guide-saved.json"
    person.answer_file_dialog(exported)
    person.close_message()
    data = json.loads(exported.read_text("utf-8"))
    assert data["format"] == "all-guide-user-data"

    new = start_app(user_data=tmp_path / "new-laptop.sqlite")
    new.click("My pages")
    new.click("Import…")
    new.answer_file_dialog(exported)
    assert "Added 4" in new.close_message()  # one bookmark, two ticks, one own question
    assert new.address == "app:saved"
    assert [c.accessibleName() for c in new.window.current_screen().bookmark_cards] == [
        "What is ALL?"]
    new.click("Questions to ask your care team")
    rows = {row.text: row for row in new.window.current_screen().rows["diagnosis"]}
    assert rows[first.text].box.isChecked()
    assert rows["Can my sister stay the night?"].box.isChecked()
    new.click("My pages")
    new.click("Import…")
    new.answer_file_dialog(exported)
    assert "Nothing new" in new.close_message()  # importing twice adds nothing


def test_a_file_that_is_not_an_export_is_refused(start_app, tmp_path: Path) -> None:
    person = start_app("--page", ARTICLE)
    person.click("Bookmark this page")
    not_export = tmp_path / "holiday.json"
    not_export.write_text('{"photos": 3}', "utf-8")
    person.click("My pages")
    person.click("Import…")
    person.answer_file_dialog(not_export)
    assert "is not an ALL Guide export" in person.close_message()
    assert person.window.isVisible() and person.sees("What is ALL?")


def test_an_article_prints_with_its_sources_and_dates(start_app) -> None:
    person = start_app("--page", ARTICLE)
    assert person.find("Save as PDF").isEnabled()
    page = printing.printable(person.window.repository, person.window.session,
                              person.window.router.current)
    assert page is not None and page.title == "What is ALL?"
    for must in ("What is ALL?", "Sources checked"):
        assert must in page.html
    assert 'href="app:' not in page.html  # links mean nothing on paper
    person.click("Go to the home page")
    person.click("Glossary A to Z")
    assert not person.find("Save as PDF").isEnabled()


def test_the_question_list_prints_only_what_was_ticked(start_app) -> None:
    person = start_app("--page", "app:questions")
    screen = person.window.current_screen()
    ticked = screen.rows["diagnosis"][0]
    person.click_widget(ticked.box)
    page = printing.printable(person.window.repository, person.window.session,
                              person.window.router.current)
    assert page is not None and ticked.text in page.html
    assert screen.rows["diagnosis"][1].text not in page.html
    image = printing.preview_image(page)
    assert image.width() == 794 and image.height() == 1123


def test_a_damaged_saved_data_file_is_left_alone_and_the_app_runs(qtbot, start_laptop,
                                                                  tmp_path: Path) -> None:
    damaged = tmp_path / "user.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 3000)
    before = damaged.read_bytes()
    window = start_laptop(damaged)
    assert window.controller.user_data is None
    assert "could not be opened" in window.controller.problems[0]
    assert not window.controller.bookmark_button.isEnabled()
    window.open(ARTICLE)
    assert window.current_screen().page_title() == "What is ALL?"
    tick_and_add(qtbot, window)  # questions still work for this session
    assert damaged.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["user.sqlite"]


def test_a_full_disk_is_reported_and_what_was_saved_survives(qtbot, start_laptop,
                                                             tmp_path: Path) -> None:
    saved = tmp_path / "user.sqlite"
    window = start_laptop(saved)
    window.open(ARTICLE)
    window.controller.toggle_bookmark()
    user_data = window.controller.user_data
    pages = user_data._db.execute("PRAGMA page_count").fetchone()[0]
    user_data._db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    window.open("app:questions")
    screen = window.current_screen()
    long_question = "Will the treatment change? " * 400
    qtbot.keyClicks(screen.add_fields["relapse"], long_question[:2000])
    qtbot.keyClick(screen.add_fields["relapse"], Qt.Key.Key_Return)
    assert "could not be saved" in window.controller.problems[-1]
    message = window.controller.message_box
    assert isinstance(message, QMessageBox) and message.isVisible()
    assert window.errors == [] and window.isVisible()
    assert isinstance(window.current_screen(), type(screen))  # no reset to home
    message.accept()
    window.close()
    user_data.close()
    window.controller.user_data = None

    with sqlite3.connect(saved) as check:
        assert check.execute("SELECT address FROM bookmarks").fetchall() == [(ARTICLE,)]


def test_user_data_writes_are_safe(tmp_path: Path) -> None:
    user_data = UserData(tmp_path / "user.sqlite")
    assert user_data._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    user_data.add_bookmark(ARTICLE, "What is ALL?")
    # another process (a second reader) sees the change at once: it is committed
    with sqlite3.connect(tmp_path / "user.sqlite") as other:
        assert other.execute("SELECT count(*) FROM bookmarks").fetchone()[0] == 1
    damaged_export = tmp_path / "broken.json"
    damaged_export.write_text(json.dumps({"format": "all-guide-user-data", "version": 1,
                                          "bookmarks": [{"address": "x"}]}), "utf-8")
    with pytest.raises(UserDataError, match="damaged"):
        user_data.import_from(damaged_export)
    assert user_data.bookmarks() == [(ARTICLE, "What is ALL?")]  # nothing half-imported
    user_data.close()


def test_the_laptop_window_has_its_own_controls_named(start_laptop, tmp_path: Path) -> None:
    window = start_laptop(tmp_path / "user.sqlite")
    controller = window.controller
    for button in (controller.bookmark_button, controller.print_button,
                   controller.pdf_button, controller.saved_button):
        assert button.accessibleName() and button.isVisible()
    assert not isinstance(QApplication.activeModalWidget(), QMessageBox)
    assert isinstance(window.current_screen(), HomeScreen)


def test_a_removed_question_and_a_cleared_read_lately_can_be_put_back(start_app) -> None:
    """WCAG 3.3.4: taking a question off the list, or clearing "Read lately", can be
    undone at once from where it was done; Undo takes the focus, and what it brings
    back is saved again."""
    person = start_app("--page", "app:article/what-is-all")
    person.click("Go to the home page")
    person.click("My questions for the care team")
    person.click_widget(person.find("Add your own question to “When you are first diagnosed”",
                                    QLineEdit))
    person.type("Can my sister stay the night?")
    person.press(Qt.Key.Key_Return)
    person.click("My pages")
    person.click("Remove: Can my sister stay the night?")
    assert not person.sees("Can my sister stay the night?")
    undo = person.find("Undo: One question taken off your list.", exact=True)
    assert undo.hasFocus()
    person.press(Qt.Key.Key_Space)  # the keyboard is already on Undo
    assert person.sees("Can my sister stay the night?")
    assert not person.can_see("Undo: One question taken off your list.")
    assert "Can my sister stay the night?" in person.window.controller.user_data.own_questions(
        )["diagnosis"]
    before = person.window.controller.user_data.history(10)
    assert before
    person.click("Clear this list of pages read lately")
    assert person.sees("Nothing yet.")
    person.click("Undo: The list of pages read lately was cleared.")
    assert not person.sees("Nothing yet.")
    assert person.window.controller.user_data.history(10) == before
