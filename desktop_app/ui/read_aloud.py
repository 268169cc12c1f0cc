"""Read-aloud: the speech engine behind one app-wide voice, and the ReadAloudBar (Read
aloud, Pause, Stop, Slower, Faster) that reads a page and highlights each word as it is
spoken (or, with an engine that reports no words, each sentence).

Why it is built this way (docs/read-aloud.md has the whole story):
- Start-up must not pay for speech, so `PySide6.QtTextToSpeech` is imported only when a
  reader first presses Read aloud (or a kiosk first speaks a control).
- The first press must not freeze the window while the system's engine starts (seconds,
  when speech-dispatcher must be started): ThreadedEngine starts it in its own thread,
  and the bar says "Starting the voice…" meanwhile.
- Tests, and sites with no voice, must not need Qt's engines: `SpeechService` takes an
  engine factory. An engine is any QObject with QTextToSpeech's signals (`stateChanged`,
  `sayingWord`) and methods (`say`, `pause`, `resume`, `stop`, `setRate`); the tests and
  ALL_GUIDE_SPEECH=silent use the silent one (ui/silent_speech.py), and Linux without
  speech-dispatcher falls back to the `espeak-ng` program.
- Linux's engines report no words, so the service gives them one sentence at a time
  and marks the sentence being read; engines that report words get the whole text.
- The app is offline: Qt's speechd engine talks to speech-dispatcher over its Unix
  socket, and a SPEECHD_ADDRESS naming a TCP address is refused before the engine loads.
- One voice for the whole app: a new reading, leaving the page (the bar is hidden, or the
  window shows another page) and the kiosk's Start over all stop the one before.
"""

from __future__ import annotations

import atexit
import contextlib
import html
import os
import re
import shutil
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, QProcess, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QColor, QHideEvent, QShowEvent, QTextCharFormat, QTextCursor
from PySide6.QtGui import Qt as GuiQt  # Qt.mightBeRichText lives in QtGui
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.accessible_factory import announce
from desktop_app.ui.flow_layout import FlowLayout
from desktop_app.ui.widgets import MIN_TARGET

# Qt's engines by preference: Windows (WinRT, then SAPI), macOS (AVSpeechSynthesizer as
# "darwin", then the older "macos"), Linux (speech-dispatcher, then flite), Android.
ENGINE_PREFERENCE = ("winrt", "sapi", "darwin", "macos", "speechd", "flite", "android")
TEST_ONLY_ENGINES = frozenset({"mock"})  # the PySide6 wheel ships Qt's test engine
# Reading speeds, as QTextToSpeech rates (-1 slowest … 1 fastest), with their names.
SPEEDS: tuple[tuple[float, str], ...] = (
    (-0.6, "very slow"), (-0.3, "slow"), (0.0, "normal"), (0.3, "fast"), (0.6, "very fast"))
NORMAL_SPEED = 2
SPEECHD_TIMEOUT_S = 1.0  # a speech-dispatcher that does not answer in time is stuck
HIGHLIGHT_BACKGROUND = "#ffe066"  # black on this yellow: 15.6:1
HIGHLIGHT_TEXT = "#000000"
# the words espeak-ng speaks a minute at each rate (its default is 175)
ESPEAK_WPM = {-0.6: 110, -0.3: 140, 0.0: 165, 0.3: 195, 0.6: 230}


def words_a_minute(rate: float) -> int:
    """About how many words a minute a voice speaks at `rate` (espeak-ng's -s)."""
    return ESPEAK_WPM.get(rate, 165)


class NoVoice(Exception):
    """No speech engine with a voice could be loaded; the message says so to the reader."""


class Phase(Enum):
    """What the one voice is doing, whatever engine speaks."""

    IDLE = "idle"
    STARTING = "starting"  # the engine is being made, off the window's thread
    SPEAKING = "speaking"
    PAUSED = "paused"
    ERROR = "error"


class EngineState(Enum):
    """QTextToSpeech.State's names, for engines of our own (espeak-ng, the silent one):
    the service reads states by name only."""

    Ready = 0
    Speaking = 1
    Paused = 3
    Error = 4


def phase_of(state: object) -> Phase:
    """An engine's state (QTextToSpeech.State or a fake's enum) by its name, so the
    service never imports QtTextToSpeech to compare states."""
    name = getattr(state, "name", str(state)).rsplit(".", 1)[-1].lower()
    return {"speaking": Phase.SPEAKING, "synthesizing": Phase.SPEAKING,
            "paused": Phase.PAUSED, "error": Phase.ERROR}.get(name, Phase.IDLE)


EngineFactory = Callable[[QObject], QObject]  # makes an engine, or raises NoVoice


# --- Loading a real engine ----------------------------------------------------------------

def speechd_socket() -> Path | None:
    """Where speech-dispatcher listens (as libspeechd looks), or None if it would use
    TCP: SPEECHD_ADDRESS, else $XDG_RUNTIME_DIR, else the user cache folder."""
    address = os.environ.get("SPEECHD_ADDRESS", "")
    if address:
        method, _, rest = address.partition(":")
        return Path(rest) if method == "unix_socket" and rest else None
    runtime = os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("XDG_CACHE_HOME") \
        or str(Path.home() / ".cache")
    return Path(runtime) / "speech-dispatcher" / "speechd.sock"


