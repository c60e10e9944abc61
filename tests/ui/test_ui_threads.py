"""Slow or risky work stays off the GUI thread, and what goes wrong there is
reported with a way forward: analysis runs on workers, a stream that lost audio
gives way to the saved file, and a fault in Rehearse points at the log."""

from __future__ import annotations

import logging
import threading

from fakes import FakeStreaming, FakeTranscriber, fake_analyse

from app.errors import TranscriptionError
from app.ui.interview import State
from app.ui.workers import describe_failure


class ThreadedAnalyse:
    """``fake_analyse`` that remembers which thread analysed which text."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, bool]] = []
        self._lock = threading.Lock()

    def __call__(self, transcript, question, pack):
        on_gui = threading.current_thread() is threading.main_thread()
        with self._lock:
            self.calls.append((transcript.text, on_gui))
        return fake_analyse(transcript, question, pack)


def test_answer_and_options_are_analysed_on_workers_once(open_window, steps, qtbot):
    analyse = ThreadedAnalyse()
    window = open_window(analyse=analyse)
    page = window.interview
    page.start_session()
    steps.record(window)
    steps.wait_state(window, State.FEEDBACK)
    steps.click(page.continue_button)
    steps.wait_state(window, State.COMPARISON)
    steps.click(page.comparison_view.cards[0].choose)
    steps.wait_state(window, State.REVEALED)
    # The options' columns fill in once their analysis is back.
    qtbot.waitUntil(lambda: "terms" in page.comparison_view.cell(0, 1))

    page.open_question(0)  # the same question again: its options are not redone
    steps.click(page.question_view.skip)
    steps.click(page.comparison_view.cards[1].choose)
    steps.wait_state(window, State.REVEALED)
    assert "terms" in page.comparison_view.cell(0, 1)

    question = page.session.question
    options = [text for text, _ in analyse.calls if text != FakeTranscriber().text]
    assert sorted(options) == sorted(o.text for o in question.options)
    assert not any(on_gui for _, on_gui in analyse.calls)


def test_a_stream_that_lost_audio_gives_way_to_the_file(
    open_window, steps, qtbot, caplog
):
    transcriber = FakeTranscriber()
    streaming = FakeStreaming(lost_s=1.0)
    window = open_window(transcriber=transcriber, streaming=streaming)
    page = window.interview
    qtbot.waitUntil(lambda: page.model.loaded)
    page.start_session()

    with caplog.at_level(logging.WARNING, logger="app.ui.interview"):
        steps.record(window, seconds=2.0)
        steps.wait_state(window, State.FEEDBACK)

    qtbot.waitUntil(lambda: streaming.abandoned)
    assert not streaming.finished
    assert transcriber.heard == [page.recording_path]
    assert any(
        r.levelno == logging.WARNING and "saved file" in r.getMessage()
        for r in caplog.records
    )


def test_a_stream_that_heard_everything_is_used(open_window, steps, qtbot):
    transcriber = FakeTranscriber()
    streaming = FakeStreaming(lost_s=0.2)  # within the tolerance
    window = open_window(transcriber=transcriber, streaming=streaming)
    page = window.interview
    qtbot.waitUntil(lambda: page.model.loaded)
    page.start_session()

    steps.record(window, seconds=2.0)
    steps.wait_state(window, State.FEEDBACK)
    assert streaming.finished and not streaming.abandoned
    assert transcriber.heard == []


def test_a_fault_in_rehearse_is_logged_and_points_at_the_log(
    open_window, steps, qtbot, caplog
):
    fault = KeyError("segments")
    window = open_window(transcriber=FakeTranscriber(transcribe_error=fault))
    page = window.interview
    page.start_session()

    with caplog.at_level(logging.DEBUG, logger="app.ui.workers"):
        steps.record(window)
        qtbot.waitUntil(lambda: window.banner.title.text() == "Transcription failed")

    text = window.banner.text.text()
    log_file = page.services.paths.logs / "rehearse.log"
    assert text.startswith(
        "Transcription failed because of an error in Rehearse. "
        f"Details are in the log: {log_file}."
    )
    assert f"Your recording is kept: {page.recording_path}" in text
    assert "segments" not in text
    (record,) = [r for r in caplog.records if r.name == "app.ui.workers"]
    assert record.levelno == logging.ERROR and record.exc_info is not None


def test_a_rehearse_error_keeps_its_own_message(tmp_path):
    error = TranscriptionError("Transcription failed part way: bad audio.")
    assert describe_failure(error, "Transcription", tmp_path / "x.log") == str(error)
    assert describe_failure(ValueError("boom"), "Saving", tmp_path / "x.log") == (
        "Saving failed because of an error in Rehearse. Your recording is kept. "
        f"Details are in the log: {tmp_path / 'x.log'}."
    )
