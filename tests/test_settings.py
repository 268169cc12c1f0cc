"""Site settings: what hospital IT writes is obeyed, and a mistake never opens a kiosk."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.core.pin import hash_pin, is_pin_hash, verify_pin
from desktop_app.core.settings import SAFE_SETTINGS, Contact, load_site_settings

GOOD = """\
# St Example's children's ward kiosk
profile = "kiosk"
idle_timeout_seconds = 90
warning_seconds = 25
site_name = "Ward 7, St Example's"
hidden_sections = ["trials", "research"]

[[contacts]]
name = "Ward 7 nurses' station"
phone = "01234 000000"

[[contacts]]
name = "Parents' support group"
note = "Thursdays in the family room"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text, "utf-8")
    return path


def test_a_good_file_is_read_whole(tmp_path: Path) -> None:
    loaded = load_site_settings(write(tmp_path, GOOD))
    assert loaded.problems == [] and loaded.found
    settings = loaded.settings
    assert settings.profile == "kiosk" and settings.idle_timeout_seconds == 90
    assert settings.warning_seconds == 25 and settings.site_name == "Ward 7, St Example's"
    assert settings.hidden_sections == ("trials", "research")
    assert settings.contacts == (Contact("Ward 7 nurses' station", "01234 000000"),
                                 Contact("Parents' support group", "",
                                         "Thursdays in the family room"))


def test_no_file_means_a_laptop(tmp_path: Path) -> None:
    loaded = load_site_settings(tmp_path / "absent.toml")
    assert loaded.settings.profile == "laptop" and not loaded.found and not loaded.problems


@pytest.mark.parametrize(("change", "line", "words"), [
    (('profile = "kiosk"', 'profile = "kisok"'), 2, "profile must be one of"),
    (('profile = "kiosk"', 'profle = "kiosk"'), 2, "unknown setting 'profle'"),
    (("idle_timeout_seconds = 90", "idle_timeout_seconds = 5"), 3, "from 30 to 3600"),
    (("warning_seconds = 25", "warning_seconds = 10"), 4, "20 or more"),
    (('hidden_sections = ["trials", "research"]', 'hidden_sections = "trials"'), 6,
     "list of section ids"),
    (("site_name = \"Ward 7, St Example's\"", "site_name = Ward 7"), 5, "not valid TOML"),
    (('name = "Parents\' support group"', 'nmae = "Parents"'), 12, "needs a name"),
    (('note = "Thursdays in the family room"', 'profile = "laptop"'), 14,
     "unknown key 'profile' in [[contacts]]"),
])
def test_a_mistake_names_its_line_and_starts_a_locked_kiosk(tmp_path: Path, change, line: int,
                                                             words: str) -> None:
    loaded = load_site_settings(write(tmp_path, GOOD.replace(*change)))
    assert loaded.settings == SAFE_SETTINGS and loaded.settings.profile == "kiosk"
    assert len(loaded.problems) == 1, loaded.problems
    problem = loaded.problems[0]
    assert words in problem.message
    assert problem.line == line, str(problem)
    assert str(problem).startswith(f"{tmp_path / 'site.toml'}:{line}: ")


def test_a_locked_kiosk_keeps_a_proper_pin_so_staff_can_leave(tmp_path: Path) -> None:
    pin_hash = hash_pin("13579")
    broken = f'admin_pin_hash = "{pin_hash}"\n' + GOOD.replace("= 90", "= 9")
    loaded = load_site_settings(write(tmp_path, broken))
    assert loaded.settings.profile == "kiosk" and loaded.settings.idle_timeout_seconds == 120
    assert loaded.settings.admin_pin_hash == pin_hash


def test_a_hidden_section_that_does_not_exist_is_reported(tmp_path: Path, caplog,
                                                           content_db: Path) -> None:
    settings = write(tmp_path, GOOD.replace('"research"]', '"reserch"]'))
    assert cli.main(["--settings", str(settings), "--content-db", str(content_db),
                     "--screenshot", str(tmp_path / "a.png")]) == 0
    assert f"{settings}:6: hidden_sections: there is no section 'reserch'" in caplog.text


def test_a_made_up_pin_hash_is_refused(tmp_path: Path) -> None:
    loaded = load_site_settings(write(tmp_path, 'admin_pin_hash = "1234"\n' + GOOD))
    assert loaded.settings == SAFE_SETTINGS
    assert "--set-admin-pin" in loaded.problems[0].message


