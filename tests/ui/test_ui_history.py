"""The window and the history: attempts are saved, a cut-off recording is offered
back after a crash, and a saved attempt can be analysed again."""

from __future__ import annotations

import pytest
from fakes import make_services, sine

from app.audio.wavfile import WavWriter
from app.history import HistoryStore
from app.paths import AppPaths
from app.ui.interview import State
from app.ui.main import open_history
from app.ui.window import MainWindow


@pytest.fixture
def paths(tmp_path) -> AppPaths:
    return AppPaths.under(tmp_path / "home")


def cut_off_attempt(paths: AppPaths) -> int:
    """An attempt begun but never finished, as when the app stops mid-answer."""
    with HistoryStore.open(paths) as store:
        audio = store.new_recording_path("test-pack", "feature-store")
        with WavWriter(audio, 16_000) as writer:
            writer.write(sine(1.0))
        attempt = store.begin_attempt(
            pack_id="test-pack",
            question_id="feature-store",
            audio_path=audio,
            model="fake",
        )
    return attempt


def test_a_recording_cut_off_by_a_crash_is_offered_back(qtbot, tmp_path, paths):
    attempt = cut_off_attempt(paths)
    services = make_services(tmp_path)
    services.paths = paths
    window = MainWindow(services)
    qtbot.addWidget(window)

    open_history(window, paths)  # on a worker: the window is usable meanwhile
    qtbot.waitUntil(lambda: window.services.store is not None)

    assert window.banner.title.text() == "Your history"
    assert "was kept" in window.banner.text.text()
    assert window.services.store is not None
    window.interview.reanalyse(window.services.store.get(attempt))
    qtbot.waitUntil(lambda: window.services.store.get(attempt).is_finished)
    window.shutdown()
    window.services.store.close()


def test_an_answer_is_saved_with_its_choice(open_window, steps, tmp_path, paths):
    with HistoryStore.open(paths) as store:
        window = open_window(store=store)
        page = window.interview
        page.start_session()
        steps.record(window)
        steps.wait_state(window, State.FEEDBACK)
        steps.click(page.continue_button)
        steps.click(page.comparison_view.cards[0].choose)

        (attempt,) = store.list_attempts()
        assert attempt.is_finished and attempt.audio_path == page.recording_path
        assert attempt.picked == page.comparison_view.pack_label("A")
        assert attempt.transcript is not None and attempt.analysis is not None
        window.shutdown()
