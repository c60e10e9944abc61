"""The voice renders speech with espeak-ng and plays it through a player."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
import soundfile

from app.audio.player import Player
from app.audio.voice import Voice
from app.errors import AudioError

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"
)


class Speaker:
    def __init__(self) -> None:
        self.played: list[Path] = []
        self.stops = 0

    def play(self, path: Path, start_s: float = 0.0) -> None:
        self.played.append(path)

    def wait(self, cancel: threading.Event | None = None) -> None:
        pass

    def stop(self) -> None:
        self.stops += 1


@needs_espeak
def test_render_writes_speech_and_reuses_it(tmp_path):
    voice = Voice(tmp_path, voice="en-gb", rate=170)
    first = voice.render("A feature store serves features to many teams.")
    info = soundfile.info(first)
    assert 1.0 < info.duration < 6.0
    assert voice.render("A feature store serves features to many teams.") == first
    voice.rate = 120
    assert voice.render("A feature store serves features to many teams.") != first


@needs_espeak
def test_speak_plays_the_rendered_speech(tmp_path):
    speaker = Speaker()
    voice = Voice(tmp_path, player=speaker)  # type: ignore[arg-type]
    voice.speak("rollback")
    assert len(speaker.played) == 1 and speaker.played[0].is_file()
    voice.stop()
    assert speaker.stops == 1


def test_render_without_espeak_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(AudioError, match="espeak-ng was not found"):
        Voice(tmp_path).render("hello")


def test_player_reports_a_damaged_file(tmp_path):
    damaged = tmp_path / "damaged.wav"
    damaged.write_bytes(b"not audio")
    with pytest.raises(AudioError, match="cannot be played"):
        Player().play(damaged)
