"""The window on the real engine: the shipped pack, the history, the analysis and,
marked ``model``, the real speech model on a spoken answer."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from fakes import FakeVoice

from app.paths import default_paths
from app.ui.interview import State
from app.ui.main import build_services, open_history
from app.ui.settings import Settings
from app.ui.window import MainWindow

ANSWER = (
    "A feature store has an offline store for training, with Parquet tables, and an "
    "online store in Redis for serving. It prevents training-serving skew."
)


@pytest.fixture
def real_window(qtbot, tmp_path):
    paths = default_paths()
    services = build_services(Settings.at(tmp_path / "settings.ini"), paths)
    services.voice = FakeVoice()
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    open_history(window, paths)
    qtbot.waitUntil(lambda: services.store is not None)
    yield window
    window.shutdown()
    services.store.close()


def test_the_real_engine_opens_the_shipped_pack(real_window):
    from app.ui.review import ReviewPage

    page = real_window.interview
    assert page.session.pack.id == "ml-platform-engineer"
    assert page.start_view.progress.text() == "0 / 5 completed"
    assert isinstance(real_window.review, ReviewPage)
    assert len(real_window.vocabulary.buttons) == len(page.session.pack.terms)


@pytest.mark.model
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")
def test_a_spoken_answer_through_the_real_model(real_window, qtbot, tmp_path):
    answer = tmp_path / "answer.wav"
    subprocess.run(
        ["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(answer), ANSWER], check=True
    )
    page = real_window.interview
    page.services.choose_audio_file = lambda _parent: answer
    real_window.start()
    page.start_session()

    page.open_audio_file()
    qtbot.waitUntil(lambda: page.state == State.FEEDBACK, timeout=120_000)

    feedback = page.feedback_view
    assert "of 15 key terms" in feedback.counts.text()
    assert "<a href=" in feedback.transcript.text()
    attempts = page.services.store.list_attempts()
    assert len(attempts) == 1 and attempts[0].is_finished