def speechd_answers(path: Path, timeout: float = SPEECHD_TIMEOUT_S) -> bool:
    """Whether a running speech-dispatcher answers on its socket within `timeout`. Qt's
    engine connects in its constructor and waits for ever on a stuck one (a daemon whose
    sound output hangs), freezing the app; an absent socket is fine (it starts one)."""
    if not path.exists():
        return True
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout)
            connection.connect(str(path))
            connection.sendall(b"HELP\r\n")
            answered = connection.recv(64).startswith(b"2")
            with contextlib.suppress(OSError):
                connection.sendall(b"QUIT\r\n")
            return answered
    except TimeoutError:  # connected, but no answer: stuck
        return False
    except OSError:  # refused: a stale socket, and libspeechd starts a new daemon
        return True


def end_speech_dispatchers_of(folder: Path) -> None:
    """End the speech-dispatcher (and its voice module) that a child process started
    with its socket in `folder` (its own XDG_RUNTIME_DIR), by process id: the tests and
    the bench start real engines in children and must leave no daemon behind."""
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "speech-dispatcher" in command and str(folder) in command:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(entry.name), signal.SIGKILL)


def keep_speech_offline() -> None:
    """libspeechd may be told to use TCP (SPEECHD_ADDRESS=inet_socket:…); the app never
    opens a network connection, so that address is dropped and the Unix socket used."""
    if os.environ.get("SPEECHD_ADDRESS", "").split(":", 1)[0] not in ("", "unix_socket"):
        del os.environ["SPEECHD_ADDRESS"]


def ordered_engines(available: list[str]) -> list[str]:
    """The real engines, best first (Qt's test engine left out)."""
    real = [name for name in available if name not in TEST_ONLY_ENGINES]
    return sorted(real, key=lambda name: (ENGINE_PREFERENCE.index(name)
                                          if name in ENGINE_PREFERENCE
                                          else len(ENGINE_PREFERENCE)))


def espeak_engine(parent: QObject, reasons: str = "") -> QObject:
    """The espeak-ng program, where Qt has no working engine; else NoVoice with `reasons`."""
    if EspeakEngine.available():
        return EspeakEngine(parent)
    raise NoVoice(reasons or "no speech engine is installed")


def qt_engine(parent: QObject) -> QObject:
    """The system's voice through QTextToSpeech, set to British English where the engine
    has it, in its own thread and started there (the engine says `started` when it has a
    voice, or why not); espeak-ng when Qt has no working engine."""
    keep_speech_offline()
    return ThreadedEngine(None, parent, fallback=espeak_engine)


def english_locale(locales: list[Any]) -> Any | None:
    """The first English of these QLocales, British first."""
    by_name = {locale.name(): locale for locale in locales}
    for wanted in ("en_GB", "en_IE", "en_AU", "en_US"):
        if wanted in by_name:
            return by_name[wanted]
    return None


@contextlib.contextmanager
def _without_qt_warning(words: str) -> Iterator[None]:
    """Qt warns on stderr when a QTextToSpeech is made with no engine, which we do on
    purpose (ThreadedEngine); that one warning is dropped, every other one passed on."""
    from PySide6.QtCore import qInstallMessageHandler

    previous: Any = None

    def handler(kind: Any, context: Any, message: str) -> None:
        if words in message:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            sys.stderr.write(message + "\n")

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


_THREADS: list[ThreadedEngine] = []  # ended before the interpreter exits (atexit)
_ABANDONED: list[object] = []  # engines whose thread had to be ended by force
NO_ENGINE = "all-guide-no-engine"  # no plugin has this name: a QTextToSpeech made at once
ENGINE_START_TIMEOUT_MS = 20_000  # an engine not started by then is given up


