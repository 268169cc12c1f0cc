"""Read-aloud: the speech engine behind one app-wide voice, and the ReadAloudBar (Read
aloud, Pause, Stop, Slower, Faster) that reads a page and highlights each word as it is
spoken.

Why it is built this way (docs/read-aloud.md has the whole story):
- Start-up must not pay for speech, so `PySide6.QtTextToSpeech` is imported only when a
  reader first presses Read aloud (or a kiosk first speaks a control).
- Tests, and sites with no voice, must not need Qt's engines: `SpeechService` takes an
  engine factory. An engine is any QObject with QTextToSpeech's signals (`stateChanged`,
  `sayingWord`) and methods (`say`, `pause`, `resume`, `stop`, `setRate`); tests give a
  fake one, and Linux without speech-dispatcher falls back to the `espeak-ng` program.
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
import shutil
import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, Qt, QThread, Signal
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


class NoVoice(Exception):
    """No speech engine with a voice could be loaded; the message says so to the reader."""


class Phase(Enum):
    """What the one voice is doing, whatever engine speaks."""

    IDLE = "idle"
    SPEAKING = "speaking"
    PAUSED = "paused"
    ERROR = "error"


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


def qt_engine(parent: QObject) -> QObject:
    """The system's voice through QTextToSpeech (imported here, on first use), set to
    British English where the engine has it, in its own thread; espeak-ng when Qt has no
    working engine."""
    keep_speech_offline()
    reasons: list[str] = []
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as error:  # not installed, or a system library (libpulse) missing
        reasons.append(f"Qt's speech module could not load ({error})")
    else:
        for name in ordered_engines(QTextToSpeech.availableEngines()):
            socket_path = speechd_socket() if name == "speechd" else None
            if name == "speechd" and (socket_path is None or not speechd_answers(socket_path)):
                reasons.append("speech-dispatcher is not answering")
                continue
            try:
                return ThreadedEngine(name, parent)
            except NoVoice as reason:
                reasons.append(f"{name}: {reason}")
    if EspeakEngine.available():
        return EspeakEngine(parent)
    raise NoVoice("; ".join(reasons) or "no speech engine is installed")


def _choose_english(engine: Any) -> None:
    locales = {locale.name(): locale for locale in engine.availableLocales()}
    for wanted in ("en_GB", "en_IE", "en_AU", "en_US"):
        if wanted in locales:
            engine.setLocale(locales[wanted])
            return


_THREADS: list[ThreadedEngine] = []  # ended before the interpreter exits (atexit)
_ABANDONED: list[object] = []  # engines whose thread had to be ended by force


class ThreadedEngine(QObject):
    """A QTextToSpeech moved to its own thread once made, seen from the window's thread
    with the same signals and methods. A system engine may block in a call
    (speech-dispatcher waits on a stuck sound output in `stop`); then only that thread
    waits, never the window. The calls are queued to QTextToSpeech's own C++ slots, so no
    Python runs in that thread and a stuck call cannot hold Python's lock."""

    stateChanged = Signal(object)  # noqa: N815 (QTextToSpeech's names); the state's name
    sayingWord = Signal(str, int, int, int)  # noqa: N815
    _say = Signal(str)
    _pause = Signal()
    _resume = Signal()
    _stop = Signal()
    _rate = Signal(float)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtCore import SIGNAL, SLOT
        from PySide6.QtTextToSpeech import QTextToSpeech

        self.name = name
        self._state = "Ready"
        engine = QTextToSpeech(name)
        if phase_of(engine.state()) is Phase.ERROR or not engine.availableVoices():
            problem = engine.errorString() or "no voice installed"
            engine.deleteLater()
            raise NoVoice(problem)
        _choose_english(engine)
        flags, capability = engine.engineCapabilities(), QTextToSpeech.Capability
        self.voices = len(engine.availableVoices())
        self.can_pause = bool(flags & capability.PauseResume)
        self.word_by_word = bool(flags & capability.WordByWordProgress)
        self.thread = QThread()
        self.thread.setObjectName(f"speech-{name}")
        engine.moveToThread(self.thread)
        self.tts = engine
        queued = Qt.ConnectionType.QueuedConnection
        for mine, theirs in (("_say(QString)", "say(QString)"), ("_pause()", "pause()"),
                             ("_resume()", "resume()"), ("_stop()", "stop()"),
                             ("_rate(double)", "setRate(double)")):
            QObject.connect(self, SIGNAL(mine), engine, SLOT(theirs), queued)
        engine.stateChanged.connect(self._state_changed, queued)
        engine.sayingWord.connect(self._saying_word, queued)
        _THREADS.append(self)
        self.thread.start()

    def engine(self) -> str:
        return self.name

    def state(self) -> str:
        return self._state

    def errorString(self) -> str:
        return f"the {self.name} voice reported an error" if self._state == "Error" else ""

    def _state_changed(self, state: object) -> None:
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
        if self in _THREADS:
            _THREADS.remove(self)
        if not self.thread.isRunning():
            return
        self._stop.emit()
        self.thread.quit()
        if not self.thread.wait(wait_ms):
            self.thread.terminate()
            self.thread.wait(500)
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

    class State(Enum):
        Ready = 0
        Speaking = 1
        Paused = 3
        Error = 4

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

    def state(self) -> State:
        return self._state

    def errorString(self) -> str:
        return "espeak-ng stopped with an error" if self._state is self.State.Error else ""

    def _set_state(self, state: State) -> None:
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
        wpm = ESPEAK_WPM.get(self._rate, 165)
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

