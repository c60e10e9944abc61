"""One question from start to summary, by mouse and by keyboard only."""

from __future__ import annotations

import random

import pytest
from fakes import FakeMicrophone, FakeStreaming, FakeTranscriber, FakeVoice, sine
from PySide6.QtCore import Qt

from app.audio.devices import Microphone
from app.errors import TranscriptionError
from app.packs import LABELS
from app.ui.interview import State


def test_window_opens_with_pack_progress_and_principles(open_window, qtbot):
    window = open_window()
    page = window.interview

    assert window.windowTitle() == "Rehearse"
    assert page.state == State.START
    assert page.start_view.progress.text() == "0 / 2 completed"
    assert "Platform view" in page.start_view.principles.text()
    assert page.start_view.questions.count() == 2
    assert (
        "Start" in page.start_view.start.text()
        and "Enter" in page.start_view.start.text()
    )
    qtbot.waitUntil(lambda: "ready" in window.model_label.text())


def test_one_question_by_mouse(open_window, qtbot, steps):
    voice = FakeVoice()
    microphone = FakeMicrophone(sine(2.0))
    window = open_window(voice=voice, microphone=microphone)
    page = window.interview
    question = page.session.pack.questions[0]

    steps.click(page.start_view.start)
    steps.wait_state(window, State.QUESTION)
    qtbot.waitUntil(lambda: voice.spoken == [question.prompt])
    assert page.question_view.prompt.text() == question.prompt

    steps.click(page.question_view.replay)
    qtbot.waitUntil(lambda: len(voice.spoken) == 2)

    steps.click(page.question_view.record)
    assert page.state == State.RECORDING
    assert "Stop" in page.question_view.record.text()
    qtbot.waitUntil(lambda: page.recorder.elapsed_s >= 2.0)
    qtbot.waitUntil(lambda: page.question_view.elapsed.text() == "0:02")
    recording = page.recording_path
    steps.click(page.question_view.record)
    steps.wait_state(window, State.FEEDBACK)

    assert recording.is_file() and recording.stat().st_size > 60_000
    feedback = page.feedback_view
    assert "<li style='margin-bottom: 4px;'>Name the point-in-time correctness" in (
        feedback.advice.text()
    )
    assert "3 of 4 key terms" in feedback.counts.text()
    assert "<a href=" in feedback.transcript.text()
    assert "text-decoration:underline" in feedback.transcript.text()
    assert feedback.definition_of("term:0").startswith("offline store: Historical")
    assert "✓  1. Two stores" in feedback.steps.text()
    assert "110–160" in feedback.delivery.text()
    assert "serving" in feedback.unclear.text()

    hear = feedback.missed_grid.itemAt(0).widget()
    steps.click(hear)
    qtbot.waitUntil(lambda: voice.spoken[-1] == "point-in-time correctness")

    steps.click(page.continue_button)
    steps.wait_state(window, State.COMPARISON)
    comparison = page.comparison_view
    strongest = comparison.shown_labels()[question.correct]
    card = comparison.cards[LABELS.index(strongest)]
    steps.click(card.read)
    qtbot.waitUntil(lambda: voice.spoken[-1] == question.option("B").text)
    steps.click(card.choose)
    steps.wait_state(window, State.REVEALED)

    assert comparison.result.text().startswith(f"✓  Yes: {strongest}")
    assert all(c.explanation.isVisible() for c in comparison.cards)
    assert "Strongest" in card.mark.text() and "Your choice" in card.mark.text()
    assert comparison.formula.text() == question.formula
    assert comparison.cell(0, 0) == "3/4 terms, 2/3 steps"
    # The written options are analysed on a worker; their columns fill in after.
    qtbot.waitUntil(
        lambda: (
            comparison.cell(0, 1 + LABELS.index(strongest)) == "4/4 terms, 3/3 steps"
        )
    )
    assert page.session.completed == 1

    steps.click(page.next_button)
    steps.wait_state(window, State.QUESTION)
    steps.click(page.question_view.skip)
    steps.wait_state(window, State.COMPARISON)
    steps.click(page.comparison_view.cards[0].choose)
    assert page.next_button.text().startswith("See the summary")
    steps.click(page.next_button)
    steps.wait_state(window, State.SUMMARY)
    assert page.summary_view.headline.text().startswith("2 / 2 completed")
    assert "3 of 4 key terms" in page.summary_view.details.text()

    steps.click(page.summary_view.again)
    steps.wait_state(window, State.START)
    assert page.start_view.progress.text() == "2 / 2 completed"


def test_one_question_by_keyboard_only(open_window, qtbot, steps):
    window = open_window(rng=random.Random(7))
    page = window.interview
    question = page.session.pack.questions[0]

    qtbot.keyClick(window, Qt.Key.Key_Return)
    steps.wait_state(window, State.QUESTION)
    qtbot.keyClick(window, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: len(page.services.voice.spoken) == 2)

    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert page.state == State.RECORDING
    qtbot.waitUntil(lambda: page.recorder.elapsed_s >= 2.0)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    steps.wait_state(window, State.FEEDBACK)

    qtbot.keyClick(window, Qt.Key.Key_Enter)
    steps.wait_state(window, State.COMPARISON)
    strongest = page.comparison_view.shown_labels()[question.correct]
    qtbot.keyClick(window, str(LABELS.index(strongest) + 1))
    steps.wait_state(window, State.REVEALED)
    assert page.comparison_view.result.text().startswith("✓  Yes")

    qtbot.keyClick(window, Qt.Key.Key_Return)
    steps.wait_state(window, State.QUESTION)
    assert page.session.index == 1


