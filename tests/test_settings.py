"""Site settings: what hospital IT writes is obeyed, and a mistake never opens a kiosk."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.core.pin import hash_pin, is_pin_hash, pin_hash_problem, verify_pin
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
    (("warning_seconds = 25", "warning_seconds = 10"), 4, "from 20 to 120"),
    (("warning_seconds = 25", "warning_seconds = 121"), 4, "from 20 to 120"),
    (("warning_seconds = 25", "warning_seconds = 99999999"), 4, "from 20 to 120"),
    (("warning_seconds = 25", "warning_seconds = true"), 4, "from 20 to 120"),
    (("idle_timeout_seconds = 90", "idle_timeout_seconds = 90.5"), 3, "from 30 to 3600"),
    (("idle_timeout_seconds = 90", "idle_timeout_seconds = 3601"), 3, "from 30 to 3600"),
    (("idle_timeout_seconds = 90", 'idle_timeout_seconds = "90"'), 3, "from 30 to 3600"),
    (('profile = "kiosk"', "profile = 1"), 2, "profile must be one of"),
    (('profile = "kiosk"', "profile = [[[1]]]"), 2, "profile must be one of"),
    (("site_name = \"Ward 7, St Example's\"", "site_name = 7"), 5, "text in quotes"),
    (("site_name = \"Ward 7, St Example's\"", f'site_name = "{"x" * 121}"'), 5,
     "at most 120 characters"),
    (("site_name = \"Ward 7, St Example's\"", 'site_name = "Ward \\u202e7"'), 5,
     "control characters"),
    (('hidden_sections = ["trials", "research"]', "hidden_sections = [[1], {}]"), 6,
     "list of section ids"),
    (('hidden_sections = ["trials", "research"]', 'hidden_sections = ["../etc"]'), 6,
     "list of section ids"),
    (('hidden_sections = ["trials", "research"]', "on_screen_keyboard = 1"), 6,
     "true or false"),
    (('phone = "01234 000000"', "phone = 1234000000"), 10,
     "[[contacts]] phone must be text"),
    (('phone = "01234 000000"', f'phone = "{"1" * 41}"'), 10, "at most 40 characters"),
    (('note = "Thursdays in the family room"', f'note = "{"n" * 301}"'), 14,
     "at most 300 characters"),
    (('name = "Ward 7 nurses\' station"', 'name = "   "'), 9, "name must not be empty"),
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


def test_the_cli_reports_the_line_and_starts_locked(start_app, caplog) -> None:
    person = start_app("--profile", "laptop",
                       settings=GOOD.replace('profile = "kiosk"', 'profile = "laptpo"'))
    assert person.profile == "kiosk"  # even over --profile
    assert ".toml:2: profile must be one of" in caplog.text


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


# Files and values that once crashed or froze the kiosk (issue 15): each is a problem with
# its line, and the app still starts as a locked kiosk.

HEADER = 'profile = "kiosk"\nidle_timeout_seconds = 90\n'


@pytest.mark.parametrize(("text", "line", "words"), [
    (HEADER + "contacts = 5\n", 3, "[[contacts]] tables"),
    (HEADER + 'contacts = "Ward 7"\n', 3, "[[contacts]] tables"),
    (HEADER + "contacts = {name = 'x'}\n", 3, "[[contacts]] tables"),
    (HEADER + "contacts = [1, 2]\n", 3, "needs a name"),
    (HEADER + "contacts = [[[[1]]]]\n", 3, "needs a name"),
    (HEADER + "site_name = " + "[" * 5000 + "]" * 5000 + "\n", 1, "nested far too deeply"),
    (HEADER + "[[contacts]]\nname = 'x'\nphone = {a = {b = {c = 1}}}\n", 5,
     "phone must be text"),
    (HEADER + "[[contacts]]\nname = ['a']\n", 3, "needs a name"),
    (HEADER + "[[contacts]]\nname = 'x'\n[contacts.extra]\nx = 1\n", 5,
     "unknown key 'extra'"),
])
def test_junk_values_are_problems_not_crashes(tmp_path: Path, text: str, line: int,
                                              words: str) -> None:
    loaded = load_site_settings(write(tmp_path, text))
    assert loaded.settings.profile == "kiosk" and loaded.problems
    assert any(words in p.message and p.line == line for p in loaded.problems), \
        [str(p) for p in loaded.problems]


@pytest.mark.parametrize("count", [51, 1000, 3000])
def test_too_many_contacts_are_refused_at_once(tmp_path: Path, count: int) -> None:
    import time

    text = HEADER + "".join(f'[[contacts]]\nname = "Contact {n}"\nphone = "0{n}"\n'
                            for n in range(count))
    path = write(tmp_path, text)
    started = time.perf_counter()
    loaded = load_site_settings(path)
    seconds = time.perf_counter() - started
    assert loaded.settings == SAFE_SETTINGS
    assert [p.message for p in loaded.problems] == [
        f"at most 50 [[contacts]] (there are {count:,})"]
    assert loaded.problems[0].line == 3
    assert seconds < 0.5, f"{count} contacts took {seconds:.2f} s"


def test_fifty_contacts_are_fine(tmp_path: Path) -> None:
    text = HEADER + "".join(f'[[contacts]]\nname = "Contact {n}"\n' for n in range(50))
    loaded = load_site_settings(write(tmp_path, text))
    assert loaded.problems == [] and len(loaded.settings.contacts) == 50


def test_a_contact_problem_names_the_line_of_that_contact(tmp_path: Path) -> None:
    text = HEADER + "".join(f'[[contacts]]\nname = "Contact {n}"\nphone = "0{n}"\n'
                            for n in range(5)).replace('phone = "03"', "phone = 3")
    loaded = load_site_settings(write(tmp_path, text))
    assert [(p.line, p.message) for p in loaded.problems] == [
        (14, "[[contacts]] phone must be text in quotes")]


GOOD_HASH = hash_pin("2468")
_, _N, _R, _P, SALT, DIGEST = GOOD_HASH.split("$")


@pytest.mark.parametrize(("pin_hash", "words"), [
    ("scrypt$16384$8$1$" + SALT, "scrypt$n$r$p$salt$hash"),
    (GOOD_HASH + "$extra", "scrypt$n$r$p$salt$hash"),
    (GOOD_HASH.replace("scrypt", "SCRYPT", 1), "scrypt$n$r$p$salt$hash"),
    (f"scrypt$16384$8$1$$${DIGEST}", "scrypt$n$r$p$salt$hash"),
    ("scrypt$16384$8$1$!!!!$" + DIGEST, "salt"),
    (f"scrypt$16384$8$1${SALT}$" + DIGEST[:-4], "32 bytes"),
    (f"scrypt$16384$8$1${SALT}$AAAA", "32 bytes"),
    (f"scrypt$16384$8$1$AAAA${DIGEST}", "salt"),
    (f"scrypt$16385$8$1${SALT}${DIGEST}", "power of two"),
    (f"scrypt$0$8$1${SALT}${DIGEST}", "whole numbers"),
    (f"scrypt$016384$8$1${SALT}${DIGEST}", "whole numbers"),
    (f"scrypt$-16384$8$1${SALT}${DIGEST}", "whole numbers"),
    (f"scrypt$\u00b2\u00b2$8$1${SALT}${DIGEST}", "whole numbers"),
    (f"scrypt$1048576$8$1${SALT}${DIGEST}", "power of two"),
    (f"scrypt$16384$1024$1${SALT}${DIGEST}", "r must be"),
    (f"scrypt$16384$8$999999999${SALT}${DIGEST}", "r must be"),
    (f"scrypt$65536$16$4${SALT}${DIGEST}", "too slow"),
    ("scrypt$" * 100, "too long"),
])
def test_malformed_pin_hashes_are_refused(tmp_path: Path, pin_hash: str, words: str,
                                          capsys) -> None:
    assert words in (pin_hash_problem(pin_hash) or "")
    assert not verify_pin("2468", pin_hash)
    path = write(tmp_path, f'admin_pin_hash = "{pin_hash}"\n' + GOOD)
    loaded = load_site_settings(path)
    assert loaded.settings == SAFE_SETTINGS  # locked, and with no bad hash kept
    assert [p.line for p in loaded.problems] == [1]
    assert "--set-admin-pin" in loaded.problems[0].message
    assert cli.main(["--settings", str(path), "--check-settings"]) == 1
    assert "1 problem(s)" in capsys.readouterr().out


def test_checking_a_pin_takes_well_under_a_second_for_any_accepted_hash() -> None:
    import time

    from desktop_app.core import pin

    worst = f"scrypt${2**15}$8$1${SALT}${DIGEST}"  # the most work a hash may ask for
    assert pin.pin_hash_problem(worst) is None
    started = time.perf_counter()
    assert not verify_pin("2468", worst)
    assert time.perf_counter() - started < 1.0
    assert verify_pin("2468", GOOD_HASH)


def test_a_named_pipe_or_a_folder_as_settings_is_refused_at_once(tmp_path: Path,
                                                                 capsys) -> None:
    import os

    pipe = tmp_path / "site.toml"
    os.mkfifo(pipe)  # reading it would block for ever
    for path, words in ((pipe, "is a named pipe"), (tmp_path, "is a folder"),
                        (Path("/dev/zero"), "is a device")):
        loaded = load_site_settings(path, must_exist=True)
        assert loaded.settings == SAFE_SETTINGS
        assert words in loaded.problems[0].message, loaded.problems
        assert cli.main(["--settings", str(path), "--check-settings"]) == 1
        assert "1 problem(s)" in capsys.readouterr().out


def test_a_huge_settings_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    with path.open("w", encoding="utf-8") as file:
        file.write(GOOD)
        file.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    loaded = load_site_settings(path)
    assert loaded.settings == SAFE_SETTINGS
    assert "is too big" in loaded.problems[0].message


def test_the_kiosk_starts_locked_on_junk_settings(start_app) -> None:
    person = start_app(settings=HEADER + "contacts = 5\n" + "[" * 3000 + "\n")
    assert person.profile == "kiosk"
    assert person.window.isFullScreen()


def test_a_kiosk_locked_by_bad_settings_tells_staff_why(start_app) -> None:
    person = start_app(settings=HEADER + "warning_seconds = 100000\n")
    assert person.profile == "kiosk"
    assert person.sees("--check-settings")
