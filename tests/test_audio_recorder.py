"""The recorder: every block reaches the file, the file is valid while it grows, and
a lost microphone keeps what was said."""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np
import pytest
import soundfile

from app.audio.recorder import Recorder
from app.errors import AudioError

RATE = 16_000


def tone(seconds: float, amplitude: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (amplitude * np.sin(2 * np.pi * 330 * t)).astype(np.float32).reshape(-1, 1)


class Microphone:
    """A stream factory whose stream feeds ``audio`` in blocks, holds after
    ``pause_after`` frames until ``resume`` is set, and may end by itself."""

    def __init__(
        self, audio: np.ndarray, *, vanish: bool = False, pause_after: int | None = None
    ) -> None:
        self.audio = audio
        self.vanish = vanish
        self.pause_after = pause_after
        self.resume = threading.Event()
        self.opened: dict = {}

    def __call__(self, **kwargs) -> Stream:
        self.opened = kwargs
        return Stream(self, kwargs["callback"], kwargs["finished_callback"])


class Stream:
    def __init__(
        self, mic: Microphone, callback: Callable, finished: Callable[[], None]
    ) -> None:
        self.mic = mic
        self.callback = callback
        self.finished = finished
        self.active = False
        self.thread = threading.Thread(target=self.feed, daemon=True)

    def start(self) -> None:
        self.active = True
        self.thread.start()

    def feed(self) -> None:
        for start in range(0, len(self.mic.audio), 800):
            if start == self.mic.pause_after:
                self.mic.resume.wait(10)
            self.callback(self.mic.audio[start : start + 800], 800, None, None)
        if self.mic.vanish:
            self.active = False
            self.finished()

    def stop(self) -> None:
        self.mic.resume.set()
        self.thread.join()
        if self.active:
            self.active = False
            self.finished()

    def close(self) -> None:
        self.active = False


def test_every_block_reaches_the_file(tmp_path, qtbot):
    audio = tone(1.0)
    mic = Microphone(audio)
    recorder = Recorder(3, stream_factory=mic)
    path = tmp_path / "answer.wav"

    recorder.start(path)
    qtbot.waitUntil(lambda: recorder.elapsed_s >= 1.0)
    assert recorder.stop() == path

    assert mic.opened["device"] == 3 and mic.opened["samplerate"] == RATE
    saved, rate = soundfile.read(path, dtype="float32")
    assert rate == RATE and len(saved) == len(audio)
    assert np.allclose(saved, audio[:, 0], atol=1e-3)
    assert recorder.failure is None and not recorder.recording


def test_the_file_is_valid_while_recording(tmp_path, qtbot):
    mic = Microphone(tone(1.0), pause_after=8000)
    recorder = Recorder(stream_factory=mic, flush_interval_s=0.0)
    path = tmp_path / "answer.wav"

    recorder.start(path)
    qtbot.waitUntil(lambda: recorder.elapsed_s >= 0.5)
    qtbot.waitUntil(lambda: soundfile.info(path).frames >= 7200)
    mic.resume.set()
    recorder.stop()
    assert soundfile.info(path).frames == RATE


@pytest.mark.parametrize(
    ("amplitude", "peak"),
    [(0.0, 0.0), (0.3, 0.3), (1.0, 1.0)],
    ids=["silent", "speech", "clipping"],
)
def test_level_follows_the_input(tmp_path, qtbot, amplitude, peak):
    mic = Microphone(tone(1.0, amplitude), pause_after=12_000)
    recorder = Recorder(stream_factory=mic)
    recorder.start(tmp_path / "answer.wav")
    qtbot.waitUntil(lambda: recorder.elapsed_s >= 0.75)
    assert recorder.recent_peak == pytest.approx(peak, abs=0.01)
    assert recorder.level == pytest.approx(peak, abs=0.01)
    mic.resume.set()
    recorder.stop()


def test_a_lost_microphone_keeps_what_was_said(tmp_path, qtbot):
    recorder = Recorder(stream_factory=Microphone(tone(0.5), vanish=True))
    path = tmp_path / "answer.wav"

    recorder.start(path)
    qtbot.waitUntil(lambda: recorder.failure is not None)
    recorder.stop()

    assert "unplugged" in str(recorder.failure)
    assert soundfile.info(path).frames == RATE // 2


def test_a_microphone_that_cannot_open_records_nothing(tmp_path):
    def no_microphone(**_kwargs):
        raise AudioError("Recording failed: no microphone was found.")

    recorder = Recorder(stream_factory=no_microphone)
    with pytest.raises(AudioError, match="no microphone"):
        recorder.start(tmp_path / "answer.wav")
    assert not recorder.recording
    with pytest.raises(AudioError, match="Nothing is being recorded"):
        recorder.stop()


def test_each_block_is_handed_over_once_written(tmp_path, qtbot):
    audio = tone(1.0)
    handed: list[np.ndarray] = []
    recorder = Recorder(stream_factory=Microphone(audio))
    recorder.start(tmp_path / "answer.wav", handed.append)
    qtbot.waitUntil(lambda: recorder.elapsed_s >= 1.0)
    recorder.stop()
    assert np.array_equal(np.concatenate(handed), audio)


def test_a_failing_consumer_does_not_stop_the_recording(tmp_path, qtbot):
    def broken(_block: np.ndarray) -> None:
        raise RuntimeError("the transcriber fell over")

    recorder = Recorder(stream_factory=Microphone(tone(1.0)))
    path = tmp_path / "answer.wav"
    recorder.start(path, broken)
    qtbot.waitUntil(lambda: recorder.elapsed_s >= 1.0)
    recorder.stop()
    assert recorder.failure is None
    assert soundfile.info(path).frames == RATE