def test_answer_from_an_audio_file(open_window, qtbot, tmp_path, steps):
    answer = tmp_path / "answer.wav"
    answer.write_bytes(b"RIFF")  # the fake transcriber does not read it
    transcriber = FakeTranscriber()
    window = open_window(transcriber=transcriber, chosen_file=answer)
    page = window.interview

    page.start_session()
    steps.click(page.question_view.open_file)
    steps.wait_state(window, State.FEEDBACK)
    assert transcriber.heard == [answer]


def test_settings_and_geometry_persist(open_window, qtbot, tmp_path):
    window = open_window()
    window.interview.question_view.hide_text.setChecked(True)
    window._set_rate(120)
    window.resize(780, 580)
    window.close()

    again = open_window()
    assert again.interview.question_view.hide_text.isChecked()
    assert again.services.settings.rate == 120
    assert again.size().width() == 780
    again.interview.start_session()
    assert not again.interview.question_view.prompt.isVisible()
    assert again.interview.question_view.hidden_note.isVisible()


def test_vocabulary_lists_terms_and_reads_them(open_window, qtbot, steps):
    window = open_window()
    window.show_place("Vocabulary")
    vocabulary = window.vocabulary
    assert vocabulary.isVisible()
    assert len(vocabulary.buttons) == 6
    steps.click(vocabulary.buttons["online store"])
    qtbot.waitUntil(lambda: window.services.voice.spoken[-1:] == ["online store"])


def test_keys_are_off_outside_the_interview_page(open_window, qtbot):
    window = open_window()
    window.show_place("Vocabulary")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.interview.state == State.START


def test_the_chosen_microphone_is_used_and_kept(open_window, steps):
    microphone = FakeMicrophone()
    window = open_window(
        microphone=microphone,
        microphones=[Microphone(0, "Built-in", True), Microphone(3, "USB headset")],
    )
    page = window.interview
    page.start_session()
    combo = page.question_view.microphones
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "System default",
        "Built-in",
        "USB headset",
    ]
    combo.setCurrentIndex(2)
    steps.record(window)
    assert microphone.devices == [3]
    assert window.services.settings.microphone == "USB headset"


@pytest.mark.parametrize(
    ("amplitude", "warning"),
    [(0.0, "No sound is coming in"), (1.0, "too loud"), (0.3, "")],
    ids=["silent", "clipping", "speech"],
)
def test_a_gentle_warning_for_silent_or_clipping_input(
    open_window, qtbot, amplitude, warning
):
    window = open_window(microphone=FakeMicrophone(sine(4.0, amplitude=amplitude)))
    page = window.interview
    page.start_session()
    page.toggle_recording()
    qtbot.waitUntil(lambda: page.recorder.elapsed_s >= 4.0)
    qtbot.waitUntil(lambda: page.question_view.elapsed.text() == "0:04")
    if warning:
        qtbot.waitUntil(lambda: warning in page.question_view.warning.text())
    else:
        assert page.question_view.warning.text() == ""
    page.toggle_recording()


def test_the_answer_is_transcribed_while_it_is_recorded(open_window, steps, qtbot):
    transcriber = FakeTranscriber()
    streaming = FakeStreaming()
    window = open_window(transcriber=transcriber, streaming=streaming)
    page = window.interview
    qtbot.waitUntil(lambda: page.model.loaded)
    page.start_session()

    steps.record(window, seconds=2.0)
    steps.wait_state(window, State.FEEDBACK)

    assert streaming.frames == 32_000 and streaming.finished
    assert transcriber.heard == []  # nothing was left to do after Stop


def test_a_failed_early_transcription_falls_back_to_the_file(open_window, steps, qtbot):
    transcriber = FakeTranscriber()
    streaming = FakeStreaming(error=TranscriptionError("A stretch failed."))
    window = open_window(transcriber=transcriber, streaming=streaming)
    page = window.interview
    qtbot.waitUntil(lambda: page.model.loaded)
    page.start_session()

    steps.record(window)
    steps.wait_state(window, State.FEEDBACK)
    assert transcriber.heard == [page.recording_path]


def test_a_lost_microphone_abandons_the_early_transcription(open_window, qtbot):
    streaming = FakeStreaming()
    window = open_window(
        microphone=FakeMicrophone(sine(1.0), vanish=True), streaming=streaming
    )
    page = window.interview
    qtbot.waitUntil(lambda: page.model.loaded)
    page.start_session()
    page.toggle_recording()
    qtbot.waitUntil(lambda: streaming.abandoned, timeout=5000)
    assert window.banner.title.text() == "The recording stopped early"
