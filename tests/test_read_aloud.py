"""Read-aloud (desktop_app/ui/read_aloud.py): a person presses Read aloud, Pause, Stop,
Slower and Faster on an article, a glossary meaning, a diagram cell and a tour step, and a
test engine (a fake with QTextToSpeech's signals) receives the words and reports each
word back, which the page highlights. Leaving the page and the kiosk's Start over stop the
voice. Then the parts without a person: the engine list on this machine (skipped cleanly
where there is none), speech-dispatcher's Unix socket and no TCP, the bundle's pruning, and
start-up never importing QtTextToSpeech.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QTextEdit

from desktop_app.ui import read_aloud
from desktop_app.ui.read_aloud import NoVoice, Phase, ReadAloudBar
from desktop_app.ui.silent_speech import SilentEngine

ARTICLE = "app:article/what-is-all"
TERM = "stem-cell"
REPO_ROOT = Path(__file__).resolve().parents[1]


def _silent_engines(words: bool):
    made: list[SilentEngine] = []

    def factory(parent: QObject) -> SilentEngine:
        made.append(SilentEngine(parent, words=words))
        return made[-1]

    read_aloud.use_engine_factory(factory)
    yield made
    read_aloud.use_engine_factory(read_aloud.default_factory)


@pytest.fixture()
def engines():
    """The engines the app makes (one, on first use): silent ones that report each word
    (as Windows' and macOS's do), driven by the test."""
    yield from _silent_engines(words=True)


@pytest.fixture()
def wordless_engines():
    """Silent engines that report no words, as speech-dispatcher and espeak-ng."""
    yield from _silent_engines(words=False)


def bar_on_page(person) -> ReadAloudBar:
    bars = [bar for bar in person.window.current_screen().findChildren(ReadAloudBar)
            if bar.isVisible()]
    assert len(bars) == 1
    return bars[0]


def highlighted_text(bar: ReadAloudBar, browser: QTextEdit) -> str:
    where = bar.highlighted()
    assert where is not None, "no word is highlighted"
    start, length = where
    return browser.toPlainText()[start:start + length]


# --- A person reads with the voice -----------------------------------------------------

def test_article_is_read_aloud_word_by_word_with_pause_and_stop(engines, start_app) -> None:
    person = start_app("--page", ARTICLE)
    assert not engines, "the engine loads only when Read aloud is first pressed"
    person.click("Read aloud", exact=True)
    engine = engines[0]
    browser = person.window.current_screen().browser
    assert engine.texts == [browser.toPlainText().replace("\ufffc", " ") + ".\n"] or \
        engine.texts[0].startswith(browser.toPlainText()[:200])
    assert "What is ALL?" in engine.texts[0]
    assert person.sees("Reading aloud")

    bar = bar_on_page(person)
    for number in (0, 5, 40):
        word, start, length = engine.speak_word(number)
        assert bar.highlighted() == (start, length)
        assert highlighted_text(bar, browser) == word
    assert len(browser.extraSelections()) == 1, "one word at a time is marked"

    person.click("Pause reading")
    assert engine.state() is SilentEngine.State.Paused
    assert person.sees("Paused")
    person.click("Carry on reading aloud")
    assert engine.state() is SilentEngine.State.Speaking
    assert len(engine.texts) == 1, "carrying on resumes; it does not start again"

    person.click("Stop reading")
    assert engine.state() is SilentEngine.State.Ready
    assert browser.extraSelections() == []
    assert not person.find("Stop reading").isEnabled()
    assert not person.find("Pause reading").isEnabled()


def test_an_engine_without_words_marks_each_sentence_as_it_is_read(wordless_engines,
                                                                   start_app) -> None:
    """speech-dispatcher and espeak-ng report no words: the page goes to the engine one
    sentence at a time, the next when the engine is Ready, and the sentence being
    spoken is the one marked."""
    person = start_app("--page", ARTICLE)
    person.click("Read aloud", exact=True)
    engine = wordless_engines[0]
    bar = bar_on_page(person)
    browser = person.window.current_screen().browser
    page = browser.toPlainText()
    assert engine.texts == ["What is ALL?"], "the title first, alone"
    assert highlighted_text(bar, browser) == "What is ALL?"
    starts = [bar.highlighted()[0]]
    for _ in range(5):
        engine.finish()  # that sentence is spoken
        sentence = engine.texts[-1]
        assert highlighted_text(bar, browser) == sentence, "the mark moved on with it"
        assert bar.highlighted()[0] > starts[-1]
        assert sentence in page and "\n" not in sentence
        starts.append(bar.highlighted()[0])
    assert len(engine.texts) == 6 and len(set(engine.texts)) == 6
    assert person.sees("Reading aloud"), "no flicker to idle between sentences"

    person.click("Pause reading")
    assert engine.state() is SilentEngine.State.Paused
    marked = bar.highlighted()
    person.click("Carry on reading aloud")
    assert engine.state() is SilentEngine.State.Speaking
    assert len(engine.texts) == 6 and bar.highlighted() == marked, "it goes on, not again"

    person.click("Faster reading")
    assert engine.rate == pytest.approx(0.3), "taken from the next sentence on"

    person.click("Stop reading")
    assert browser.extraSelections() == [], "Stop leaves no mark"
    engine.finish()  # a late Ready from the engine
    assert len(engine.texts) == 6, "and after Stop nothing more is said"
    assert browser.extraSelections() == []

    person.click("Read aloud", exact=True)  # read to the end this time
    first = len(engine.texts) - 1
    for _ in range(2000):
        if read_aloud.speech_service().phase is not Phase.SPEAKING:
            break
        engine.finish()
    assert read_aloud.speech_service().phase is Phase.IDLE
    assert re.findall(r"\w+", " ".join(engine.texts[first:])) == re.findall(r"\w+", page)
    assert browser.extraSelections() == [], "nothing is left marked at the end"


def test_a_label_marks_the_sentence_being_read(wordless_engines, start_app,
                                               repository) -> None:
    term = repository.glossary_term(TERM)
    person = start_app("--page", f"app:glossary/{TERM}")
    person.click("Read aloud", exact=True)
    engine = wordless_engines[0]
    assert engine.texts == [f"{term.term}."], "a full stop added, so the voice pauses"
    engine.finish()
    meaning_label = person.window.current_screen().meaning_label
    sentence = engine.texts[-1]
    assert term.meaning.startswith(sentence)
    assert re.search(r'<span style="[^"]*">(.*?)</span>', meaning_label.text()).group(1) \
        == html.escape(sentence)
    person.click("Stop reading")
    assert meaning_label.text() == term.meaning


def test_the_first_press_answers_at_once_while_the_voice_starts(start_app) -> None:
    """A system engine starts in the background (speech-dispatcher can take seconds):
    the bar says so at once, Stop works meanwhile, and the page is read once it has
    started."""
    made: list[SilentEngine] = []

    def slow_to_start(parent: QObject) -> SilentEngine:
        made.append(SilentEngine(parent, words=False, starting=True))
        return made[-1]

    read_aloud.use_engine_factory(slow_to_start)
    try:
        person = start_app("--page", ARTICLE)
        person.click("Read aloud", exact=True)
        engine = made[0]
        assert person.sees("Starting the voice")
        assert engine.texts == [], "nothing is said before the engine has started"
        assert person.find("Stop reading").isEnabled()
        assert not person.find("Pause reading").isEnabled()
        person.click("Stop reading")  # changed their mind while it started
        engine.finish_starting()
        assert engine.texts == [], "a stopped reading is not started late"
        assert not person.sees("Starting the voice")

        person.click("Read aloud", exact=True)  # started now: it reads at once
        assert engine.texts == ["What is ALL?"]
        assert person.sees("Reading aloud")
    finally:
        read_aloud.use_engine_factory(read_aloud.default_factory)


def test_an_engine_that_cannot_start_says_so_or_falls_back(start_app) -> None:
    made: list[SilentEngine] = []

    def failing(parent: QObject) -> SilentEngine:
        made.append(SilentEngine(parent, starting=True))
        made[-1].fallback = None  # type: ignore[attr-defined]
        return made[-1]

    read_aloud.use_engine_factory(failing)
    try:
        person = start_app("--page", ARTICLE)
        person.click("Read aloud", exact=True)
        made[0].finish_starting("speech-dispatcher is not answering")
        assert person.sees("No voice is installed on this computer")
        assert person.sees("speech-dispatcher is not answering")
        assert not person.find("Stop reading").isEnabled()
        assert not person.window.errors
    finally:
        read_aloud.use_engine_factory(read_aloud.default_factory)

    fallback: list[SilentEngine] = []

    def with_fallback(parent: QObject) -> SilentEngine:
        engine = SilentEngine(parent, starting=True)
        engine.fallback = lambda parent, _problem: fallback.append(  # type: ignore[attr-defined]
            SilentEngine(parent, words=False)) or fallback[-1]
        made.append(engine)
        return engine

    read_aloud.use_engine_factory(with_fallback)
    try:
        person.click("Read aloud", exact=True)
        made[-1].finish_starting("no Qt engine has a voice")
        assert fallback and fallback[0].texts == ["What is ALL?"], "espeak-ng's place"
        assert person.sees("Reading aloud")
    finally:
        read_aloud.use_engine_factory(read_aloud.default_factory)


def test_sentences_are_cut_where_a_voice_pauses() -> None:
    text = "What is ALL?\nIt is a cancer. Of the blood (rare!) \"quoted.\" Next\n\n" \
           "A dose of 2.5 mg is e.g. small; then more: done"
    spans = read_aloud.sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "What is ALL?", "It is a cancer.", "Of the blood (rare!)", "\"quoted.\"", "Next",
        "A dose of 2.5 mg is e.g.", "small;", "then more:", "done"]
    long = "word, " * 100
    pieces = [long[a:b] for a, b in read_aloud.sentence_spans(long)]
    assert all(len(piece) <= read_aloud.LONGEST_CHUNK for piece in pieces)
    assert re.findall(r"\w+", " ".join(pieces)) == re.findall(r"\w+", long)


def test_the_silent_engine_is_chosen_by_the_environment(qtbot, monkeypatch) -> None:
    """ALL_GUIDE_SPEECH=silent (or silent-no-words) gives demos and CI a voice with no
    sound: it walks through the words on its own, then is Ready."""
    monkeypatch.setenv(read_aloud.SPEECH_ENV, "silent")
    owner = QObject()
    engine = read_aloud.default_factory(owner)
    assert isinstance(engine, SilentEngine) and engine.word_by_word
    engine.setRate(0.6)
    words: list[str] = []
    engine.sayingWord.connect(lambda word, *_: words.append(word))
    engine.say("One two three.")
    qtbot.waitUntil(lambda: engine.state() is SilentEngine.State.Ready, timeout=3000)
    assert words == ["One", "two", "three"]
    monkeypatch.setenv(read_aloud.SPEECH_ENV, "silent-no-words")
    assert not read_aloud.default_factory(owner).word_by_word
    monkeypatch.setenv(read_aloud.SPEECH_ENV, "silently")
    with pytest.raises(NoVoice, match="silent-no-words"):
        read_aloud.default_factory(owner)


def test_speed_buttons_set_the_engines_rate(engines, start_app) -> None:
    person = start_app("--page", ARTICLE)
    person.click("Faster reading")
    assert not engines, "choosing a speed does not load the engine"
    person.click("Read aloud", exact=True)
    assert engines[0].rate == pytest.approx(0.3), "the reading takes the chosen speed"
    person.click("Slower reading")
    person.click("Slower reading")
    assert engines[0].rate == pytest.approx(-0.3), "and a change while it reads"
    person.click("Slower reading")
    assert engines[0].rate == pytest.approx(-0.6)
    assert not person.find("Slower reading").isEnabled(), "no slower than very slow"
    assert person.find("Faster reading").isEnabled()


def test_leaving_the_page_stops_the_voice(engines, start_app) -> None:
    person = start_app("--page", ARTICLE)
    person.click("Read aloud", exact=True)
    engine = engines[0]
    assert engine.state() is SilentEngine.State.Speaking
    person.click("Go to the home page")
    person.wait_for("app:home")
    assert engine.state() is SilentEngine.State.Ready
    engine.speak_word(3)  # a late word from the engine marks nothing anywhere
    person.click("Go back")
    person.wait_for(ARTICLE)
    assert person.window.current_screen().browser.extraSelections() == []


def test_the_kiosks_start_over_stops_the_voice(engines, start_app) -> None:
    person = start_app("--profile", "kiosk", "--page", ARTICLE)
    person.click("Read aloud", exact=True)
    engine = engines[0]
    assert engine.state() is SilentEngine.State.Speaking
    person.click("Start over")
    person.wait_for("app:home")
    assert engine.state() is SilentEngine.State.Ready
    assert read_aloud.speech_service().owner is None


def test_glossary_meaning_is_read_and_its_words_marked(engines, start_app, repository) -> None:
    term = repository.glossary_term(TERM)
    person = start_app("--page", f"app:glossary/{TERM}")
    person.click("Read aloud", exact=True)
    engine = engines[0]
    assert engine.texts[0].startswith(term.term)
    assert term.meaning in engine.texts[0]
    meaning_label = person.window.current_screen().meaning_label
    first_of_meaning = len([m for m in engine.words()
                            if m.start() < engine.texts[0].index(term.meaning)])
    word, _start, _length = engine.speak_word(first_of_meaning + 1)
    assert f">{word}</span>" in meaning_label.text()
    assert meaning_label.accessibleName() == term.meaning, "a screen reader hears words"
    person.click("Stop reading")
    assert meaning_label.text() == term.meaning, "the label is as it was"


def test_a_changed_page_stops_the_voice(engines, start_app) -> None:
    """Choosing another word while the last one is read: the old words must not go on
    over the new ones."""
    person = start_app("--page", f"app:glossary/{TERM}")
    person.click("Read aloud", exact=True)
    engine = engines[0]
    terms = person.window.current_screen().term_list
    other = terms.item(0 if terms.currentRow() else 1)
    person.click_widget(terms.viewport(), terms.visualItemRect(other).center())
    assert engine.state() is SilentEngine.State.Speaking  # words not yet reported
    engine.speak_word(2)
    assert engine.state() is SilentEngine.State.Ready
    assert "<span" not in person.window.current_screen().meaning_label.text()


def test_diagram_cell_and_tour_step_are_read(engines, start_app, repository) -> None:
    diagram = repository.diagram()
    cell = diagram.cell("stem-cell")
    person = start_app("--page", "app:diagram?cell=stem-cell")
    person.click("Read aloud", exact=True)
    engine = engines[0]
    assert cell.name in engine.texts[-1]
    assert cell.does in engine.texts[-1]
    person.click("Stop reading")
    person.click("Start the tour")
    person.click("Read aloud", exact=True)
    step = diagram.tour[0]
    assert engine.texts[-1].startswith(step.caption)
    word, _start, _length = engine.speak_word(1)
    caption = person.window.current_screen().tour_caption
    assert f">{word}</span>" in caption.text()


def test_no_voice_is_said_in_the_bar(start_app) -> None:
    def no_engine(_parent: QObject) -> QObject:
        raise NoVoice("no speech engine is installed")

    read_aloud.use_engine_factory(no_engine)
    try:
        person = start_app("--page", ARTICLE)
        person.click("Read aloud", exact=True)
        assert person.sees("No voice is installed on this computer")
        person.click("Read aloud", exact=True)  # asked again: the same message, no crash
        assert person.sees("No voice is installed on this computer")
        assert not person.window.errors
        assert not person.find("Stop reading").isEnabled()
    finally:
        read_aloud.use_engine_factory(read_aloud.default_factory)


def test_an_engine_error_is_said_in_the_bar(engines, start_app) -> None:
    person = start_app("--page", ARTICLE)
    person.click("Read aloud", exact=True)
    engines[0].fail()
    assert person.sees("The voice stopped with an error")
    assert person.sees("unplugged")
    assert not person.window.errors


def test_a_speaking_kiosk_says_each_focused_control(engines, start_app) -> None:
    person = start_app("--profile", "kiosk",
                       settings='profile = "kiosk"\nspeak_controls = true\n')
    person.press(Qt.Key.Key_Tab)
    person.press(Qt.Key.Key_Tab)
    focused = person.focused()
    assert focused is not None and focused.accessibleName()
    assert engines[0].texts[-1] == focused.accessibleName()


def test_a_kiosk_without_the_setting_stays_silent(engines, start_app) -> None:
    person = start_app("--profile", "kiosk")
    person.press(Qt.Key.Key_Tab)
    person.press(Qt.Key.Key_Tab)
    assert not engines, "no engine is even loaded"


def test_speak_controls_setting_is_checked(tmp_path: Path) -> None:
    from desktop_app.core.settings import load_site_settings

    path = tmp_path / "site.toml"
    path.write_text('profile = "kiosk"\nspeak_controls = "yes"\n', "utf-8")
    loaded = load_site_settings(path)
    assert [str(p).split(": ", 1)[1] for p in loaded.problems] == \
        ["speak_controls must be true or false"]
    assert loaded.settings.speak_controls is False
    path.write_text('profile = "kiosk"\nspeak_controls = true\n', "utf-8")
    assert load_site_settings(path).settings.speak_controls is True


# --- Qt's own QTextToSpeech, where it loads ---------------------------------------------

def _qt_speech_loads() -> str:
    """'' if PySide6.QtTextToSpeech imports here, else why not."""
    done = subprocess.run([sys.executable, "-c", "import PySide6.QtTextToSpeech"],
                          capture_output=True, text=True, timeout=60, check=False)
    return "" if done.returncode == 0 else done.stderr.strip().splitlines()[-1]


@pytest.mark.qt_log_ignore("pipewire-0.3")  # QtMultimedia, on import, where there is none
def test_qt_engine_signals_drive_the_bar(start_app) -> None:
    """Qt's own test engine (shipped in the PySide6-Addons wheel, and left out of the
    bundle) speaks through the real QTextToSpeech, started and run in its own thread as
    the system's engines are (ThreadedEngine): its State enum, capability flags and
    sayingWord signature reach the bar."""
    reason = _qt_speech_loads()
    if reason:
        pytest.skip(f"QtTextToSpeech does not load here: {reason}")
    from PySide6.QtTextToSpeech import QTextToSpeech

    if "mock" not in QTextToSpeech.availableEngines():
        pytest.skip("this PySide6-Addons has no test engine")
    read_aloud.use_engine_factory(lambda parent: read_aloud.ThreadedEngine(["mock"], parent))
    try:
        person = start_app("--page", ARTICLE)
        person.click("Read aloud", exact=True)
        bar = bar_on_page(person)
        browser = person.window.current_screen().browser
        person.wait_until(lambda: bar.highlighted() is not None)
        assert highlighted_text(bar, browser) == "What"
        person.wait_until(lambda: bar.highlighted() != (0, 4))
        person.click("Pause reading")
        person.wait_until(lambda: read_aloud.speech_service().phase is Phase.PAUSED)
        person.click("Stop reading")
        assert read_aloud.speech_service().phase is Phase.IDLE
    finally:
        read_aloud.use_engine_factory(read_aloud.default_factory)


REAL_ENGINE_CHILD = textwrap.dedent("""
    import json, os, sys
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from desktop_app.ui import read_aloud
    from PySide6.QtTextToSpeech import QTextToSpeech
    found = {"engines": QTextToSpeech.availableEngines()}
    service = read_aloud.SpeechService(read_aloud.default_factory, app)
    engine = service.engine if service.wait_until_started(60_000) else None
    if engine is None:
        found["no_voice"] = service.problem or "the engine did not start in 60 s"
    else:
        found["engine"] = engine.engine()
        found["voices"] = getattr(engine, "voices", -1)
        found["threaded"] = isinstance(engine, read_aloud.ThreadedEngine)
        found["pause"], found["words"] = read_aloud.capabilities(engine)
        if hasattr(engine, "end"):
            engine.end()
    def inodes(kind):
        with open(f"/proc/net/{kind}") as table:
            return {line.split()[9] for line in table.readlines()[1:]}
    mine = set()
    for fd in os.listdir("/proc/self/fd"):
        target = os.readlink(f"/proc/self/fd/{fd}") if os.path.exists(
            f"/proc/self/fd/{fd}") else ""
        if target.startswith("socket:["):
            mine.add(target[8:-1])
    found["tcp"] = sorted(mine & (inodes("tcp") | inodes("tcp6")))
    found["unix"] = len(mine & {line.split()[6] for line in open("/proc/net/unix")
                                .readlines()[1:] if len(line.split()) > 6})
    print("FOUND " + json.dumps(found))
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_real_engine_list_loads_or_skips_cleanly(tmp_path: Path) -> None:
    """On this machine: the engines Qt finds, the one chosen (never the test engine),
    and no TCP socket opened (speech-dispatcher over its Unix socket only). A child
    process, with a time limit, so a stuck speech service cannot hang the tests."""
    reason = _qt_speech_loads()
    if reason:
        pytest.skip(f"QtTextToSpeech does not load here: {reason}")
    runtime = Path(os.environ.get("TMPDIR", "/tmp")) / f"ag-speech-{os.getpid()}"
    runtime.mkdir(mode=0o700, exist_ok=True)
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
                   "XDG_RUNTIME_DIR": str(runtime),
                   # told to use TCP: the app must drop it and use the Unix socket
                   "SPEECHD_ADDRESS": "inet_socket:127.0.0.1:6560",
                   read_aloud.SPEECH_ENV: "system",
                   "PYTHONPATH": str(REPO_ROOT)}
    try:
        done = subprocess.run([sys.executable, "-c", REAL_ENGINE_CHILD], env=environment,
                              capture_output=True, text=True, timeout=90, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("loading the system's speech engine took over 90 s")
    finally:
        read_aloud.end_speech_dispatchers_of(runtime)
        shutil.rmtree(runtime, ignore_errors=True)  # its speech-dispatcher socket and log
    lines = [line for line in done.stdout.splitlines() if line.startswith("FOUND ")]
    assert done.returncode == 0 and lines, done.stderr[-2000:]
    found = json.loads(lines[0].removeprefix("FOUND "))
    assert found["tcp"] == [], "speech must never open a TCP connection"
    if "no_voice" in found:
        assert found["no_voice"], "no voice, with a reason to show"
        pytest.skip(f"no voice on this machine: {found['no_voice']}")
    assert found["engine"] != "mock"
    assert found["engine"] in [*found["engines"], "espeak-ng"]
    assert found["voices"] != 0
    print("real engine:", found)
    if found["engine"] == "speechd":
        assert found["unix"] >= 1, "speech-dispatcher is reached over its Unix socket"


# --- Pieces without a person -------------------------------------------------------------

def test_engines_are_ordered_and_the_test_engine_left_out() -> None:
    assert read_aloud.ordered_engines(["mock", "speechd"]) == ["speechd"]
    assert read_aloud.ordered_engines(["sapi", "winrt", "mock"]) == ["winrt", "sapi"]
    assert read_aloud.ordered_engines(["flite", "speechd", "other"]) == \
        ["speechd", "flite", "other"]


def test_tcp_addresses_for_speech_dispatcher_are_dropped(monkeypatch) -> None:
    monkeypatch.setenv("SPEECHD_ADDRESS", "inet_socket:192.0.2.1:6560")
    assert read_aloud.speechd_socket() is None
    read_aloud.keep_speech_offline()
    assert "SPEECHD_ADDRESS" not in os.environ
    monkeypatch.setenv("SPEECHD_ADDRESS", "unix_socket:/run/speech.sock")
    read_aloud.keep_speech_offline()
    assert read_aloud.speechd_socket() == Path("/run/speech.sock")
    monkeypatch.delenv("SPEECHD_ADDRESS")
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/run/user/1000")
    assert read_aloud.speechd_socket() == Path("/run/user/1000/speech-dispatcher/speechd.sock")


def _serve(path: Path, answer: bytes | None) -> tuple[socket.socket, threading.Thread]:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)

    def run() -> None:
        with server.accept()[0] as connection:
            connection.recv(64)
            if answer is not None:
                connection.sendall(answer)
            connection.settimeout(2)
            with contextlib.suppress(OSError):
                connection.recv(64)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return server, thread


