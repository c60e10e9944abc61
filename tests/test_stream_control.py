"""Streaming transcription's bookkeeping and control, with a fake recogniser.

Silero VAD (shipped with faster-whisper) finds the pauses; the fake stands in for
Whisper, so these run without loading a speech model.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from app.errors import Cancelled
from app.speech.stream import StreamingTranscription
from app.speech.transcript import Transcript, Word

SPEECH = Path(__file__).parent / "data" / "realspeech" / "native_jfk_inaugural.wav"


class FakeTranscriber:
    """Returns one word per stretch; can be told to hold a stretch until stopped."""

    name = "fake"

    def __init__(self, hold: bool = False) -> None:
        self.hold = hold
        self.calls: list[float] = []
        self.holding = threading.Event()
        self.stopped_by: str = ""

    def transcribe(self, audio: Any, question: Any = None, **kwargs: Any) -> Transcript:
        self.calls.append(audio.size / 16000)
        cancel = kwargs.get("cancel")
        if self.hold:
            self.holding.set()
            # Stands in for Whisper checking between segments.
            for _ in range(3000):
                if cancel is not None and cancel.is_set():
                    self.stopped_by = "cancel"
                    raise Cancelled("Transcription was cancelled.")
                threading.Event().wait(0.01)
        word = Word(f"part{len(self.calls)}", 0.1, 0.4, 0.9)
        return Transcript(word.text, (word,), audio.size / 16000, self.name)


def answer() -> np.ndarray:
    audio, rate = sf.read(SPEECH, dtype="float32")
    assert rate == 16000
    return np.concatenate([audio, np.zeros(16000, np.float32)])


def feed(stream: StreamingTranscription, audio: np.ndarray) -> None:
    for start in range(0, audio.size, 1600):
        stream.feed(audio[start : start + 1600])


def test_every_sample_fed_is_counted_and_transcribed_once() -> None:
    fake = FakeTranscriber()
    stream = StreamingTranscription(fake, min_stretch_s=3.0)  # type: ignore[arg-type]
    audio = answer()
    feed(stream, audio)
    assert stream.wait_idle(timeout=60)
    assert len(fake.calls) >= 1 and stream.transcribed_s > 3.0
    transcript = stream.finish()
    assert stream.fed_s == pytest.approx(audio.size / 16000)
    assert transcript.duration_s == pytest.approx(audio.size / 16000)
    # Stretches and the rest add up to the whole answer, with nothing counted twice
    # (a stretch of pure silence is skipped without calling the recogniser).
    assert sum(fake.calls) <= transcript.duration_s + 1e-6
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts) and len(starts) == len(fake.calls)


def test_cancel_at_stop_also_stops_the_stretch_in_progress() -> None:
    fake = FakeTranscriber(hold=True)
    stream = StreamingTranscription(fake, min_stretch_s=3.0)  # type: ignore[arg-type]
    feed(stream, answer())
    assert fake.holding.wait(timeout=60)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        stream.finish(cancel=cancel)
    assert fake.stopped_by == "cancel"


def test_abandon_stops_the_stretch_in_progress() -> None:
    fake = FakeTranscriber(hold=True)
    stream = StreamingTranscription(fake, min_stretch_s=3.0)  # type: ignore[arg-type]
    feed(stream, answer())
    assert fake.holding.wait(timeout=60)
    stream.abandon()
    assert fake.stopped_by == "cancel"


def test_silence_alone_never_reaches_the_recogniser() -> None:
    fake = FakeTranscriber()
    stream = StreamingTranscription(fake, min_stretch_s=1.0)  # type: ignore[arg-type]
    feed(stream, np.zeros(16000 * 5, np.float32))
    assert stream.wait_idle(timeout=60)
    assert fake.calls == []
    assert stream.transcribed_s >= 3.0