class ThreadedEngine(QObject):
    """A QTextToSpeech in its own thread, seen from the window's thread with the same
    signals and methods, and started there without making the window wait.

    Starting: the QTextToSpeech is made with no engine (at once), moved to its thread,
    and told `setEngine(name)` by a queued call, so loading the plugin (speechd starts
    speech-dispatcher: seconds) runs in C++ in that thread and never holds Python's lock;
    a Python call there would (PySide keeps the lock in the constructor: the window then
    froze for 3.5 s). The speechd socket is probed first in a thread of its own (a socket
    wait lets go of the lock). The `names` are tried in order; `started` says '' once a
    voice is ready, else why none is, and `fallback` is what to use then (espeak-ng).

    Speaking: the calls are queued to QTextToSpeech's own C++ slots, so a stuck call
    (speech-dispatcher waits on a hung sound output in `stop`) holds only that thread."""

    stateChanged = Signal(object)  # noqa: N815 (QTextToSpeech's names); the state's name
    sayingWord = Signal(str, int, int, int)  # noqa: N815
    started = Signal(str)  # '' once a voice is ready; else why no engine could start
    _say = Signal(str)
    _pause = Signal()
    _resume = Signal()
    _stop = Signal()
    _rate = Signal(float)
    _locale = Signal(QLocale)
    _probed = Signal(str, bool)  # from the probe's thread: (engine name, it answered)

    def __init__(self, names: list[str] | None = None, parent: QObject | None = None,
                 fallback: Callable[[QObject, str], QObject] | None = None) -> None:
        super().__init__(parent)
        self.name = ""
        self.starting = True
        self.fallback = fallback
        self.voices = 0
        self.can_pause = self.word_by_word = False
        self.tts: Any = None
        self._names = names
        self._reasons: list[str] = []
        self._state = "Ready"
        self._stuck = False  # its start timed out: the thread is held by the engine
        self.worker_thread = QThread()
        self.worker_thread.setObjectName("speech")
        self._give_up = QTimer(self)
        self._give_up.setSingleShot(True)
        self._give_up.timeout.connect(self._timed_out)
        # the press that made this engine returns first, and the bar says "Starting the
        # voice…"; loading Qt's speech libraries (tens of ms) is the next event
        QTimer.singleShot(0, self, self._set_up)

    def _set_up(self) -> None:
        """Import QtTextToSpeech (first use), make the empty engine in its thread, and
        try the engines; the names are the system's, best first, unless given."""
        if not self.starting:
            return  # ended before it began
        from PySide6.QtCore import SIGNAL, SLOT

        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as error:  # not installed, or a system library (libpulse) missing
            self._done(f"Qt's speech module could not load ({error})")
            return
        if self._names is None:
            self._names = ordered_engines(QTextToSpeech.availableEngines())
            if not self._names:
                self._done("Qt has no speech engine here")
                return
        with _without_qt_warning(NO_ENGINE):
            engine = QTextToSpeech(NO_ENGINE)
        engine.moveToThread(self.worker_thread)
        self.tts = engine
        queued = Qt.ConnectionType.QueuedConnection
        for mine, theirs in (("_say(QString)", "say(QString)"), ("_pause()", "pause()"),
                             ("_resume()", "resume()"), ("_stop()", "stop()"),
                             ("_rate(double)", "setRate(double)"),
                             ("_locale(QLocale)", "setLocale(QLocale)")):
            QObject.connect(self, SIGNAL(mine), engine, SLOT(theirs), queued)
        engine.stateChanged.connect(self._state_changed, queued)
        engine.sayingWord.connect(self._saying_word, queued)
        engine.engineChanged.connect(self._engine_loaded, queued)
        self._probed.connect(self._load, queued)
        _THREADS.append(self)
        self.worker_thread.start()
        self._try_next()

    def _try_next(self) -> None:
        if not self._names:
            self._done("; ".join(self._reasons) or "no speech engine started")
            return
        name = self._names.pop(0)
        if name != "speechd":
            self._load(name, True)
            return
        path = speechd_socket()
        if path is None:
            self._load(name, False)
            return
        threading.Thread(target=self._probe, args=(name, path), daemon=True,
                         name="speechd-probe").start()

    def _probe(self, name: str, path: Path) -> None:
        """In the probe's own thread: does speech-dispatcher answer (a stuck one would
        hold the engine's thread for ever)?"""
        answered = speechd_answers(path)
        with contextlib.suppress(RuntimeError):  # the engine went while we waited
            self._probed.emit(name, answered)

    def _load(self, name: str, answered: bool) -> None:
        if not self.starting:
            return
        if not answered:
            self._reasons.append("speech-dispatcher is not answering")
            self._try_next()
            return
        from PySide6.QtCore import Q_ARG, QMetaObject

        self.name = name
        self._give_up.start(ENGINE_START_TIMEOUT_MS)
        QMetaObject.invokeMethod(self.tts, "setEngine", Qt.ConnectionType.QueuedConnection,
                                 Q_ARG(str, name))

    def _engine_loaded(self, _name: str) -> None:
        """Back on the window's thread, the engine loaded (or not). Its voices, locales
        and capabilities were read by the engine as it loaded, so asking is quick."""
        if not self.starting:
            return
        self._give_up.stop()
        engine = self.tts
        voices = engine.availableVoices()
        if phase_of(engine.state()) is Phase.ERROR or not voices:
            self._reasons.append(f"{self.name}: {engine.errorString() or 'no voice installed'}")
            self._try_next()
            return
        from PySide6.QtTextToSpeech import QTextToSpeech

        flags, capability = engine.engineCapabilities(), QTextToSpeech.Capability
        self.voices = len(voices)
        self.can_pause = bool(flags & capability.PauseResume)
        self.word_by_word = bool(flags & capability.WordByWordProgress)
        locale = english_locale(engine.availableLocales())
        if locale is not None:
            self._locale.emit(locale)
        self._done("")

    def _timed_out(self) -> None:
        if self.starting:
            self._stuck = True
            self._reasons.append(f"{self.name}: it did not start within "
                                 f"{ENGINE_START_TIMEOUT_MS // 1000} s")
            self._done("; ".join(self._reasons))

    def _done(self, problem: str) -> None:
        self.starting = False
        self._give_up.stop()
        self.started.emit(problem)

    def engine(self) -> str:
        return self.name

    def state(self) -> str:
        return self._state

    def errorString(self) -> str:
        return f"the {self.name} voice reported an error" if self._state == "Error" else ""

    def _state_changed(self, state: object) -> None:
        if self.starting:
            return  # the empty engine's, or one being loaded: not a reading's
        self._state = getattr(state, "name", str(state))
        self.stateChanged.emit(self._state)

    def _saying_word(self, word: str, number: int, start: int, length: int) -> None:
        self.sayingWord.emit(word, int(number), int(start), int(length))

    def say(self, text: str) -> None:
        self._say.emit(text)

    def pause(self, _boundary: object = None) -> None:
        self._pause.emit()

    def resume(self) -> None:
        self._resume.emit()

    def stop(self, _boundary: object = None) -> None:
        self._stop.emit()

    def setRate(self, rate: float) -> None:
        self._rate.emit(rate)

    def end(self, wait_ms: int = 2000) -> None:
        """Stop the voice and its thread. A thread stuck in the system's engine is ended
        by force after `wait_ms`, and its engine left alone (deleting it would wait on
        the same stuck service), so quitting never hangs on speech."""
        self.starting = False
        self._give_up.stop()
        if self in _THREADS:
            _THREADS.remove(self)
        if not self.worker_thread.isRunning():
            return
        self._stop.emit()
        self.worker_thread.quit()
        if not self.worker_thread.wait(100 if self._stuck else wait_ms):
            self.worker_thread.terminate()
            self.worker_thread.wait(500)
            import shiboken6

            _ABANDONED.append(self.tts)
            shiboken6.Shiboken.invalidate(self.tts)