class SpeechService(QObject):
    """The app's one voice. The engine is made by the factory on first use; whoever
    speaks (a bar, or the kiosk's control speech) is its owner until someone else speaks
    or it stops."""

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

    def load(self) -> bool:
        """Make the engine if not yet made; False (with `problem` set) if there is none."""
        if self.engine is not None:
            return True
        if self.problem:
            return False
        try:
            engine = self.factory(self)
        except NoVoice as reason:
            self.problem = str(reason) or "no voice"
            self.unavailable.emit(self.problem)
            return False
        engine.stateChanged.connect(self._state_changed)  # type: ignore[attr-defined]
        engine.sayingWord.connect(self._saying_word)  # type: ignore[attr-defined]
        self.can_pause, self.word_by_word = capabilities(engine)
        engine.setRate(SPEEDS[self.speed][0])  # type: ignore[attr-defined]
        self.engine = engine
        application = QApplication.instance()
        if application is not None:
            application.aboutToQuit.connect(self.close)
        return True

    def close(self) -> None:
        """Stop, and end the engine's thread if it has one (quitting, or a new factory)."""
        self.stop()
        end = getattr(self.engine, "end", None)
        if end is not None:
            end()

    def speak(self, owner: QObject, text: str) -> bool:
        """Read `text` aloud for `owner`, stopping whatever was being read."""
        if not text.strip() or not self.load():
            return False
        assert self.engine is not None
        self.stop()
        self.owner = owner
        owner.destroyed.connect(self._owner_destroyed)
        self.spoken.append(text)
        self.engine.say(text)  # type: ignore[attr-defined]
        return True

    def _owner_destroyed(self) -> None:
        # the owner is gone (a kiosk reset deletes the screens): its reading goes too
        self.owner = None
        if self.engine is not None and self.phase is not Phase.IDLE:
            self.engine.stop()  # type: ignore[attr-defined]

    def is_owner(self, owner: QObject) -> bool:
        return self.owner is owner

    def pause(self, owner: QObject) -> None:
        if self.owner is owner and self.engine is not None and self.can_pause:
            self.engine.pause()  # type: ignore[attr-defined]

    def resume(self, owner: QObject) -> None:
        if self.owner is owner and self.engine is not None:
            self.engine.resume()  # type: ignore[attr-defined]

    def stop(self, owner: QObject | None = None) -> None:
        """Stop reading (only `owner`'s reading, if given)."""
        if owner is not None and self.owner is not owner:
            return
        previous, self.owner = self.owner, None
        if previous is not None:
            with contextlib.suppress(RuntimeError, TypeError):  # its C++ side may be gone
                previous.destroyed.disconnect(self._owner_destroyed)
        if self.engine is not None and (previous is not None or self.phase is not Phase.IDLE):
            self.engine.stop()  # type: ignore[attr-defined]
        if self.phase is not Phase.IDLE:
            self._set_phase(Phase.IDLE)

    def set_speed(self, index: int) -> None:
        """One of SPEEDS; engines take it for the next words or the next reading."""
        self.speed = max(0, min(len(SPEEDS) - 1, index))
        if self.engine is not None:
            self.engine.setRate(SPEEDS[self.speed][0])  # type: ignore[attr-defined]

    def _state_changed(self, state: object) -> None:
        self._set_phase(phase_of(state))

    def _set_phase(self, phase: Phase) -> None:
        self.phase = phase
        if phase is Phase.ERROR and self.engine is not None:
            self.problem_text = str(self.engine.errorString())  # type: ignore[attr-defined]
        self.phase_changed.emit(phase)

    def _saying_word(self, _word: str, _id: int, start: int, length: int) -> None:
        self.word.emit(start, length)


SPEECH_ENV = "ALL_GUIDE_SPEECH"  # "system": speak even offscreen; "off": never speak


def default_factory(parent: QObject) -> QObject:
    """The system's voice. Not offscreen (tests, benches, --screenshot), where nobody
    listens and a machine without sound can leave speech-dispatcher stuck, unless
    ALL_GUIDE_SPEECH=system asks for it."""
    wanted = os.environ.get(SPEECH_ENV, "")
    if wanted == "off":
        raise NoVoice(f"speech is switched off ({SPEECH_ENV}=off)")
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
        """Keep the word on screen without moving the reader's own cursor."""
        rect = editor.cursorRect(cursor)
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
        if service.engine is None and not service.problem and text.strip():
            self._say(self.tr("Starting the voice…"))  # the first start can take seconds
            self.status.repaint()
        if not service.speak(self, text):
            self._say(self.no_voice_message(service.problem) if service.problem
                      else self.tr("There is nothing to read on this page."))

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
        self.play_button.setText(self.tr("Carry on") if paused else self.tr("Read aloud"))
        self.play_button.setAccessibleName(self.tr("Carry on reading aloud") if paused
                                           else self._play_name)
        can_pause = self._connected.can_pause if self._connected is not None else True
        self.pause_button.setEnabled(speaking and can_pause)
        self.stop_button.setEnabled(speaking or paused)
        service = self._connected
        if phase is Phase.ERROR and mine and service is not None:
            self._say(self.tr("The voice stopped with an error: {error}").format(
                error=getattr(service, "problem_text", "") or self.tr("unknown")))
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
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.setVisible(bool(text))

    def _word(self, start: int, length: int) -> None:
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