def test_a_stuck_speech_dispatcher_is_not_waited_for(tmp_path: Path) -> None:
    assert read_aloud.speechd_answers(tmp_path / "none.sock"), "none yet: Qt starts one"
    working, thread = _serve(tmp_path / "ok.sock", b"248-HELP\r\n248 OK HELP SENT\r\n")
    assert read_aloud.speechd_answers(tmp_path / "ok.sock", timeout=2)
    thread.join(5)
    working.close()
    stuck, thread = _serve(tmp_path / "stuck.sock", None)
    assert not read_aloud.speechd_answers(tmp_path / "stuck.sock", timeout=0.2)
    thread.join(5)
    stuck.close()


def test_gather_keeps_each_widgets_positions(qtbot) -> None:
    view = QTextEdit()
    view.setHtml("<h1>Title</h1><p>One <b>two</b> three.</p>")
    label = QLabel("A label without a stop")
    qtbot.addWidget(view)
    qtbot.addWidget(label)
    view.show()
    label.show()
    text, segments = read_aloud.gather([view, label])
    assert [s.widget for s in segments] == [view, label]
    assert text[segments[1].start:].startswith("A label without a stop.")
    start = text.index("two")
    assert view.toPlainText()[start:start + 3] == "two"


def test_bundle_keeps_the_speech_plugins_but_not_the_test_engine() -> None:
    from desktop_app.packaging import prune

    keep = prune.keep_bundle_file
    assert "QtTextToSpeech" in prune.app_qt_modules()
    assert keep("PySide6/Qt/plugins/texttospeech/libqtexttospeech_speechd.so")
    assert keep("PySide6/plugins/texttospeech/qtexttospeech_sapi.dll")
    assert keep("PySide6/plugins/texttospeech/qtexttospeech_winrt.dll")
    assert keep("PySide6/Qt/plugins/texttospeech/libqtexttospeech_darwin.dylib")
    assert not keep("PySide6/Qt/plugins/texttospeech/libqtexttospeech_mock.so")
    assert not keep("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so")
    assert not keep("PySide6/Qt/qml/QtTextToSpeech/libtexttospeechqmlplugin.so")
    assert not keep("libspeechd.so.2"), "the system's own, matching its speech-dispatcher"
    assert not keep("libpulse.so.0"), "the system's own, matching its sound server"


