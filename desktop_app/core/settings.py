"""Site settings: the TOML file a hospital's IT team edits (see docs/site-settings.md).

A bad file never starts the app unlocked: every problem is reported with its line, and
when there is any problem the app falls back to the locked kiosk profile with safe
defaults, so a typo in `profile = "kiosk"` cannot leave a ward computer open.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop_app.core.problems import FileProblem

PROFILES = ("kiosk", "tablet", "laptop")
SETTINGS_ENV = "ALL_GUIDE_SETTINGS"
MIN_IDLE, MAX_IDLE = 30, 3600
# the wipe comes at most two minutes after "Are you still there?", so a kiosk left alone
# never shows the last person's pages to the next for long
MIN_WARNING, MAX_WARNING = 20, 120
MAX_CONTACTS = 50
MAX_HIDDEN_SECTIONS = 50
CONTACT_KEYS = {"name", "phone", "note"}
LINUX_SETTINGS = Path("/etc/xdg/all-guide/site.toml")


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str = ""
    note: str = ""


@dataclass(frozen=True)
class SiteSettings:
    profile: str = "laptop"
    idle_timeout_seconds: int = 120
    warning_seconds: int = 30
    admin_pin_hash: str = ""
    site_name: str = ""
    contacts: tuple[Contact, ...] = ()
    hidden_sections: tuple[str, ...] = ()
    # kiosk and tablet: the app's own on-screen keyboard opens for a text field; false
    # where the site uses the operating system's keyboard instead
    on_screen_keyboard: bool = True
    # kiosk: the whole screen speaks, each control its name as it gets the focus, for
    # patients who cannot see or read the screen (docs/read-aloud.md)
    speak_controls: bool = False


SAFE_SETTINGS = SiteSettings(profile="kiosk")


SettingsProblem = FileProblem  # file:line: message


@dataclass
class LoadedSettings:
    settings: SiteSettings
    path: Path
    problems: list[SettingsProblem] = field(default_factory=list)
    found: bool = False


def default_settings_path() -> Path:
    """$ALL_GUIDE_SETTINGS, else the machine-wide config folder (platformdirs):
    /etc/xdg/all-guide/site.toml on Linux, C:\\ProgramData\\all-guide\\site.toml on
    Windows, /Library/Application Support/all-guide/site.toml on macOS."""
    override = os.environ.get(SETTINGS_ENV)
    if override:
        return Path(override)
    if sys.platform.startswith("linux"):  # fixed, whatever XDG_CONFIG_DIRS a desktop sets
        return LINUX_SETTINGS
    from platformdirs import site_config_path

    return site_config_path("all-guide", appauthor=False) / "site.toml"


class _Lines:
    """Where each key (or `[[key]]` table) is written, found in one pass over the text,
    so messages name lines without rescanning the file for every entry."""

    _KEY = re.compile(r"^[ \t]*\[*[ \t]*([A-Za-z0-9_.-]+)", re.MULTILINE)

    def __init__(self, text: str) -> None:
        self.where: dict[str, list[int]] = {}
        line, last = 1, 0
        for match in self._KEY.finditer(text):
            line += text.count("\n", last, match.start())
            last = match.start()
            for key in {match.group(1), *match.group(1).split(".")}:  # [contacts.x]
                self.where.setdefault(key, []).append(line)

    def of(self, key: str, occurrence: int = 0, after_line: int = 0) -> int:
        lines = [n for n in self.where.get(key, ()) if n > after_line]
        return lines[min(occurrence, len(lines) - 1)] if lines else 1


def _line_of(text: str, key: str, occurrence: int = 0, after_line: int = 0) -> int:
    """The line where `key` (or its `[[key]]` table) is written, for messages."""
    return _Lines(text).of(key, occurrence, after_line)


def load_site_settings(path: Path | None = None, *, must_exist: bool = False) -> LoadedSettings:
    """Read the site settings. A missing file at the usual place means the defaults
    (laptop); a file named on purpose (`--settings`, $ALL_GUIDE_SETTINGS) that is missing
    is a problem, since a mistyped path must not unlock a kiosk."""
    must_exist = must_exist or (path is None and bool(os.environ.get(SETTINGS_ENV)))
    path = path or default_settings_path()
    from desktop_app.core.limits import MAX_SETTINGS_BYTES, FileRefused, read_text

    try:  # never blocks on a pipe, never reads more than a settings file can hold
        text = read_text(path, MAX_SETTINGS_BYTES, "utf-8-sig")  # Notepad may add a BOM
    except FileNotFoundError:
        if must_exist:
            problem = SettingsProblem(path, 1, "no such file")
            return LoadedSettings(SAFE_SETTINGS, path, [problem])
        return LoadedSettings(SiteSettings(), path)
    except FileRefused as error:
        problem = SettingsProblem(path, 1, f"cannot be used: {error}")
        return LoadedSettings(SAFE_SETTINGS, path, [problem], found=True)
    except (OSError, UnicodeDecodeError) as error:
        problem = SettingsProblem(path, 1, f"cannot be read: {error}")
        return LoadedSettings(SAFE_SETTINGS, path, [problem], found=True)
    import tomllib  # only sites with a settings file pay for the TOML parser at start-up

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        line = int(match.group(1)) if match else 1
        problem = SettingsProblem(path, line, f"not valid TOML: {error}")
        return LoadedSettings(SAFE_SETTINGS, path, [problem], found=True)
    except (RecursionError, ValueError) as error:  # arrays nested thousands deep
        problem = SettingsProblem(path, 1, f"not usable TOML ({type(error).__name__}): "
                                           "values are nested far too deeply")
        return LoadedSettings(SAFE_SETTINGS, path, [problem], found=True)
    settings, problems = _validate(data, text, path)
    if problems:  # locked, but staff can still leave with a PIN that was set properly
        from desktop_app.core.pin import is_pin_hash

        pin_hash = settings.admin_pin_hash if is_pin_hash(settings.admin_pin_hash) else ""
        return LoadedSettings(replace(SAFE_SETTINGS, admin_pin_hash=pin_hash), path,
                              problems, found=True)
    return LoadedSettings(settings, path, problems, found=True)


def unknown_hidden_sections(loaded: LoadedSettings,
                            section_ids: set[str]) -> list[SettingsProblem]:
    """hidden_sections naming no section of the content (checked once the content is
    open): reported with their line, so a typo does not silently show a section."""
    try:
        text = loaded.path.read_text(encoding="utf-8-sig")
    except OSError:
        text = ""
    return [SettingsProblem(loaded.path, _line_of(text, "hidden_sections"),
                            f"hidden_sections: there is no section {name!r} (sections: "
                            f"{', '.join(sorted(section_ids))})")
            for name in loaded.settings.hidden_sections if name not in section_ids]


@dataclass(frozen=True)
class _Rule:
    """One plain setting: its default, and a check returning what is wrong, or None."""

    default: object
    check: Callable[[object], str | None]


def _whole(low: int, high: int) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return None
        return f"must be a whole number from {low} to {high}"
    return check


def _text(most: int, *, empty: bool = True) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if not isinstance(value, str):
            return "must be text in quotes"
        if not empty and not value.strip():
            return "must not be empty"
        if len(value) > most:
            return f"must be at most {most} characters (it has {len(value):,})"
        if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or 0x202A <= ord(c) <= 0x202E
               or 0x2066 <= ord(c) <= 0x2069 for c in value):
            return "must not hold control characters"
        return None
    return check


def _one_of(choices: tuple[str, ...]) -> Callable[[object], str | None]:
    return lambda value: None if value in choices else \
        f"must be one of {', '.join(choices)}, not {_shown(value)}"


def _pin_hash(value: object) -> str | None:
    from desktop_app.core.pin import pin_hash_problem  # (hashlib: ms at start-up)

    problem = pin_hash_problem(value)
    return None if problem is None else \
        f"is not a hash made by `all-guide --set-admin-pin` ({problem})"


def _section_ids(value: object) -> str | None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return "must be a list of section ids"
    if len(value) > MAX_HIDDEN_SECTIONS:
        return f"must name at most {MAX_HIDDEN_SECTIONS} sections"
    if any(not _SECTION_ID.fullmatch(item) for item in value):
        return "must be a list of section ids"
    return None


def _boolean(value: object) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_SECTION_ID = re.compile(r"[a-z0-9-]{1,64}")
RULES: dict[str, _Rule] = {
    "profile": _Rule("laptop", _one_of(PROFILES)),
    "idle_timeout_seconds": _Rule(120, _whole(MIN_IDLE, MAX_IDLE)),
    "warning_seconds": _Rule(30, _whole(MIN_WARNING, MAX_WARNING)),
    "admin_pin_hash": _Rule("", lambda value: None if value == "" else _pin_hash(value)),
    "site_name": _Rule("", _text(120)),
    "hidden_sections": _Rule([], _section_ids),
    "on_screen_keyboard": _Rule(True, _boolean),
    "speak_controls": _Rule(False, _boolean),
}
CONTACT_RULES: dict[str, _Rule] = {
    "name": _Rule(None, _text(120, empty=False)),
    "phone": _Rule("", _text(40)),
    "note": _Rule("", _text(300)),
}
KNOWN = {*RULES, "contacts"}


def _validate(data: dict[str, Any], text: str,
              path: Path) -> tuple[SiteSettings, list[SettingsProblem]]:
    """Every setting checked by its rule (RULES, CONTACT_RULES); a value that breaks its
    rule is reported with its line and replaced by its default."""
    problems: list[SettingsProblem] = []
    lines = _Lines(text)

    def problem(key: str, message: str, occurrence: int = 0, after_line: int = 0) -> None:
        problems.append(SettingsProblem(path, lines.of(key, occurrence, after_line),
                                        message))

    for key in data:
        if key not in KNOWN:
            problem(key, f"unknown setting {_shown(key)} (known: {', '.join(sorted(KNOWN))})")
    values: dict[str, Any] = {}
    for key, rule in RULES.items():
        value = data.get(key, rule.default)
        message = rule.check(value) if key in data else None
        if message:
            message = f"{key} {message}"
            problem(key, message)
            value = rule.default
        values[key] = value
    contacts = _contacts(data.get("contacts", []), lines, problem)
    settings = SiteSettings(
        profile=values["profile"] if values["profile"] in PROFILES else "kiosk",
        idle_timeout_seconds=values["idle_timeout_seconds"],
        warning_seconds=values["warning_seconds"],
        admin_pin_hash=values["admin_pin_hash"],
        site_name=values["site_name"],
        contacts=tuple(contacts),
        hidden_sections=tuple(values["hidden_sections"]),
        on_screen_keyboard=values["on_screen_keyboard"],
        speak_controls=values["speak_controls"],
    )
    return settings, problems


def _contacts(entries: object, lines: _Lines,
              problem: Callable[..., None]) -> list[Contact]:
    """The [[contacts]] tables, counted before any is looked at, so a file of thousands
    is refused at once."""
    if not isinstance(entries, list):
        problem("contacts", "contacts must be written as [[contacts]] tables, each with "
                            "a name")
        return []
    if len(entries) > MAX_CONTACTS:
        problem("contacts", f"at most {MAX_CONTACTS} [[contacts]] (there are "
                            f"{len(entries):,})")
        return []
    contacts = []
    for number, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            problem("contacts", "each [[contacts]] needs a name", number)
            continue
        table_line = lines.of("contacts", number)
        fields: dict[str, str] = {}
        for key in sorted(entry.keys() - CONTACT_KEYS, key=str):
            problem(key, f"unknown key {_shown(key)} in [[contacts]] (known: name, phone, "
                         "note); settings written below a [[contacts]] table belong to "
                         "it, so put them above the first [[contacts]]",
                    after_line=table_line)
        for key, rule in CONTACT_RULES.items():
            value = entry.get(key, rule.default)
            message = rule.check(value)
            if message:
                problem(key, f"[[contacts]] {key} {message}", after_line=table_line)
                value = rule.default if rule.default is not None else ""
            fields[key] = value
        contacts.append(Contact(fields["name"], fields["phone"], fields["note"]))
    return contacts


def set_admin_pin_hash(path: Path, pin_hash: str) -> None:
    """Write the admin PIN hash into the settings file, keeping IT's comments (tomlkit)."""
    import tomlkit

    document = tomlkit.parse(path.read_text(encoding="utf-8-sig")) if path.exists() \
        else tomlkit.document()
    document["admin_pin_hash"] = pin_hash
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".new")
    temporary.unlink(missing_ok=True)  # a leftover from an interrupted run keeps its mode
    temporary.touch(mode=0o600)  # never readable by others, even for a moment
    if path.exists():  # keep IT's permissions, owner and group on the new file
        shutil.copymode(path, temporary)
        old = path.stat()
        with contextlib.suppress(AttributeError, PermissionError):
            os.chown(temporary, old.st_uid, old.st_gid)
    temporary.write_text(tomlkit.dumps(document), encoding="utf-8")
    os.replace(temporary, path)
