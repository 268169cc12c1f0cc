"""`python -m bench soak [--events N] [--seed S]`: seeded random input on the real kiosk.

The ward kiosk is started the way `all-guide` starts (cli.launch, `--profile kiosk`, a
settings file with an admin PIN) and then given N random events (default 100,000):
clicks and double clicks, keys (letters, digits, Tab, Enter, Escape, arrows, shortcuts),
wheel turns, finger taps, and press-move-release drags, each at a random point of a
random visible control of whatever is on top (the window, a dialog, a popup). Now and
then the idle clock jumps, so warnings and wipes happen too.

It prints events per second, exceptions (must be 0: Python errors reaching the app's
error handler, and errors it logged), hangs (an event whose handling took over 1 s,
including one stuck in a nested event loop such as a text drag, which a watchdog timer
inside that loop ends), escapes (the kiosk window no longer full screen and visible)
and resident memory growth after a warm-up. Not in CI: 100,000 events take minutes.
The same seed gives the same choices on the same content, but not always the same
events: animations and timers run on the real clock, so what is on screen when an event
comes can differ, and two runs drift apart after some thousands of events.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HANG_SECONDS = 1.0
WARM_UP = 500  # events before the first memory reading (caches fill once)
KEYS = ("Tab", "Backtab", "Return", "Enter", "Escape", "Space", "Backspace", "Delete",
        "Left", "Right", "Up", "Down", "Home", "End", "PageUp", "PageDown", "F1", "F4",
        "F5", "F11", "Menu")
SHORTCUTS = (("W", "Control"), ("Q", "Control"), ("F4", "Alt"), ("Tab", "Alt"),
             ("C", "Control"), ("A", "Control"), ("V", "Control"), ("P", "Control"),
             ("S", "Control"), ("Plus", "Control"), ("Minus", "Control"),
             ("Left", "Alt"), ("Home", "Alt"), ("F", "Control"), ("Z", "Control"))
KINDS = ("click", "click", "click", "double", "key", "key", "type", "shortcut", "wheel",
         "touch", "drag", "wait")


@dataclass
class Tally:
    events: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    escapes: list[str] = field(default_factory=list)
    wipes: int = 0
    slowest: float = 0.0
    slowest_what: str = ""  # the event (or the loop after it) that took `slowest`
    seconds_by_kind: dict[str, float] = field(default_factory=dict)


class _Counter(logging.Handler):
    """Every ERROR the app logs (its error handler, damaged content, ...)."""

    def __init__(self, tally: Tally) -> None:
        super().__init__(logging.ERROR)
        self.tally = tally

    def emit(self, record: logging.LogRecord) -> None:
        self.tally.exceptions.append(f"logged: {record.getMessage()[:200]}")


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench soak",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="how many (100,000)")
    parser.add_argument("--seed", type=int, default=15, help="random seed (15)")
    parser.add_argument("--content", type=Path, default=None,
                        help="content sources to build (default: resources/content)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    arguments = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="all-guide-soak-") as folder:
        scratch = Path(folder)
        content_db = scratch / "content.sqlite"
        from bench.common import quiet_environment

        os.environ.update(quiet_environment(scratch / "app", content_db))
        from db.build import build
        from db.sources import CONTENT_DIR

        build(arguments.content or CONTENT_DIR, content_db)
        tally, seconds, growth = run(content_db, scratch, arguments.events, arguments.seed)
    _report(tally, seconds, growth, arguments.seed)
    return 0 if not (tally.exceptions or tally.hangs or tally.escapes) else 1


def run(content_db: Path, scratch: Path, events: int, seed: int) -> tuple[Tally, float,
                                                                         float]:
    """Start the kiosk, give it `events` random events; the tally, the seconds the
    events took, and resident memory growth (MB) from the warm-up to the end."""
    from PySide6.QtCore import QTimer

    from bench.common import rss_mb
    from desktop_app import cli
    from desktop_app.core.pin import hash_pin
    from desktop_app.ui import kiosk

    clock = [1000.0]
    kiosk.CLOCK = lambda: clock[0]
    settings = scratch / "site.toml"
    settings.write_text(f'profile = "kiosk"\nadmin_pin_hash = "{hash_pin("924681")}"\n'
                        'site_name = "Soak ward"\n[[contacts]]\nname = "Ward desk"\n'
                        'phone = "01234 000000"\n', "utf-8")
    started = cli.launch(["--profile", "kiosk", "--settings", str(settings),
                          "--content-db", str(content_db)])
    assert isinstance(started, cli.Started), f"the kiosk did not start: {started}"
    app, window = started.app, started.window
    tally = Tally()
    handler = sys.excepthook

    def counting_hook(kind, error, trace) -> None:
        tally.exceptions.append(f"{kind.__name__}: {str(error)[:200]}")
        handler(kind, error, trace)

    sys.excepthook = counting_hook
    logging.getLogger().addHandler(_Counter(tally))
    logging.getLogger().setLevel(logging.ERROR)  # the soak's own output stays readable
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def qt_message(kind, context, message: str) -> None:
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            tally.exceptions.append(f"Qt: {message[:200]}")
        # warnings such as the offscreen platform's "does not support raise()" are noise

    qInstallMessageHandler(qt_message)
    driver = _Driver(app, window, random.Random(seed), clock, tally)
    marks = {"before": rss_mb(), "start": time.perf_counter(), "seconds": 0.0}

    def tick() -> None:
        """One event per turn of the real event loop, so posted events, deferred deletes
        and layouts run between events as they do for a person."""
        if driver.in_event:  # this turn is inside a nested loop the event started
            driver.watch()
            return
        driver.note_gap()
        if tally.events == WARM_UP:
            marks["before"], marks["start"] = rss_mb(), time.perf_counter()
        if tally.events >= events:
            marks["seconds"] = time.perf_counter() - marks["start"]
            app.exit(0)
            return
        driver.step()
        if tally.events % 1000 == 0:
            print(f"{tally.events:,} events, {rss_mb():.0f} MB, {len(tally.exceptions)} "
                  f"exceptions, {len(tally.hangs)} hangs", file=sys.stderr, flush=True)

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(0)
    app.exec()
    timer.stop()
    growth = rss_mb() - marks["before"]
    window.controller.admin_exiting = True
    return tally, marks["seconds"], growth


class _Driver:
    """Makes one random event at a time and times it."""

    def __init__(self, app, window, chance: random.Random, clock: list[float],
                 tally: Tally) -> None:
        from PySide6.QtTest import QTest

        self.app, self.window, self.random, self.clock, self.tally = (
            app, window, chance, clock, tally)
        self.touch = QTest.createTouchDevice()
        self.event_started = 0.0
        self.event_ended: float | None = None
        self.in_event = False
        self.current = self.detail = ""
        self.hung = False

    def step(self) -> None:
        kind = self.random.choice(KINDS)
        self.tally.by_kind[kind] = self.tally.by_kind.get(kind, 0) + 1
        self.current, self.hung, self.detail = kind, False, kind
        self.event_started = time.perf_counter()
        self.in_event = True  # the loop turns again now only inside a nested loop
        getattr(self, f"_{kind}")()
        self.in_event = False
        self.event_ended = time.perf_counter()
        took = self.event_ended - self.event_started
        self._note_slowest(took, self.detail)
        self.tally.seconds_by_kind[kind] = self.tally.seconds_by_kind.get(kind, 0.0) + took
        if took > HANG_SECONDS and not self.hung:
            self.tally.hangs.append(f"{self.detail} took {took:.1f} s")
        self.tally.events += 1
        if not (self.window.isVisible() and self.window.isFullScreen()):
            state = "hidden" if not self.window.isVisible() else \
                f"not full screen ({self.window.windowState()!r})"
            self.tally.escapes.append(f"after {self.detail}: the window was {state}")
            self.window.showFullScreen()

    def note_gap(self) -> None:
        """What the loop did after the last event (layouts, posted work) counts too."""
        if self.event_ended is None:
            return
        gap = time.perf_counter() - self.event_ended
        self._note_slowest(gap, f"the loop after {self.detail}")
        if gap > HANG_SECONDS:
            self.tally.hangs.append(f"after {self.detail}: the loop was busy {gap:.1f} s")
        self.event_ended = None

    def _note_slowest(self, seconds: float, what: str) -> None:
        if seconds > self.tally.slowest:
            self.tally.slowest, self.tally.slowest_what = seconds, what

    def watch(self) -> None:
        """Runs inside a nested event loop: ends an event stuck there over 1 s (a drag
        loop, a modal dialog's exec) by releasing the mouse and pressing Escape."""
        if self.hung or time.perf_counter() - self.event_started <= HANG_SECONDS:
            return
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        self.hung = True
        top = QApplication.activePopupWidget() or QApplication.activeModalWidget()
        self.tally.hangs.append(f"{self.current} stuck over {HANG_SECONDS:.0f} s in a "
                                f"nested event loop ({type(top).__name__})")
        target = top or self.window
        QTest.mouseRelease(target, Qt.MouseButton.LeftButton, pos=QPoint(1, 1))
        QTest.keyClick(target, Qt.Key.Key_Escape)

    # where events land

    def _target(self):
        """A random visible, enabled control of whatever is on top, and a point in it."""
        from PySide6.QtCore import QPoint
        from PySide6.QtWidgets import QApplication, QWidget

        top = QApplication.activePopupWidget() or QApplication.activeModalWidget() \
            or self.window
        widgets = [w for w in [top, *top.findChildren(QWidget)]
                   if w.isVisible() and w.isEnabled() and w.width() > 0 and w.height() > 0
                   and not w.visibleRegion().isEmpty()]
        widget = self.random.choice(widgets)
        self.detail = f"{self.current} on {type(widget).__name__} " \
            f"{widget.accessibleName()[:40]!r}"
        return widget, QPoint(self.random.randrange(widget.width()),
                              self.random.randrange(widget.height()))

    def _focus(self):
        from PySide6.QtWidgets import QApplication

        return QApplication.focusWidget() or QApplication.activeModalWidget() \
            or self.window

    # the events

    def _click(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        widget, point = self._target()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point)

    def _double(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        widget, point = self._target()
        QTest.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=point)

    def _key(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        name = self.random.choice(KEYS)
        self.detail = f"key {name}"
        key = getattr(Qt.Key, f"Key_{name}")
        QTest.keyClick(self._focus(), key)

    def _type(self) -> None:
        from PySide6.QtTest import QTest

        letters = "abcdefghijklmnopqrstuvwxyz 0123456789éü'-?"
        text = "".join(self.random.choice(letters) for _ in range(self.random.randint(1, 6)))
        for character in text:
            QTest.keyClick(self._focus(), character)

    def _shortcut(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        key, modifier = self.random.choice(SHORTCUTS)
        self.detail = f"{modifier}+{key}"
        QTest.keyClick(self._focus(), getattr(Qt.Key, f"Key_{key}"),
                       getattr(Qt.KeyboardModifier, f"{modifier}Modifier"))

    def _wheel(self) -> None:
        from PySide6.QtCore import QPoint, QPointF, Qt
        from PySide6.QtGui import QWheelEvent
        from PySide6.QtWidgets import QApplication

        widget, point = self._target()
        steps = self.random.choice((-3, -1, 1, 3)) * 120
        modifiers = self.random.choice((Qt.KeyboardModifier.NoModifier,
                                        Qt.KeyboardModifier.ControlModifier))
        event = QWheelEvent(QPointF(point), QPointF(widget.mapToGlobal(point)), QPoint(0, 0),
                            QPoint(0, steps), Qt.MouseButton.NoButton, modifiers,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(widget, event)

    def _touch(self) -> None:
        from PySide6.QtTest import QTest

        widget, point = self._target()
        window = widget.window()
        at = widget.mapTo(window, point)
        QTest.touchEvent(window, self.touch).press(0, at, window).commit()
        if self.random.random() < 0.3:  # a finger that slides before it lifts
            at.setY(max(0, at.y() - self.random.randint(10, 300)))
            QTest.touchEvent(window, self.touch).move(0, at, window).commit()
        QTest.touchEvent(window, self.touch).release(0, at, window).commit()

    def _drag(self) -> None:
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        widget, point = self._target()
        QTest.mousePress(widget, Qt.MouseButton.LeftButton, pos=point)
        for _ in range(self.random.randint(2, 8)):
            point = QPoint(point.x() + self.random.randint(-80, 80),
                           point.y() + self.random.randint(-80, 80))
            QTest.mouseMove(widget, point)
        QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=point)

    def _wait(self) -> None:
        """The reader walks away for a moment, or for long enough to be wiped."""
        self.clock[0] += self.random.choice((1, 5, 30, 90, 200))
        idle = self.window.controller.idle
        idle.timer.timeout.emit()  # its once-a-second tick, without waiting a real second
        self.tally.wipes = idle.wipes


def _report(tally: Tally, seconds: float, growth: float, seed: int) -> None:
    rate = tally.events / seconds if seconds else 0.0
    print(f"\n### Kiosk soak: {tally.events:,} random events, seed {seed}\n")
    print("| figure | value | must be |")
    print("| --- | --- | --- |")
    print(f"| events per second | {rate:.0f} | |")
    print(f"| exceptions | {len(tally.exceptions)} | 0 |")
    print(f"| hangs over {HANG_SECONDS:.0f} s | {len(tally.hangs)} | 0 |")
    print(f"| escapes (not full screen, or hidden) | {len(tally.escapes)} | 0 |")
    print(f"| slowest event | {tally.slowest * 1000:.0f} ms ({tally.slowest_what}) | |")
    print(f"| idle wipes along the way | {tally.wipes} | |")
    print(f"| memory growth after {WARM_UP} events | {growth:+.1f} MB | |")
    print("\nEvents (count, mean time): " + ", ".join(
        f"{kind} {count:,} ({tally.seconds_by_kind.get(kind, 0) / count * 1000:.0f} ms)"
        for kind, count in sorted(tally.by_kind.items())))
    for line in (tally.exceptions + tally.escapes + tally.hangs)[:40]:
        print(f"- {line}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
