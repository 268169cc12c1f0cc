"""A smoke run in a real X server with no window manager, as on a bare `xinit` kiosk:
what offscreen rendering hides (window size and full screen, focus, real key events).

The app runs as its own process, started as `all-guide` would be; keys come from xdotool
through the X server, and what the app shows is read back from its window title. Skipped
where Xvfb and xdotool are not installed, unless ALL_GUIDE_REQUIRE_XVFB is set (CI).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.pin import hash_pin

TOOLS = ("Xvfb", "xdotool", "xwininfo")
pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in TOOLS) and not os.environ.get(
        "ALL_GUIDE_REQUIRE_XVFB"),
    reason="needs Xvfb, xdotool and xwininfo (apt-get install xvfb xdotool x11-utils)")
SCREEN = (1280, 800)


@pytest.fixture()
def display() -> Iterator[str]:
    """A fresh X server with no window manager."""
    number = 90 + os.getpid() % 100
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0",
                               f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    name = f":{number}"
    try:
        for _ in range(100):  # the server takes a moment to accept clients
            if subprocess.run(["xwininfo", "-root"], env={**os.environ, "DISPLAY": name},
                              capture_output=True).returncode == 0:
                break
            subprocess.run(["xdotool", "sleep", "0.05"], check=False,
                           env={**os.environ, "DISPLAY": name}, capture_output=True)
        yield name
    finally:
        server.terminate()
        server.wait(10)


def start(display: str, content_db: Path, tmp_path: Path, *arguments: str):
    environment = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    return subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--content-db", str(content_db),
         "--user-data", str(tmp_path / "user.sqlite"), *arguments],
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def xdotool(display: str, *arguments: str) -> str:
    done = subprocess.run(["xdotool", *arguments], env={**os.environ, "DISPLAY": display},
                          capture_output=True, text=True, timeout=30)
    return done.stdout.strip()


def window_of(display: str) -> str:
    """Wait (xdotool's own --sync wait) for the app's main window to be mapped."""
    found = xdotool(display, "search", "--sync", "--onlyvisible", "--name", "ALL Guide")
    assert found, "the app showed no window"
    return found.splitlines()[0]


def geometry(display: str, window: str) -> tuple[int, int, int, int]:
    info = subprocess.run(["xwininfo", "-id", window], env={**os.environ, "DISPLAY": display},
                          capture_output=True, text=True).stdout
    values = {line.split(":")[0].strip(): line.split(":")[1].strip()
              for line in info.splitlines() if ":" in line}
    return (int(values["Absolute upper-left X"]), int(values["Absolute upper-left Y"]),
            int(values["Width"]), int(values["Height"]))


def wait_until(display: str, condition, tries: int = 200) -> bool:
    """Ask again until `condition()` holds (like qtbot.waitUntil: a bounded poll)."""
    for _ in range(tries):
        if condition():
            return True
        xdotool(display, "sleep", "0.05")
    return False


def wait_for_title(display: str, window: str, title: str) -> str:
    """xdotool's own wait: search again until a window of that name is mapped."""
    found = xdotool(display, "search", "--sync", "--onlyvisible", "--name", title)
    assert found, f"no window titled {title!r}"
    return xdotool(display, "getwindowname", window)


@pytest.fixture()
def stop_after():
    processes: list[subprocess.Popen] = []
    yield processes.append
    for process in processes:
        process.kill()
        process.wait(10)


def test_kiosk_fills_the_screen_and_takes_real_keys(display, content_db, tmp_path,
                                                    stop_after) -> None:
    settings = tmp_path / "site.toml"
    settings.write_text(f'profile = "kiosk"\nadmin_pin_hash = "{hash_pin("2468")}"\n',
                        "utf-8")
    app = start(display, content_db, tmp_path, "--settings", str(settings))
    stop_after(app)
    window = window_of(display)
    assert geometry(display, window) == (0, 0, *SCREEN)
    assert wait_until(display, lambda: xdotool(display, "getwindowfocus") == window), \
        "the kiosk never got the keyboard"
    xdotool(display, "key", "ctrl+f")
    xdotool(display, "type", "--delay", "30", "marrow")
    assert wait_for_title(display, window, "Search – ALL Guide") == "Search – ALL Guide"
    xdotool(display, "key", "ctrl+q", "alt+F4", "Escape")  # blocked: it stays
    assert app.poll() is None and geometry(display, window) == (0, 0, *SCREEN)


def test_laptop_opens_a_window_of_its_own_size(display, content_db, tmp_path,
                                               stop_after) -> None:
    app = start(display, content_db, tmp_path, "--profile", "laptop",
                "--page", "app:article/what-is-all")
    stop_after(app)
    window = window_of(display)
    # with no window manager, the window keeps the size the laptop asks for
    assert geometry(display, window)[2:] == (1200, 800)
    assert "What is ALL" in wait_for_title(display, window, "What is ALL")
    xdotool(display, "key", "alt+Home")
    assert wait_for_title(display, window, "Home – ALL Guide")
