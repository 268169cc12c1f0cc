"""The silent engine: QTextToSpeech's signals and methods, with no sound.

Why it is in the app and not in the tests: one fake engine serves the tests (which drive
it by hand: `speak_word`, `finish`, `fail`), the bench, and people who need read-aloud
without a voice: a demo on a machine with no sound, screenshots, CI. For those the app
chooses it with `ALL_GUIDE_SPEECH=silent` (words reported, as on Windows and macOS) or
`ALL_GUIDE_SPEECH=silent-no-words` (no word progress, as speech-dispatcher and espeak-ng
on Linux), and then it walks through the words on a timer at the chosen speed.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.ui.read_aloud import EngineState, words_a_minute

SILENT_CHOICES = {"silent": True, "silent-no-words": False}  # ALL_GUIDE_SPEECH: words?


class SilentEngine(QObject):
    """Stands in for QTextToSpeech and remembers what it was told. `word_by_word` says
    whether it reports words (`sayingWord`); `paced` makes it speak by itself, one word
    per tick at the rate's pace, then go Ready; otherwise the caller says what is spoken
    (`speak_word`) and when it is done (`finish`). With `starting`, it starts as a
    system engine does, in the background, until `finish_starting`."""

    State = EngineState
    stateChanged = Signal(object)  # noqa: N815 (QTextToSpeech's names)
    sayingWord = Signal(str, int, int, int)  # noqa: N815
    started = Signal(str)  # as ThreadedEngine's: '' once it has started, else why not
    can_pause = True

    def __init__(self, parent: QObject | None = None, *, words: bool = True,
                 paced: bool = False, starting: bool = False) -> None:
        super().__init__(parent)
        self.word_by_word = words
        self.starting = starting  # True: it starts when `finish_starting` is called
        self.texts: list[str] = []  # every text given to `say`, in order
        self.rate = 0.0
        self.stops = 0
        self._state = EngineState.Ready
        self._next_word = 0
        self._pace: QTimer | None = None
        if paced:
            self._pace = QTimer(self)
            self._pace.timeout.connect(self._tick)

    def engine(self) -> str:
        return "silent"

    def state(self) -> EngineState:
        return self._state

    def errorString(self) -> str:
        return "the silent engine's sound card is unplugged" \
            if self._state is EngineState.Error else ""

    def _set(self, state: EngineState) -> None:
        if state is not self._state:
            self._state = state
            self.stateChanged.emit(state)

    def say(self, text: str) -> None:
        self.texts.append(text)
        self._next_word = 0
        self._set(EngineState.Speaking)
        self._run_pace()

    def pause(self, _boundary: object = None) -> None:
        if self._state is EngineState.Speaking:
            self._set(EngineState.Paused)
            if self._pace is not None:
                self._pace.stop()

    def resume(self) -> None:
        if self._state is EngineState.Paused:
            self._set(EngineState.Speaking)
            self._run_pace()

    def stop(self, _boundary: object = None) -> None:
        self.stops += 1
        if self._pace is not None:
            self._pace.stop()
        self._set(EngineState.Ready)

    def setRate(self, rate: float) -> None:
        self.rate = rate

    # --- what the caller (a test) says is being spoken ---------------------------------

    def words(self) -> list[re.Match[str]]:
        """The words of the text being spoken."""
        return list(re.finditer(r"\w+", self.texts[-1]))

    def speak_word(self, number: int) -> tuple[str, int, int]:
        """Word `number` of the last text is being spoken: reported if this engine
        reports words. (word, start, length)."""
        match = self.words()[number]
        if self.word_by_word:
            self.sayingWord.emit(match.group(), number, match.start(), len(match.group()))
        return match.group(), match.start(), len(match.group())

    def finish_starting(self, problem: str = "") -> None:
        """Starting is over: a voice is ready, or (with `problem`) none could start."""
        self.starting = False
        self.started.emit(problem)

    def finish(self) -> None:
        """The last text has been spoken."""
        self._set(EngineState.Ready)

    def fail(self) -> None:
        self._set(EngineState.Error)

    # --- speaking by itself --------------------------------------------------------------

    def _run_pace(self) -> None:
        if self._pace is not None and self._state is EngineState.Speaking:
            self._pace.start(round(60_000 / words_a_minute(self.rate)))

    def _tick(self) -> None:
        words = self.words() if self.texts else []
        if self._next_word >= len(words):
            assert self._pace is not None
            self._pace.stop()
            self.finish()
            return
        self.speak_word(self._next_word)
        self._next_word += 1
