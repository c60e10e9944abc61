"""Transcription while recording: stretches done before Stop, the same words after."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
import soundfile as sf

from app.analysis.matching import tokens
from app.errors import Cancelled
from app.paths import default_paths
from app.speech import Transcriber
from app.speech.stream import StreamingTranscription

pytestmark = pytest.mark.model

SENTENCES = [
    "The model registry keeps every version of a model.",
    "Each version links back to the experiment run that trained it.",
    "A rollback is a promotion of the previous version, not a deletion.",
]


@pytest.fixture(scope="module")
def answer(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    """Three spoken sentences with a second of silence after each."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    folder = tmp_path_factory.mktemp("answer")
    parts = []
    for index, sentence in enumerate(SENTENCES):
        path = folder / f"{index}.wav"
        subprocess.run(
            ["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(path), sentence],
            check=True,
        )
        subprocess.run(
            ["sox", str(path), "-r", "16000", str(path.with_suffix(".16k.wav"))],
            check=True,
        )
        audio, _ = sf.read(path.with_suffix(".16k.wav"), dtype="float32")
        parts += [audio, np.zeros(16000, np.float32)]
    return np.concatenate(parts)


@pytest.fixture(scope="module")
def transcriber() -> Transcriber:
    t = Transcriber("tiny.en", default_paths(), hotwords="off")
    t.load()
    return t


def _errors(said: list[str], heard: list[str]) -> int:
    import difflib

    matcher = difflib.SequenceMatcher(a=said, b=heard, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return max(len(said), len(heard)) - same


def feed(stream: StreamingTranscription, audio: np.ndarray) -> None:
    for start in range(0, audio.size, 1600):  # 0.1 s blocks, as a recorder sends them
        stream.feed(audio[start : start + 1600])


def test_stretches_are_done_before_stop_and_nothing_is_lost(
    transcriber: Transcriber, answer: np.ndarray
) -> None:
    stream = StreamingTranscription(transcriber, min_stretch_s=3.0)
    feed(stream, answer)
    assert stream.wait_idle(timeout=120)
    done_before_stop = stream.transcribed_s
    transcript = stream.finish()

    whole = transcriber.transcribe(answer)
    assert done_before_stop >= 6.0, done_before_stop
    # Stretches lose no words: no more errors against what was said than one pass
    # over the whole file makes.
    said = tokens(" ".join(SENTENCES))
    assert (
        _errors(said, tokens(transcript.text)) <= _errors(said, tokens(whole.text)) + 2
    )
    assert transcript.duration_s == pytest.approx(answer.size / 16000)
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts)
    assert abs(transcript.words[-1].start - whole.words[-1].start) < 0.5


def test_silence_alone_gives_an_empty_transcript(transcriber: Transcriber) -> None:
    stream = StreamingTranscription(transcriber, min_stretch_s=1.0)
    feed(stream, np.zeros(16000 * 4, np.float32))
    assert stream.wait_idle(timeout=60)
    transcript = stream.finish()
    assert transcript.text == "" and transcript.duration_s == pytest.approx(4.0)


def test_cancel_before_the_last_stretch(
    transcriber: Transcriber, answer: np.ndarray
) -> None:
    import threading

    stream = StreamingTranscription(
        transcriber, min_stretch_s=600.0
    )  # all left for Stop
    feed(stream, answer)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        stream.finish(cancel=cancel)