@atexit.register
def _end_speech_threads() -> None:
    for engine in list(_THREADS):
        with contextlib.suppress(RuntimeError):
            engine.end()


class EspeakEngine(QObject):
    """The `espeak-ng` program as an engine, for Linux systems that have it but not
    speech-dispatcher (or whose Qt speech module cannot load). It speaks through its own
    sound output; pausing stops the process and resuming continues it. No word progress."""

    State = EngineState

    stateChanged = Signal(object)  # noqa: N815 (QTextToSpeech's names)
    sayingWord = Signal(str, int, int, int)  # noqa: N815
    can_pause = sys.platform != "win32"
    word_by_word = False

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = self.State.Ready
        self._rate = 0.0
        self._process: QProcess | None = None

    @staticmethod
    def program() -> str | None:
        return shutil.which("espeak-ng") or shutil.which("espeak")

    @classmethod
    def available(cls) -> bool:
        return cls.program() is not None

    def engine(self) -> str:
        return "espeak-ng"

    def state(self) -> EngineState:
        return self._state

    def errorString(self) -> str:
        return "espeak-ng stopped with an error" if self._state is self.State.Error else ""

    def _set_state(self, state: EngineState) -> None:
        if state is not self._state:
            self._state = state
            self.stateChanged.emit(state)

    def setRate(self, rate: float) -> None:
        self._rate = rate

    def say(self, text: str) -> None:
        self.stop()
        program = self.program()
        if program is None:
            self._set_state(self.State.Error)
            return
        wpm = words_a_minute(self._rate)
        process = QProcess(self)
        process.finished.connect(lambda code, _status, p=process: self._finished(p, code))
        process.start(program, ["-v", "en-gb", "-s", str(wpm), "--stdin"])
        process.write(text.encode("utf-8"))
        process.closeWriteChannel()
        self._process = process
        self._set_state(self.State.Speaking)

    def _finished(self, process: QProcess, code: int) -> None:
        if process is self._process:
            self._process = None
            self._set_state(self.State.Ready if code == 0 else self.State.Error)
        with contextlib.suppress(RuntimeError):  # already gone with its engine
            process.deleteLater()

    def _signal(self, number: int) -> bool:
        if self._process is None or not self.can_pause:
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._process.processId(), number)
            return True
        return False

    def pause(self, _boundary: object = None) -> None:
        if self._state is self.State.Speaking and self._signal(signal.SIGSTOP):
            self._set_state(self.State.Paused)

    def resume(self) -> None:
        if self._state is self.State.Paused and self._signal(signal.SIGCONT):
            self._set_state(self.State.Speaking)

    def stop(self, _boundary: object = None) -> None:
        process, self._process = self._process, None
        if process is not None:
            self._signal_process(process)
        self._set_state(self.State.Ready)

    @staticmethod
    def _signal_process(process: QProcess) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.processId(), signal.SIGCONT)  # a paused one must hear the kill
        process.kill()
        process.waitForFinished(1000)

    def end(self) -> None:
        """Quitting: no espeak-ng is left talking after the app."""
        self.stop()


def capabilities(engine: object) -> tuple[bool, bool]:
    """(can pause, reports each word) for a QTextToSpeech, a fake or espeak-ng."""
    if hasattr(engine, "can_pause"):
        return bool(engine.can_pause), bool(getattr(engine, "word_by_word", False))
    flags = engine.engineCapabilities()  # type: ignore[attr-defined]
    capability = type(engine).Capability  # type: ignore[attr-defined]
    return (bool(flags & capability.PauseResume),
            bool(flags & capability.WordByWordProgress))


# --- The one voice -----------------------------------------------------------------------