def test_a_file_that_is_not_text_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_bytes(b"\xff\xfe\x00profile")
    loaded = load_site_settings(path)
    assert loaded.settings == SAFE_SETTINGS and loaded.problems


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_bytes(GOOD.encode("utf-8-sig"))
    assert load_site_settings(path).problems == []


def test_a_settings_file_named_on_purpose_must_exist(tmp_path: Path, monkeypatch) -> None:
    missing = tmp_path / "sitte.toml"
    loaded = load_site_settings(missing, must_exist=True)
    assert loaded.settings == SAFE_SETTINGS and "no such file" in str(loaded.problems[0])
    monkeypatch.setenv("ALL_GUIDE_SETTINGS", str(missing))
    assert load_site_settings().settings == SAFE_SETTINGS


def test_check_settings_exits_1_on_a_problem(tmp_path: Path, capsys, monkeypatch) -> None:
    good = write(tmp_path, GOOD)
    assert cli.main(["--settings", str(good), "--check-settings"]) == 0
    assert "OK" in capsys.readouterr().out
    good.write_text(GOOD.replace("= 90", "= 9"), "utf-8")
    assert cli.main(["--settings", str(good), "--check-settings"]) == 1
    assert cli.main(["--settings", str(tmp_path / "none.toml"), "--check-settings"]) == 1
    monkeypatch.setenv("ALL_GUIDE_SETTINGS", str(tmp_path / "typo.toml"))
    assert cli.main(["--check-settings"]) == 1


def test_the_cli_reports_the_line_and_starts_locked(tmp_path: Path, monkeypatch,
                                                    caplog) -> None:
    settings = write(tmp_path, GOOD.replace('profile = "kiosk"', 'profile = "laptpo"'))
    started: dict[str, str] = {}
    monkeypatch.setattr(cli, "_run", lambda app, window, profile, page:
                        started.setdefault("profile", profile) and 0)
    assert cli.main(["--settings", str(settings), "--profile", "laptop"]) == 0
    assert started["profile"] == "kiosk"  # even over --profile
    assert f"{settings}:2: profile must be one of" in caplog.text


def test_set_admin_pin_keeps_it_comments_and_stores_only_a_hash(tmp_path: Path,
                                                                 monkeypatch) -> None:
    settings = tmp_path / "site.toml"
    settings.write_bytes(GOOD.encode("utf-8-sig"))  # saved by Notepad, with a BOM
    settings.chmod(0o640)
    answers = iter(["8642", "8642"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": next(answers))
    assert cli.main(["--settings", str(settings), "--set-admin-pin"]) == 0
    text = settings.read_text("utf-8")
    assert settings.stat().st_mode & 0o777 == 0o640  # IT's permissions kept
    assert "# St Example's children's ward kiosk" in text and "8642" not in text
    loaded = load_site_settings(settings)
    assert loaded.problems == []
    assert is_pin_hash(loaded.settings.admin_pin_hash)
    assert verify_pin("8642", loaded.settings.admin_pin_hash)
    assert not verify_pin("8643", loaded.settings.admin_pin_hash)


def test_set_admin_pin_refuses_a_mismatch_or_a_short_pin(tmp_path: Path,
                                                         monkeypatch) -> None:
    settings = write(tmp_path, GOOD)
    for first, second in (("8642", "8641"), ("12", "12")):
        answers = iter([first, second])
        monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="", a=answers: next(a))
        assert cli.main(["--settings", str(settings), "--set-admin-pin"]) == 1
    assert settings.read_text("utf-8") == GOOD
    with pytest.raises(ValueError):
        hash_pin("abcd")


def test_hidden_sections_and_contacts_show_in_the_app(qtbot, content_db: Path,
                                                      tmp_path: Path) -> None:
    from desktop_app.ui.application import create_main_window

    settings = load_site_settings(write(tmp_path, GOOD.replace('"kiosk"', '"laptop"')))
    window = create_main_window(content_db, settings.settings, "laptop",
                                user_data=tmp_path / "user.sqlite")
    qtbot.addWidget(window)
    window.show()
    home_cards = window.current_screen().findChildren(type(window.controller.saved_button))
    names = " ".join(card.accessibleName() for card in home_cards)
    assert "Clinical trials" not in names and "Treatment" in names
    window.open("app:section/trials")
    assert window.current_screen().page_title() != "Clinical trials"
    assert "Ward 7 nurses' station: 01234 000000" in window.footer.text()
    window.open("app:section/support")
    texts = " ".join(label.text() for label in window.current_screen().findChildren(
        type(window.footer)))
    for words in ("Ward 7 nurses", "01234 000000", "Thursdays in the family room"):
        assert words in texts
    window.controller.user_data.close()
