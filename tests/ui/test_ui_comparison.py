"""The written answers: a fresh order each attempt, picked by mouse or key, and
saved in the pack's own labels."""

from __future__ import annotations

import random

import pytest
from fakes import FakeTranscriber
from PySide6.QtCore import Qt

from app.packs import LABELS
from app.ui.interview import State


class RecordingStore:
    """A history store that remembers every call."""

    def __init__(self, folder) -> None:
        self.folder = folder
        self.calls: list[tuple] = []

    def new_recording_path(self, pack_id, question_id):
        return self.folder / pack_id / f"{question_id}-{len(self.calls)}.wav"

    def begin_attempt(self, *, pack_id, question_id, audio_path, model):
        self.calls.append(("begin", pack_id, question_id, audio_path, model))
        return 41

    def finish_attempt(self, attempt_id, transcript, analysis):
        self.calls.append(("finish", attempt_id, transcript.text, analysis.question_id))

    def record_choice(self, attempt_id, *, picked, correct):
        self.calls.append(("choice", attempt_id, picked, correct))


def test_the_strongest_answer_moves_between_attempts(open_window):
    window = open_window(rng=random.Random(3))
    page = window.interview

    letters = set()
    for _attempt in range(12):
        page.open_question(0)
        letters.add(page.comparison_view.shown_labels()["B"])
        assert sorted(page.comparison_view.order) == list(LABELS)
    assert len(letters) > 1


@pytest.mark.parametrize("pack_label", LABELS)
def test_picking_by_letter_key_maps_to_the_pack_label(
    open_window, steps, qtbot, tmp_path, pack_label
):
    store = RecordingStore(tmp_path / "recordings")
    window = open_window(store=store, rng=random.Random(11))
    page = window.interview
    page.start_session()
    steps.record(window)
    steps.wait_state(window, State.FEEDBACK)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    steps.wait_state(window, State.COMPARISON)

    shown = page.comparison_view.shown_labels()[pack_label]
    qtbot.keyClick(window, shown)

    steps.wait_state(window, State.REVEALED)
    correct = pack_label == "B"
    assert store.calls[-1] == ("choice", 41, pack_label, correct)
    assert [c[0] for c in store.calls] == ["begin", "finish", "choice"]
    assert store.calls[0][1:3] == ("test-pack", "feature-store")
    assert store.calls[0][3] == page.recording_path
    assert page.comparison_view.result.text().startswith(
        "✓" if correct else "You chose"
    )
    qtbot.keyClick(window, "A")  # a second pick changes nothing
    assert len(store.calls) == 3


def test_options_are_read_aloud(open_window, steps, qtbot):
    window = open_window(transcriber=FakeTranscriber())
    page = window.interview
    page.start_session()
    steps.click(page.question_view.skip)
    card = page.comparison_view.cards[2]
    steps.click(card.read)
    # The question, read on opening, may finish after the option: look for it,
    # not at the last thing said.
    qtbot.waitUntil(lambda: card.plain_text in page.services.voice.spoken)


def test_space_presses_the_focused_choice(open_window, steps, qtbot):
    window = open_window()
    page = window.interview
    page.start_session()
    steps.click(page.question_view.skip)
    choice = page.comparison_view.cards[1].choose
    choice.setFocus()
    qtbot.waitUntil(choice.hasFocus)

    qtbot.keyClick(window, Qt.Key.Key_Space)

    steps.wait_state(window, State.REVEALED)
    assert "Your choice" in page.comparison_view.cards[1].mark.text()