# after a stop (and any closing quotes or brackets) and a space, or at a line's end
SENTENCE_END = re.compile(r"(?<=[.!?…:;])[\"'’”)\]]*(?=\s)|\n")
LONGEST_CHUNK = 240  # characters: a longer sentence is cut after a comma or a space


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text` (or of each short chunk of a long one),
    without the spaces around it: what an engine that reports no words is given one at
    a time, so the sentence being read can be marked instead."""
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [match.end() for match in SENTENCE_END.finditer(text)] + [len(text)]:
        left, right = start, end
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        while right - left > LONGEST_CHUNK:
            cut = max(text.rfind(", ", left, left + LONGEST_CHUNK) + 1,
                      text.rfind(" ", left, left + LONGEST_CHUNK))
            if cut <= left:
                cut = left + LONGEST_CHUNK
            spans.append((left, cut))
            left = cut
            while left < right and text[left].isspace():
                left += 1
        if right > left:
            spans.append((left, right))
        start = end
    return spans


class SpeechService(QObject):
    """The app's one voice. The engine is made by the factory on first use; whoever
    speaks (a bar, or the kiosk's control speech) is its owner until someone else speaks
    or it stops.

    An engine that reports words gets the whole text, and `word` gives each word as it
    is spoken. One that does not (speech-dispatcher, espeak-ng) gets one sentence at a
    time, the next when it is Ready again, and `word` gives each sentence as it starts,
    so the reader still sees where the voice is. Pause, speed and Stop act on the
    sentence being read; a new speed is taken from the next sentence on."""

    phase_changed = Signal(object)  # Phase
    word = Signal(int, int)  # start and length in the text now being read
    unavailable = Signal(str)  # why there is no voice (shown to the reader)

    def __init__(self, factory: EngineFactory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.factory = factory
        self.engine: QObject | None = None
        self.problem = ""  # set when the factory found no voice; it is not asked again
        self.owner: QObject | None = None
        self.phase = Phase.IDLE
        self.speed = NORMAL_SPEED
        self.can_pause = True
        self.word_by_word = True
        self.spoken: list[str] = []  # every text given to the engine (bench, tests)
        self.problem_text = ""  # the engine's own words for its last error
        self._text = ""  # the text being read
        self._chunks: list[tuple[int, int]] = []  # what is still to be said of it
        self._chunk_start = 0  # where the piece being said starts in `_text`
        self._chunk_heard = False  # the engine has said it is speaking that piece
        application = QApplication.instance()
        if application is not None:
            application.aboutToQuit.connect(self.close)

    def load(self) -> bool:
        """Make the engine if not yet made; False (with `problem` set) if there is none.
        The engine may still be starting (`starting`): then it says `started` later."""
        if self.engine is not None:
            return True
        if self.problem:
            return False
        try:
            engine = self.factory(self)
        except NoVoice as reason:
            self._no_voice(str(reason))
            return False
        self._adopt(engine)
        return self.engine is not None

    def wait_until_started(self, timeout_ms: int) -> bool:
        """Load the engine and wait, in an event loop of its own, until it has started:
        True with a voice, False with `problem` set (or on time-out). For the bench and
        tests that need the engine itself; the window never waits like this."""
        if self.load() and self.starting():
            from PySide6.QtCore import QEventLoop

            loop = QEventLoop()
            started = self.engine.started  # type: ignore[union-attr]
            started.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
            QTimer.singleShot(timeout_ms, loop.quit)
            loop.exec()
        return self.engine is not None and not self.starting()

    def starting(self) -> bool:
        return self.engine is not None and bool(getattr(self.engine, "starting", False))

    def _adopt(self, engine: QObject) -> None:
        self.engine = engine
        engine.stateChanged.connect(self._state_changed)  # type: ignore[attr-defined]
        engine.sayingWord.connect(self._saying_word)  # type: ignore[attr-defined]
        if getattr(engine, "starting", False):
            engine.started.connect(self._engine_started)  # type: ignore[attr-defined]
        else:
            self._engine_ready()

    def _engine_ready(self) -> None:
        assert self.engine is not None
        self.can_pause, self.word_by_word = capabilities(self.engine)
        self.engine.setRate(SPEEDS[self.speed][0])  # type: ignore[attr-defined]

    def _engine_started(self, problem: str) -> None:
        """The engine started in the background: read what waited for it, or fall back
        (espeak-ng), or say there is no voice."""
        engine = self.engine
        if engine is None or getattr(engine, "starting", False):
            return
        if problem:
            fallback = getattr(engine, "fallback", None)
            self._end_engine()
            try:
                if fallback is None:
                    raise NoVoice(problem)
                self._adopt(fallback(self, problem))
            except NoVoice as reason:
                self._no_voice(str(reason))
                return
        else:
            self._engine_ready()
        if self.owner is not None and self._text and not self.starting():
            self._begin()

    def _no_voice(self, problem: str) -> None:
        self.problem = problem or "no voice"
        self.unavailable.emit(self.problem)
        self.stop()

    def _end_engine(self) -> None:
        engine, self.engine = self.engine, None
        end = getattr(engine, "end", None)
        if end is not None:
            end()

    def close(self) -> None:
        """Stop, and end the engine's thread if it has one (quitting, or a new factory)."""
        self.stop()
        self._end_engine()

    def speak(self, owner: QObject, text: str) -> bool:
        """Read `text` aloud for `owner`, stopping whatever was being read. If the engine
        is still starting, the text waits for it (the phase is STARTING)."""
        if not text.strip() or not self.load():
            return False
        self.stop()
        self.owner = owner
        owner.destroyed.connect(self._owner_destroyed)
        self.spoken.append(text)
        self._text = text
        if self.starting():
            self._set_phase(Phase.STARTING)
        else:
            self._begin()
        return True

    def _begin(self) -> None:
        self._chunks = [(0, len(self._text))] if self.word_by_word \
            else sentence_spans(self._text)
        self._say_next()
        if self.phase is not Phase.SPEAKING and self.owner is not None:
            # asked to speak: Stop and Pause work now, even if a busy speech-dispatcher
            # takes seconds to say it has begun
            self._set_phase(Phase.SPEAKING)

    def _say_next(self) -> None:
        assert self.engine is not None
        start, end = self._chunks.pop(0)
        self._chunk_start, self._chunk_heard = start, False
        self.engine.say(self._text[start:end])  # type: ignore[attr-defined]
        if not self.word_by_word and self.owner is not None:
            self.word.emit(start, end - start)  # no words will come: mark the sentence

    def _owner_destroyed(self) -> None:
        # the owner is gone (a kiosk reset deletes the screens): its reading goes too
        self.owner = None
        self._chunks, self._text = [], ""
        if self.engine is not None and self.phase is not Phase.IDLE:
            self.engine.stop()  # type: ignore[attr-defined]

    def is_owner(self, owner: QObject) -> bool:
        return self.owner is owner

    def pause(self, owner: QObject) -> None:
        if self.owner is owner and self.engine is not None and self.can_pause \
                and self.phase is Phase.SPEAKING:
            self.engine.pause()  # type: ignore[attr-defined]

    def resume(self, owner: QObject) -> None:
        if self.owner is owner and self.engine is not None and self.phase is Phase.PAUSED:
            self.engine.resume()  # type: ignore[attr-defined]

    def stop(self, owner: QObject | None = None) -> None:
        """Stop reading (only `owner`'s reading, if given); what was still to be said
        is dropped first, so the engine's Ready cannot start the next sentence."""
        if owner is not None and self.owner is not owner:
            return
        previous, self.owner = self.owner, None
        self._chunks, self._text = [], ""
        if previous is not None:
            with contextlib.suppress(RuntimeError, TypeError):  # its C++ side may be gone
                previous.destroyed.disconnect(self._owner_destroyed)
        if self.engine is not None and not self.starting() and (
                previous is not None or self.phase is not Phase.IDLE):
            self.engine.stop()  # type: ignore[attr-defined]
        if self.phase is not Phase.IDLE:
            self._set_phase(Phase.IDLE)

    def set_speed(self, index: int) -> None:
        """One of SPEEDS; engines take it for the next words or the next sentence."""
        self.speed = max(0, min(len(SPEEDS) - 1, index))
        if self.engine is not None and not self.starting():
            self.engine.setRate(SPEEDS[self.speed][0])  # type: ignore[attr-defined]

    def _state_changed(self, state: object) -> None:
        phase = phase_of(state)
        if phase is Phase.SPEAKING:
            self._chunk_heard = True
        elif phase is Phase.IDLE and self.owner is not None and self._text:
            if not self._chunk_heard:
                return  # the Ready of the stop before this piece was said: not its end
            if self._chunks:
                self._say_next()  # that sentence is done: on to the next, still SPEAKING
                return
            self._text = ""
        elif phase is Phase.ERROR:
            self._chunks, self._text = [], ""
        self._set_phase(phase)

    def _set_phase(self, phase: Phase) -> None:
        self.phase = phase
        if phase is Phase.ERROR and self.engine is not None:
            self.problem_text = str(self.engine.errorString())  # type: ignore[attr-defined]
        self.phase_changed.emit(phase)

    def _saying_word(self, _word: str, _id: int, start: int, length: int) -> None:
        if self.word_by_word:
            self.word.emit(self._chunk_start + start, length)


# "system": speak even offscreen; "off": never speak; "silent" or "silent-no-words": the
# silent engine (ui/silent_speech.py), which marks the words or sentences with no sound
SPEECH_ENV = "ALL_GUIDE_SPEECH"


def default_factory(parent: QObject) -> QObject:
    """The system's voice. Not offscreen (tests, benches, --screenshot), where nobody
    listens and a machine without sound can leave speech-dispatcher stuck, unless
    ALL_GUIDE_SPEECH=system asks for it; the silent engine if ALL_GUIDE_SPEECH says so."""
    wanted = os.environ.get(SPEECH_ENV, "")
    if wanted == "off":
        raise NoVoice(f"speech is switched off ({SPEECH_ENV}=off)")
    if wanted.startswith("silent"):
        from desktop_app.ui.silent_speech import SILENT_CHOICES, SilentEngine

        if wanted not in SILENT_CHOICES:
            raise NoVoice(f"{SPEECH_ENV}={wanted} is not one of "
                          f"{', '.join(sorted(SILENT_CHOICES))}")
        return SilentEngine(parent, words=SILENT_CHOICES[wanted], paced=True)
    offscreen = os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen") or (
        QApplication.platformName() == "offscreen")
    if offscreen and wanted != "system":
        raise NoVoice(f"the app runs offscreen (set {SPEECH_ENV}=system to speak)")
    return qt_engine(parent)


ENGINE_FACTORY: EngineFactory = default_factory
_service: SpeechService | None = None


def speech_service() -> SpeechService:
    """The app's one SpeechService (made on first use, with ENGINE_FACTORY)."""
    global _service
    if _service is None:
        _service = SpeechService(ENGINE_FACTORY, QApplication.instance())
    return _service


def use_engine_factory(factory: EngineFactory) -> None:
    """Speak through `factory`'s engines from now on (tests give a fake one); the old
    service stops and goes."""
    global ENGINE_FACTORY, _service
    if _service is not None:
        _service.close()
        _service.deleteLater()
    ENGINE_FACTORY, _service = factory, None


# --- What a bar reads, and where its words are ------------------------------------------

@dataclass
class Segment:
    """One widget's words within the text read aloud: they start at `start`."""

    widget: QWidget
    text: str
    start: int


def widget_text(widget: QWidget) -> str:
    """The words a widget shows, position for position (a QTextEdit's pictures and
    other objects become spaces, so offsets still match its document)."""
    if isinstance(widget, QTextEdit):
        return widget.toPlainText().replace("\ufffc", " ")
    if isinstance(widget, QLabel):
        text = widget.text()
        if widget.textFormat() == Qt.TextFormat.RichText or GuiQt.mightBeRichText(text):
            from PySide6.QtGui import QTextDocumentFragment

            return QTextDocumentFragment.fromHtml(text).toPlainText()
        return text
    return ""


def gather(widgets: list[QWidget]) -> tuple[str, list[Segment]]:
    """The visible widgets' words as one text to read, each ended so the voice pauses."""
    parts: list[str] = []
    segments: list[Segment] = []
    position = 0
    for widget in widgets:
        if not widget.isVisible():
            continue
        text = widget_text(widget)
        if not text.strip():
            continue
        segments.append(Segment(widget, text, position))
        ending = "\n" if text.rstrip()[-1:] in ".!?:;" else ".\n"
        parts.append(text + ending)
        position += len(text) + len(ending)
    return "".join(parts), segments


class Highlighter:
    """Marks the word being read: an extra selection in a text view, a span in a label."""

    def __init__(self) -> None:
        self._label: QLabel | None = None
        self._label_text = ""
        self._label_format = Qt.TextFormat.AutoText
        self._editor: QTextEdit | None = None

    def show(self, segment: Segment, start: int, length: int) -> None:
        self.clear()
        widget = segment.widget
        if isinstance(widget, QTextEdit):
            cursor = QTextCursor(widget.document())
            cursor.setPosition(start)
            cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor  # type: ignore[attr-defined]
            marked = QTextCharFormat()
            marked.setBackground(QColor(HIGHLIGHT_BACKGROUND))
            marked.setForeground(QColor(HIGHLIGHT_TEXT))
            selection.format = marked  # type: ignore[attr-defined]
            widget.setExtraSelections([selection])
            self._editor = widget
            self._scroll_to(widget, cursor)
        elif isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.RichText \
                and not GuiQt.mightBeRichText(segment.text):
            text = segment.text
            self._label, self._label_text = widget, text
            self._label_format = widget.textFormat()
            widget.setTextFormat(Qt.TextFormat.RichText)
            widget.setText(
                html.escape(text[:start]).replace("\n", "<br/>")
                + f'<span style="background-color:{HIGHLIGHT_BACKGROUND};'
                  f'color:{HIGHLIGHT_TEXT}">{html.escape(text[start:start + length])}</span>'
                + html.escape(text[start + length:]).replace("\n", "<br/>"))

    @staticmethod
    def _scroll_to(editor: QTextEdit, cursor: QTextCursor) -> None:
        """Keep the mark's start on screen without moving the reader's own cursor (a
        sentence's first line, where the eye goes)."""
        start = QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        rect = editor.cursorRect(start)
        viewport = editor.viewport().rect()
        if not viewport.contains(rect):
            bar = editor.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - viewport.height() // 3)

    def highlighted(self) -> tuple[int, int] | None:
        """(start, length) of the word marked in the text view, for tests."""
        selections = self._editor.extraSelections() if self._editor is not None else []
        if not selections:
            return None
        cursor = QTextCursor(selections[0].cursor)  # a copy: the list owns the original
        return cursor.selectionStart(), cursor.selectionEnd() - cursor.selectionStart()

    def clear(self) -> None:
        if self._editor is not None:
            with contextlib.suppress(RuntimeError):  # deleted with its screen
                self._editor.setExtraSelections([])
            self._editor = None
        if self._label is not None:
            with contextlib.suppress(RuntimeError):
                self._label.setTextFormat(self._label_format)
                self._label.setText(self._label_text)
            self._label = None


# --- The bar -----------------------------------------------------------------------------

class ReadAloudBar(QFrame):
    """Read aloud, Pause, Stop, Slower and Faster for the words of `source()` (widgets in
    reading order: text views and labels), with a line saying what the voice is doing."""

    def __init__(self, source: Callable[[], list[QWidget]], parent: QWidget | None = None,
                 what: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("readAloudBar")
        self.setAccessibleName(self.tr("Read aloud controls"))
        self._source = source
        self._segments: list[Segment] = []
        self._highlighter = Highlighter()
        self._window_hooked = False
        # the buttons wrap onto a second row rather than widen the window past a small
        # screen (a kiosk at large text left full screen when the bar grew)
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 6, 16, 6)
        row = FlowLayout()
        column.addLayout(row)
        play_name = self.tr("Read aloud") if not what else \
            self.tr("Read aloud: {what}").format(what=what)
        self.play_button = self._button(self.tr("Read aloud"), play_name, self.play)
        self._play_name = play_name
        self.pause_button = self._button(self.tr("Pause"), self.tr("Pause reading"),
                                         self.pause)
        self.stop_button = self._button(self.tr("Stop"), self.tr("Stop reading"), self.stop)
        self.slower_button = self._button(self.tr("Slower"), self.tr("Slower reading"),
                                          lambda: self._change_speed(-1))
        self.faster_button = self._button(self.tr("Faster"), self.tr("Faster reading"),
                                          lambda: self._change_speed(+1))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("readAloudStatus")
        for widget in (self.play_button, self.pause_button, self.stop_button,
                       self.slower_button, self.faster_button):
            row.addWidget(widget)
        column.addWidget(self.status)
        self._connected: SpeechService | None = None
        self._show_phase(Phase.IDLE)

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setMinimumHeight(MIN_TARGET)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # the service is looked up (and made) only when first needed, not at start-up

    def service(self) -> SpeechService:
        service = speech_service()
        if service is not self._connected:
            service.phase_changed.connect(self._phase_changed)
            service.word.connect(self._word)
            service.unavailable.connect(self._unavailable)
            self._connected = service
        return service

    def speaking(self) -> bool:
        return self._connected is not None and self._connected.is_owner(self)

    def play(self) -> None:
        service = self.service()
        if self.speaking() and service.phase is Phase.PAUSED:
            service.resume(self)
            return
        text, self._segments = gather(self._source())
        self._highlighter.clear()
        if not service.speak(self, text):  # the first start goes on in the background
            self._say(self.no_voice_message(service.problem) if service.problem
                      else self.tr("There is nothing to read on this page."))

    def _unavailable(self, problem: str) -> None:
        if self.speaking():  # the engine this bar waited for could not start
            self._say(self.no_voice_message(problem))

    def no_voice_message(self, detail: str) -> str:
        return self.tr("No voice is installed on this computer, so ALL Guide cannot read "
                       "aloud. Please ask the ward staff or your IT team to add one. "
                       "({detail})").format(detail=detail)

    def pause(self) -> None:
        if self.speaking():
            self.service().pause(self)

    def stop(self) -> None:
        if self._connected is not None:
            self._connected.stop(self)
        self._highlighter.clear()
        self._show_phase(Phase.IDLE)

    def _change_speed(self, step: int) -> None:
        service = self.service()
        service.set_speed(service.speed + step)
        self._show_speed(service)

    def _phase_changed(self, phase: Phase) -> None:
        if not self.speaking() and phase is not Phase.IDLE:
            self._show_phase(Phase.IDLE)  # another bar (or the kiosk) speaks now
            self._highlighter.clear()
            return
        if phase in (Phase.IDLE, Phase.ERROR):
            self._highlighter.clear()
        self._show_phase(phase)

    def _show_phase(self, phase: Phase) -> None:
        mine = self.speaking()
        paused = mine and phase is Phase.PAUSED
        speaking = mine and phase is Phase.SPEAKING
        starting = mine and phase is Phase.STARTING
        self.play_button.setText(self.tr("Carry on") if paused else self.tr("Read aloud"))
        self.play_button.setAccessibleName(self.tr("Carry on reading aloud") if paused
                                           else self._play_name)
        can_pause = self._connected.can_pause if self._connected is not None else True
        self.pause_button.setEnabled(speaking and can_pause)
        self.stop_button.setEnabled(speaking or paused or starting)
        service = self._connected
        if phase is Phase.ERROR and mine and service is not None:
            self._say(self.tr("The voice stopped with an error: {error}").format(
                error=getattr(service, "problem_text", "") or self.tr("unknown")))
        elif starting:  # the first start can take seconds; the window goes on working
            self._say(self.tr("Starting the voice…"))
        elif speaking:
            self._say(self.tr("Reading aloud…"))
        elif paused:
            self._say(self.tr("Paused. Press Carry on to go on reading."))
        elif service is None or not service.problem:
            self._say("")
        if service is not None:
            self._show_speed(service)

    def _show_speed(self, service: SpeechService) -> None:
        self.slower_button.setEnabled(service.speed > 0)
        self.faster_button.setEnabled(service.speed < len(SPEEDS) - 1)
        speed = SPEEDS[service.speed][1]
        self.slower_button.setToolTip(self.tr("Speed: {speed}").format(speed=speed))
        self.faster_button.setToolTip(self.slower_button.toolTip())

    def _say(self, text: str) -> None:
        if text and text != self.status.text():  # shown and said: a live region's part
            announce(self.status, text)
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.setVisible(bool(text))

    def _word(self, start: int, length: int) -> None:
        """Mark the words from `start` in the text read: a word, or the sentence being
        read where the engine reports no words."""
        if not self.speaking():
            return
        for segment in self._segments:
            if segment.start <= start < segment.start + len(segment.text):
                if widget_text(segment.widget) != segment.text:
                    self.stop()  # the page changed under the voice: it must not go on
                    return
                local = start - segment.start
                self._highlighter.show(segment, local,
                                       min(length, len(segment.text) - local))
                return

    def highlighted(self) -> tuple[int, int] | None:
        return self._highlighter.highlighted()

    # leaving the page stops the voice

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        window = self.window()
        page_shown = getattr(window, "page_shown", None)
        if not self._window_hooked and page_shown is not None:
            page_shown.connect(self._page_changed)
            self._window_hooked = True

    def _page_changed(self, _address: object) -> None:
        if self.speaking():
            self.stop()

    def hideEvent(self, event: QHideEvent) -> None:
        if not event.spontaneous() and self.speaking():
            self.stop()
        super().hideEvent(event)


# --- A kiosk that speaks its controls ---------------------------------------------------

class ControlSpeech(QObject):
    """On a kiosk with `speak_controls = true`: each control that gets the focus says its
    accessible name, and each page its title, for readers who cannot see the screen."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        QApplication.instance().focusChanged.connect(self._focus_changed)
        page_shown = getattr(window, "page_shown", None)
        if page_shown is not None:
            page_shown.connect(self._page_shown)
        window.destroyed.connect(self._detach)

    def _detach(self) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            QApplication.instance().focusChanged.disconnect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or not (new is self.window or self.window.isAncestorOf(new)):
            return
        if isinstance(speech_service().owner, ReadAloudBar) and \
                isinstance(new.parentWidget(), ReadAloudBar):
            return  # pressing Pause or Stop must not drown the page being read
        name = new.accessibleName() or getattr(new, "text", lambda: "")()
        if isinstance(name, str) and name.strip():
            speech_service().speak(self, name)

    def _page_shown(self, _address: object) -> None:
        title = self.window.windowTitle().replace("–", ",")
        speech_service().speak(self, title)


def speak_controls(window: QWidget) -> ControlSpeech:
    """Make the whole window speak (kiosk site setting `speak_controls`)."""
    return ControlSpeech(window)