START_UP_CHILD = textwrap.dedent("""
    import sys
    from desktop_app import cli
    started = cli.launch(sys.argv[1:])
    started.window.open("app:article/what-is-all")
    started.window.open("app:glossary/stem-cell")
    started.window.open("app:diagram")
    started.app.processEvents()
    print("LOADED", "PySide6.QtTextToSpeech" in sys.modules,
          "PySide6.QtMultimedia" in sys.modules)
""")


def test_start_up_and_pages_do_not_load_the_speech_engine(content_db: Path,
                                                          tmp_path: Path) -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
                   "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-c", START_UP_CHILD, "--content-db",
                           str(content_db), "--user-data", str(tmp_path / "user.sqlite")],
                          env=environment, capture_output=True, text=True, timeout=120,
                          check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("LOADED ")]
    assert lines, done.stderr[-2000:]
    assert lines[0] == "LOADED False False"


def test_the_meaning_card_in_an_article_reads_its_meaning(engines, window, qtbot,
                                                           repository) -> None:
    """The glossary card that opens inside an article has a bar of its own; closing the
    card stops its voice."""
    window.open(ARTICLE)
    screen = window.current_screen()
    screen.open_glossary_term(TERM)
    card = screen.glossary_card
    qtbot.mouseClick(card.read_aloud.play_button, Qt.MouseButton.LeftButton)
    assert card.read_aloud.play_button.accessibleName() == "Read aloud: the meaning"
    term = repository.glossary_term(TERM)
    assert engines[0].texts == [f"{term.term}.\n{term.meaning}\n"]
    qtbot.mouseClick(card.close_button, Qt.MouseButton.LeftButton)
    assert engines[0].state() is SilentEngine.State.Ready
