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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

PROFILES = ("kiosk", "tablet", "laptop")
SETTINGS_ENV = "ALL_GUIDE_SETTINGS"
MIN_IDLE, MAX_IDLE = 30, 3600
MIN_WARNING = 20
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


SAFE_SETTINGS = SiteSettings(profile="kiosk")


@dataclass(frozen=True)
class SettingsProblem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


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


def _line_of(text: str, key: str, occurrence: int = 0, after_line: int = 0) -> int:
    """The line where `key` (or its `[[key]]` table) is written, for messages."""
    pattern = re.compile(rf"^[ \t]*\[*[ \t]*{re.escape(key)}\b", re.MULTILINE)
    matches = [m for m in pattern.finditer(text)
               if text.count("\n", 0, m.start()) + 1 > after_line]
    if not matches:
        return 1
    match = matches[min(occurrence, len(matches) - 1)]
    return text.count("\n", 0, match.start()) + 1


def load_site_settings(path: Path | None = None, *, must_exist: bool = False) -> LoadedSettings:
    """Read the site settings. A missing file at the usual place means the defaults
    (laptop); a file named on purpose (`--settings`, $ALL_GUIDE_SETTINGS) that is missing
    is a problem, since a mistyped path must not unlock a kiosk."""
    must_exist = must_exist or (path is None and bool(os.environ.get(SETTINGS_ENV)))
    path = path or default_settings_path()
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad may add a byte order mark
    except FileNotFoundError:
        if must_exist:
            problem = SettingsProblem(path, 1, "no such file")
            return LoadedSettings(SAFE_SETTINGS, path, [problem])
        return LoadedSettings(SiteSettings(), path)
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


def _validate(data: dict[str, Any], text: str,
              path: Path) -> tuple[SiteSettings, list[SettingsProblem]]:
    problems: list[SettingsProblem] = []

    def problem(key: str, message: str, occurrence: int = 0, after_line: int = 0) -> None:
        line = _line_of(text, key, occurrence, after_line)
        problems.append(SettingsProblem(path, line, message))

    known = {"profile", "idle_timeout_seconds", "warning_seconds", "admin_pin_hash",
             "site_name", "contacts", "hidden_sections"}
    for key in data:
        if key not in known:
            problem(key, f"unknown setting {key!r} (known: {', '.join(sorted(known))})")
    profile = data.get("profile", "laptop")
    if profile not in PROFILES:
        problem("profile", f"profile must be one of {', '.join(PROFILES)}, not {profile!r}")
    idle = data.get("idle_timeout_seconds", 120)
    if not isinstance(idle, int) or not MIN_IDLE <= idle <= MAX_IDLE:
        problem("idle_timeout_seconds", f"idle_timeout_seconds must be a whole number from "
                                        f"{MIN_IDLE} to {MAX_IDLE}")
    warning = data.get("warning_seconds", 30)
    if not isinstance(warning, int) or warning < MIN_WARNING:
        problem("warning_seconds", f"warning_seconds must be {MIN_WARNING} or more")
    pin_hash = data.get("admin_pin_hash", "")
    if pin_hash:
        from desktop_app.core.pin import is_pin_hash  # (hashlib: ms at start-up)

        if not is_pin_hash(str(pin_hash)):
            problem("admin_pin_hash", "admin_pin_hash is not a hash made by "
                                      "`all-guide --set-admin-pin`")
    site_name = data.get("site_name", "")
    if not isinstance(site_name, str):
        problem("site_name", "site_name must be text in quotes")
    contacts = []
    for number, entry in enumerate(data.get("contacts", [])):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            problem("contacts", "each [[contacts]] needs a name", number)
            continue
        table_line = _line_of(text, "contacts", number)
        for key in sorted(entry.keys() - CONTACT_KEYS):
            problem(key, f"unknown key {key!r} in [[contacts]] (known: name, phone, note); "
                         "settings written below a [[contacts]] table belong to it, so "
                         "put them above the first [[contacts]]", after_line=table_line)
        contacts.append(Contact(entry["name"], str(entry.get("phone", "")),
                                str(entry.get("note", ""))))
    hidden = data.get("hidden_sections", [])
    if not isinstance(hidden, list) or not all(isinstance(h, str) for h in hidden):
        problem("hidden_sections", "hidden_sections must be a list of section ids")
        hidden = []
    settings = SiteSettings(
        profile=profile if profile in PROFILES else "kiosk",
        idle_timeout_seconds=idle if isinstance(idle, int) else 120,
        warning_seconds=warning if isinstance(warning, int) else 30,
        admin_pin_hash=str(pin_hash),
        site_name=site_name if isinstance(site_name, str) else "",
        contacts=tuple(contacts),
        hidden_sections=tuple(hidden),
    )
    return settings, problems


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
