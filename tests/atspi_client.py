"""A real AT-SPI client, as Orca is one: run by the system's `python3` with Debian's
pyatspi (tests/test_atspi.py starts it), never by the app's venv.

    python3 atspi_client.py tree PID
        the app's whole accessible tree as JSON: role, name, states, children
    python3 atspi_client.py run PID WINDOW STEP...
        give the X window WINDOW the keyboard, then run each step and print, as JSON, one
        record a step with what the app announced meanwhile (focus events and
        announcements: event, role, name). Steps:
          key:KEY          press KEY with xdotool (Tab, shift+Tab, Right, space, ctrl+f)
          tab-until:NAME   press Tab until an object named NAME takes the focus (40 at most)
          wait:WORDS       wait up to 20 s for a focus event or announcement with WORDS
          tree             the app's whole tree at this moment

Exit 2 when the app never shows up on the accessibility bus.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time

import pyatspi
from gi.repository import GLib

STATES = ("focusable", "focused", "selected", "checked", "checkable", "pressed", "modal",
          "showing", "visible", "selectable", "expandable", "editable")
WAIT_SECONDS = 10.0


def find_app(pid: int, wait: float = WAIT_SECONDS):
    """The app's accessible object, waiting for it to register on the bus."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            app = desktop.getChildAtIndex(index)
            try:
                if app is not None and app.get_process_id() == pid:
                    return app
            except GLib.Error:
                continue
        _pump(0.1)
    print(json.dumps({"error": f"no accessible application with pid {pid}"}))
    sys.exit(2)


def _pump(seconds: float) -> None:
    """Run GLib's loop a while: events reach the listeners only while it runs."""
    context = GLib.MainContext.default()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not context.iteration(False):
            time.sleep(0.01)


def describe(node, depth: int = 0, limit: int = 40) -> dict:
    states = node.getState()
    found = {"role": node.getRoleName(), "name": node.name or "",
             "description": node.description or "",
             "states": [s for s in STATES
                        if states.contains(getattr(pyatspi, "STATE_" + s.upper()))]}
    try:
        found["attributes"] = dict(a.split(":", 1) for a in node.getAttributes() if ":" in a)
    except GLib.Error:
        found["attributes"] = {}
    with contextlib.suppress(GLib.Error, AttributeError):
        found["locale"] = node.get_object_locale()
    if depth < limit:
        children = []
        for index in range(node.childCount):
            child = node.getChildAtIndex(index)
            if child is not None:
                children.append(describe(child, depth + 1, limit))
        found["children"] = children
    return found


def tree(pid: int) -> None:
    print(json.dumps(describe(find_app(pid))))


def run(pid: int, window: str, steps: list[str]) -> None:
    app = find_app(pid)
    announced: list[dict] = []

    def heard(event) -> None:
        source = event.source
        if event.type.startswith("object:state-changed:focused") and not event.detail1:
            return
        try:
            if source.get_process_id() != pid:
                return
            name = source.name or ""
            if event.type.startswith("object:announcement"):
                name = str(event.any_data or name)
            announced.append({"event": event.type, "role": source.getRoleName(),
                              "name": name,
                              "description": source.description or ""})
        except GLib.Error:
            pass

    pyatspi.Registry.registerEventListener(
        heard, "object:state-changed:focused", "focus:", "object:announcement",
        "window:activate")
    del app
    # no window manager: give the window the keyboard as one would, then real key events
    subprocess.run(["xdotool", "windowfocus", "--sync", window], check=True, timeout=30)
    _pump(0.5)

    def press(key: str, settle: float = 1.5) -> list[dict]:
        announced.clear()
        subprocess.run(["xdotool", "key", key], check=True, timeout=30)
        deadline = time.monotonic() + settle
        while not announced and time.monotonic() < deadline:
            _pump(0.05)
        _pump(0.3)  # the rest of this key's events
        return list(announced)

    results = []
    for step in steps:
        kind, _, argument = step.partition(":")
        record: dict = {"step": step}
        if kind == "key":
            record["announced"] = press(argument)
        elif kind == "tab-until":
            heard: list[dict] = []
            for _ in range(40):
                heard += press("Tab")
                if any(a["name"] == argument and a["event"] == "focus:" for a in heard):
                    break
            record["announced"] = heard
        elif kind == "wait":
            announced.clear()
            deadline = time.monotonic() + 20.0
            while time.monotonic() < deadline and not any(
                    argument in a["name"] for a in announced):
                _pump(0.1)
            record["announced"] = list(announced)
        elif kind == "tree":
            record["tree"] = describe(find_app(pid))
        results.append(record)
    print(json.dumps(results))


def main() -> None:
    command, pid = sys.argv[1], int(sys.argv[2])
    if command == "tree":
        tree(pid)
    elif command == "run":
        run(pid, sys.argv[3], sys.argv[4:])
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
