"""What a screen reader gets: the real AT-SPI tree and events, read by a real client.

Each test starts its own X server (Xvfb), session bus and AT-SPI bus (at-spi-bus-launcher,
as a desktop session does), runs ALL Guide as `all-guide` would (QT_QPA_PLATFORM=xcb,
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1), presses real keys with xdotool, and reads what Orca
would read with Debian's pyatspi in the system's python3 (tests/atspi_client.py).

Skipped where those are missing (apt-get install xvfb xdotool dbus-daemon at-spi2-core
python3-pyatspi), unless ALL_GUIDE_REQUIRE_ATSPI is set, as CI sets it: there they run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop_app.core.diagram import Direction
from desktop_app.core.pin import hash_pin
from desktop_app.core.repository import ContentRepository
from desktop_app.ui.screens.registry import example_addresses

SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
CLIENT = Path(__file__).with_name("atspi_client.py")
SCREEN = (1280, 800)


def _missing() -> str:
    """Why these tests cannot run here ("" when they can)."""
    for tool in ("Xvfb", "xdotool", "dbus-daemon", "dbus-send"):
        if not shutil.which(tool):
            return f"{tool} is not installed"
    if not Path(BUS_LAUNCHER).exists():
        return f"{BUS_LAUNCHER} is missing (apt-get install at-spi2-core)"
    if not Path(SYSTEM_PYTHON).exists() or subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True,
            env=_clean_env({})).returncode:
        return "the system python3 has no pyatspi (apt-get install python3-pyatspi)"
    return ""


def _clean_env(extra: dict[str, str]) -> dict[str, str]:
    """The environment for the system's python3: none of the venv's Python settings."""
    skip = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
    return {**{k: v for k, v in os.environ.items() if k not in skip}, **extra}


MISSING = _missing()
pytestmark = pytest.mark.skipif(
    bool(MISSING) and not os.environ.get("ALL_GUIDE_REQUIRE_ATSPI"),
    reason=f"AT-SPI tests: {MISSING}")


@dataclass
class Session:
    """An X server with an accessibility bus, as a desktop session has."""

    environment: dict[str, str]
    tmp: Path


def _wait(condition, seconds: float, what: str) -> None:
    """Wait for a process started here to be ready (a subprocess has no Qt signal)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not start within {seconds} s")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """Xvfb on a free display, a private session bus, and the AT-SPI bus launcher."""
    tmp = tmp_path_factory.mktemp("atspi")
    runtime = tmp / "runtime"
    runtime.mkdir(mode=0o700)
    processes: list[subprocess.Popen] = []
    try:
        read, write = os.pipe()
        server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0",
             f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(server)
        os.close(write)
        with os.fdopen(read) as pipe:
            display = ":" + pipe.readline().strip()
        bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                               stdout=subprocess.PIPE, text=True)
        processes.append(bus)
        address = bus.stdout.readline().strip()  # type: ignore[union-attr]
        environment = {"DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": address,
                       "XDG_RUNTIME_DIR": str(runtime), "QT_QPA_PLATFORM": "xcb",
                       "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
                       "QT_ACCESSIBILITY": "1", "NO_AT_BRIDGE": "0"}
        env = {**os.environ, **environment}
        processes.append(subprocess.Popen([BUS_LAUNCHER, "--launch-immediately"], env=env,
                                          stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL))
        _wait(lambda: subprocess.run(
            ["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus",
             "/org/a11y/bus", "org.a11y.Bus.GetAddress"], env=env,
            capture_output=True).returncode == 0, 20, "the AT-SPI bus")
        yield Session(environment, tmp)
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


@dataclass
class RunningApp:
    process: subprocess.Popen
    window: str
    session: Session

    def client(self, command: str, *arguments: str) -> object:
        done = subprocess.run(
            [SYSTEM_PYTHON, str(CLIENT), command, str(self.process.pid), *arguments],
            env=_clean_env(self.session.environment), capture_output=True, text=True,
            timeout=240)
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(done.stdout)

    def tree(self) -> dict:
        return self.client("tree")  # type: ignore[return-value]

    def run(self, *steps: str) -> list[dict]:
        return self.client("run", self.window, *steps)  # type: ignore[return-value]


# A kiosk whose idle clock runs four times faster, so the idle warning comes in seconds:
# the same `all-guide` start (cli.main), with the clock the kiosk reads at start-up
FAST_CLOCK = ("import sys, time; import desktop_app.ui.kiosk as kiosk; start = "
              "time.monotonic(); kiosk.CLOCK = lambda: start + (time.monotonic() - start)"
              " * 4; from desktop_app.cli import main; sys.argv[0] = 'all-guide'; "
              "raise SystemExit(main())")


@pytest.fixture()
def start(session: Session, content_db: Path, tmp_path: Path) -> Iterator:
    started: list[subprocess.Popen] = []

    def start_app(*arguments: str, settings: str = "", fast_clock: bool = False
                  ) -> RunningApp:
        settings_file = tmp_path / f"site-{len(started)}.toml"
        settings_file.write_text(settings or "# defaults\n", "utf-8")
        command = [sys.executable, "-c", FAST_CLOCK] if fast_clock else [
            sys.executable, "-m", "desktop_app"]
        process = subprocess.Popen(
            [*command, "--content-db", str(content_db), "--settings", str(settings_file),
             "--user-data", str(tmp_path / "user.sqlite"), *arguments],
            env={**os.environ, **session.environment}, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        started.append(process)
        found = subprocess.run(
            ["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(process.pid),
             "--name", "ALL Guide"],
            env={**os.environ, **session.environment}, capture_output=True, text=True,
            timeout=60)
        assert found.stdout.strip(), "the app showed no window"
        return RunningApp(process, found.stdout.split()[0], session)

    yield start_app
    for process in started:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def walk(node: dict) -> Iterator[dict]:
    yield node
    for child in node.get("children", []):
        yield from walk(child)


def walk_with_path(node: dict, path: str = "") -> Iterator[tuple[dict, str]]:
    """Each object with where it is: its ancestors' roles and names."""
    yield node, path
    here = f"{path} > {node['role']} {node['name'][:30]!r}"
    for child in node.get("children", []):
        yield from walk_with_path(child, here)


