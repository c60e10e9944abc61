"""Each failure shows a message in the window, offers a way forward, and keeps
whatever was recorded."""

from __future__ import annotations

import pytest
from fakes import FakeMicrophone, FakeTranscriber, FakeVoice, sine
from PySide6.QtCore import Qt

from app.audio.wavfile import WavWriter
from app.errors import AudioError, HistoryError, ModelError, TranscriptionError
from app.ui.interview import State

NO_MICROPHONE = AudioError(
    "Recording failed: no microphone was found. Connect one, or open an audio file "
    "instead."
)


def test_no_microphone_offers_an_audio_file(open_window, steps, tmp_path):
    answer = tmp_path / "answer.wav"
    with WavWriter(answer, 16_000) as writer:
        writer.write(sine(1.0))
    window = open_window(
        microphone=FakeMicrophone(error=NO_MICROPHONE),
        microphones=[],
        chosen_file=answer,
    )
    page = window.interview
    page.start_session()

    steps.click(page.question_view.record)

    banner = window.banner
    assert banner.isVisible()
    assert banner.title.text() == "Recording could not start"
    assert "no microphone was found" in banner.text.text()
    assert "Open audio file…" in banner.action_texts()
    assert page.state == State.QUESTION
    banner.trigger("Open audio file…")
    steps.wait_state(window, State.FEEDBACK)


def test_microphone_lost_mid_answer_keeps_the_recording(open_window, steps, qtbot):
    window = open_window(microphone=FakeMicrophone(sine(1.5), vanish=True))
    page = window.interview
    page.start_session()

    steps.click(page.question_view.record)
    qtbot.waitUntil(window.banner.isVisible, timeout=5000)

    assert page.state == State.QUESTION
    assert window.banner.title.text() == "The recording stopped early"
    assert "unplugged" in window.banner.text.text()
    path = page.recording_path
    assert str(path) in window.banner.text.text()
    assert path.stat().st_size == 44 + 2 * 24_000
    window.banner.trigger("Use what was recorded")
    steps.wait_state(window, State.FEEDBACK)


def test_no_voice_engine_shows_the_question_as_text(open_window, steps, qtbot):
    voice = FakeVoice(
        error=AudioError(
            "Questions cannot be read aloud: no voice engine was found. Install "
            "espeak-ng, or read the question as text."
        )
    )
    window = open_window(voice=voice)
    page = window.interview
    page.question_view.hide_text.setChecked(True)
    page.start_session()

    qtbot.waitUntil(window.banner.isVisible)
    assert window.banner.title.text() == "Reading aloud failed"
    assert "no voice engine" in window.banner.text.text()
    window.banner.trigger("Show the question text")
    assert page.question_view.prompt.isVisible()

    steps.record(window)
    steps.wait_state(window, State.FEEDBACK)
    window.banner.dismiss()
    steps.click(page.continue_button)
    steps.click(page.comparison_view.cards[0].choose)
    steps.click(page.next_button)
    steps.wait_state(window, State.QUESTION)
    assert not window.banner.isVisible()  # the next question is not read on its own
    voice.error = None
    steps.click(page.question_view.replay)
    qtbot.waitUntil(lambda: voice.spoken == [page.session.question.prompt])


def test_missing_model_keeps_the_recording_and_retries(open_window, steps, qtbot):
    transcriber = FakeTranscriber(
        load_error=ModelError(
            "The speech model 'fake' is missing. Reinstall Rehearse, or choose another "
            "model in Settings."
        )
    )
    window = open_window(transcriber=transcriber)
    page = window.interview
    qtbot.waitUntil(lambda: window.model_label.text() == "Speech model not loaded")
    assert window.banner.title.text() == "The speech model could not be loaded"

    page.start_session()
    steps.record(window)
    qtbot.waitUntil(lambda: window.banner.title.text() == "Transcription failed")
    path = page.recording_path
    assert path.is_file() and path.stat().st_size > 44
    assert f"Your recording is kept: {path}" in window.banner.text.text()
    assert page.state == State.QUESTION

    transcriber.load_error = None
    window.banner.trigger("Try again")
    steps.wait_state(window, State.FEEDBACK)
    assert transcriber.heard == [path]


def test_failed_transcription_can_skip_to_the_written_answers(
    open_window, steps, qtbot
):
    transcriber = FakeTranscriber(
        transcribe_error=TranscriptionError("Transcription failed part way: bad audio.")
    )
    window = open_window(transcriber=transcriber)
    page = window.interview
    page.start_session()

    steps.record(window)
    qtbot.waitUntil(lambda: window.banner.title.text() == "Transcription failed")
    assert page.recording_path.is_file()
    assert {"Try again", "Open audio file…", "Skip to the written answers"} <= set(
        window.banner.action_texts()
    )
    window.banner.trigger("Skip to the written answers")
    steps.wait_state(window, State.COMPARISON)
    steps.click(page.comparison_view.cards[0].choose)
    steps.wait_state(window, State.REVEALED)
    assert page.comparison_view.cell(0, 0) == "not transcribed"


@pytest.mark.parametrize("how", ["button", "Esc"])
def test_cancel_transcription_keeps_the_recording(open_window, steps, qtbot, how):
    window = open_window(transcriber=FakeTranscriber(wait_for_cancel=True))
    page = window.interview
    page.start_session()

    steps.record(window)
    steps.wait_state(window, State.TRANSCRIBING)
    assert page.question_view.work.isVisible()
    if how == "button":
        steps.click(page.question_view.cancel)
    else:
        qtbot.keyClick(window, Qt.Key.Key_Escape)

    qtbot.waitUntil(lambda: window.banner.title.text() == "Transcription cancelled")
    assert page.state == State.QUESTION
    assert page.recording_path.is_file()
    assert "Try again" in window.banner.action_texts()


class BrokenStore:
    def new_recording_path(self, pack_id, question_id):
        raise HistoryError("The history database is locked by another program.")

    def begin_attempt(self, **kwargs):
        raise HistoryError("The history database is locked by another program.")

    def finish_attempt(self, attempt_id, transcript, analysis):
        raise HistoryError("The history database is locked by another program.")

    def record_choice(self, attempt_id, *, picked, correct):
        raise HistoryError("The history database is locked by another program.")


def test_history_failure_does_not_stop_practice(open_window, steps, qtbot):
    window = open_window(store=BrokenStore())
    page = window.interview
    page.start_session()

    steps.record(window)
    steps.wait_state(window, State.FEEDBACK)
    assert window.banner.title.text() == "This attempt is not being saved"
    assert page.recording_path.is_file()