def showing(node: dict) -> bool:
    return "showing" in node["states"]


def focus_names(record: dict, role: str | None = None) -> list[str]:
    return [a["name"] for a in record["announced"]
            if a["event"] == "focus:" and (role is None or a["role"] == role)]


def test_an_article_has_headings_lists_and_links_and_tab_says_each_link(start) -> None:
    app = start("--page", "app:article/what-is-all")
    tree = app.tree()
    documents = [n for n in walk(tree) if n["role"] == "document frame" and showing(n)]
    assert [d["name"] for d in documents] == ["Article text"]
    document = documents[0]
    assert document.get("locale", "en_GB").startswith("en")
    parts = list(walk(document))
    headings = [n["name"] for n in parts if n["role"] == "heading"]
    assert headings[0] == "What is ALL?" and len(headings) >= 5
    assert "What the name means" in headings
    assert any(n["role"] == "list" and n["children"] for n in parts)
    assert all(c["role"] == "list item" for n in parts if n["role"] == "list"
               for c in n["children"])
    links = [n["name"] for n in parts if n["role"] == "link"]
    assert len(links) >= 10 and all(links)
    # Tab goes into the article, then from link to link, and each is spoken by its words
    steps = app.run("tab-until:Article text", "key:Tab", "key:Tab", "key:Tab",
                    "key:shift+Tab")
    heard = [focus_names(step, "link") for step in steps[1:]]
    assert heard == [[links[0]], [links[1]], [links[2]], [links[1]]]


def test_each_diagram_cell_the_arrow_keys_reach_is_announced(start, content_db) -> None:
    repository = ContentRepository.open(content_db)
    diagram = repository.diagram()
    repository.close()
    app = start("--page", "app:diagram")
    tree = app.tree()
    views = [n for n in walk(tree) if n["name"] == "Cell maturation diagram" and showing(n)]
    assert len(views) == 1
    cells = [c["name"] for c in views[0]["children"] if c["role"] == "list item"]
    assert cells == [cell.name for _, cell in diagram.walk()]
    # view buttons read as buttons that are pressed, not check boxes
    buttons = [n for n in walk(tree) if n["name"].startswith("Show the ") and showing(n)]
    assert buttons and {b["role"] for b in buttons} == {"push button"}
    assert [b["name"] for b in buttons if "pressed" in b["states"]] == [
        "Show the Healthy marrow view"]
    moves = {"Right": Direction.FIRST_CHILD, "Down": Direction.NEXT_SIBLING,
             "Up": Direction.PREVIOUS_SIBLING, "Left": Direction.PARENT}
    keys = ["Right", "Down", "Right", "Right", "Down", "Left", "Left", "Up"]
    steps = app.run("tab-until:Cell maturation diagram", *[f"key:{k}" for k in keys])
    assert focus_names(steps[0], "list item")[-1] == diagram.root.name
    here = diagram.root.id
    for key, step in zip(keys, steps[1:], strict=True):
        target = diagram.neighbour(here, moves[key])
        assert target, f"{key} from {here} goes nowhere: pick other keys"
        here = target
        cell = diagram.cell(here)
        assert cell is not None
        assert focus_names(step, "list item") == [cell.name], key


def test_the_idle_warning_is_a_modal_dialog_that_keeps_the_focus(start) -> None:
    settings = (f'profile = "kiosk"\nadmin_pin_hash = "{hash_pin("2468")}"\n'
                "idle_timeout_seconds = 30\nwarning_seconds = 120\n")
    app = start("--page", "app:article/what-is-all", settings=settings, fast_clock=True)
    steps = app.run("wait:Are you still there?", "tree", "key:Tab", "key:Tab",
                    "key:shift+Tab", "tree", "key:space", "tree")
    opened, during, after_tabs, tabs, kept = steps[0], steps[1], steps[5], steps[2:5], steps[7]
    assert any("Are you still there?" in a["name"] for a in opened["announced"])
    dialogs = [n for n in walk(during["tree"]) if n["role"] == "dialog" and showing(n)]
    assert [d["name"] for d in dialogs] == ["Are you still there?"]
    assert "modal" in dialogs[0]["states"]
    assert "seconds" in dialogs[0]["description"]
    focused = [n["name"] for n in walk(after_tabs["tree"]) if "focused" in n["states"]
               and showing(n) and n["role"] == "push button"]
    assert focused == ["Continue reading"]
    for step in tabs:  # Tab never reaches Start over, or the article beneath
        assert set(focus_names(step)) <= {"Continue reading"}, step
    # Space on Continue keeps the session: the warning goes, the article stays
    assert not [n for n in walk(kept["tree"]) if n["role"] == "dialog" and showing(n)]
    frames = [n["name"] for n in kept["tree"]["children"] if n["role"] == "frame"]
    assert any(name.startswith("What is ALL?") for name in frames), frames


def test_no_screen_has_an_unnamed_focusable_object(start, content_db) -> None:
    repository = ContentRepository.open(content_db)
    addresses = example_addresses(repository)
    repository.close()
    unnamed = []
    for name, address in sorted(addresses.items()):
        app = start("--page", address)
        for node, where in walk_with_path(app.tree()):
            if showing(node) and "focusable" in node["states"] and not node["name"].strip():
                unnamed.append(f"{name} ({address}): {node['role']} in {where}")
        app.process.terminate()
        app.process.wait(10)
    assert unnamed == []


def announcements(steps: list[dict]) -> list[str]:
    return [a["name"] for step in steps for a in step["announced"]
            if a["event"].startswith("object:announcement")]


def test_search_results_and_the_read_aloud_bar_say_what_happened(start, monkeypatch) -> None:
    """Status messages reach a screen reader without taking the focus (WCAG 4.1.3): the
    number of pages found while the focus stays in the search box, and what the read
    aloud bar is doing."""
    monkeypatch.setenv("ALL_GUIDE_SPEECH", "silent")  # a voice with no sound
    app = start("--page", "app:article/what-is-all")
    read = app.run("key:space")  # an article opens with the focus on Read aloud
    said = announcements(read)
    assert any("Reading aloud" in s or "Starting the voice" in s for s in said), read
    typed = app.run("key:ctrl+k", *[f"key:{letter}" for letter in "blood"])
    assert any(said.endswith("pages found") for said in announcements(typed)), typed
