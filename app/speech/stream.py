"""Transcribe an answer while it is still being recorded.

A learner waits for feedback from the moment they press Stop. Rather than start then,
the recording is cut at pauses as it grows, and each finished stretch is transcribed
in the background while the learner goes on speaking. Stop then leaves only the last
stretch to do: a few seconds instead of a pass over the whole answer.

Cuts are made only in pauses that Silero VAD (shipped with faster-whisper) finds, so
no word is split between two stretches.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

import numpy as np

from app.errors import Cancelled
from app.speech.transcriber import SAMPLE_RATE, ProgressCallback, Transcriber
from app.speech.transcript import Transcript, Word

if TYPE_CHECKING:
    from app.packs.model import Question

log = logging.getLogger(__name__)

# Look for a pause again only once this much new audio has come in: each look runs
# VAD over everything not yet transcribed.
_RECHECK_SAMPLES = SAMPLE_RATE


def _shifted(words: tuple[Word, ...], seconds: float) -> list[Word]:
    return [
        Word(w.text, w.start + seconds, w.end + seconds, w.probability) for w in words
    ]


class _Stop:
    """Set when the stream is abandoned, or when the learner cancels at Stop."""

    def __init__(self) -> None:
        self.abandoned = threading.Event()
        self.cancel: threading.Event | None = None

    def is_set(self) -> bool:
        cancel = self.cancel
        return self.abandoned.is_set() or (cancel is not None and cancel.is_set())


class StreamingTranscription:
    """Feeds recorded audio to a transcriber stretch by stretch.

    ``feed`` is called with each recorded block (16 kHz mono, float or int16) from the
    recorder's writer thread; it only appends and wakes the worker. ``finish``
    transcribes what is left and returns the whole transcript; ``abandon`` stops the
    worker, even in the middle of a stretch.

    NB: ``feed`` is called from one thread and ``finish``/``abandon`` from another;
    the worker owns the transcriber until one of them has stopped it.
    """

    def __init__(
        self,
        transcriber: Transcriber,
        question: Question | None = None,
        *,
        min_stretch_s: float = 6.0,
        min_pause_s: float = 0.5,
    ) -> None:
        self._transcriber = transcriber
        self._question = question
        self._min_stretch = int(min_stretch_s * SAMPLE_RATE)
        self._min_pause_ms = int(min_pause_s * 1000)
        self._blocks: list[np.ndarray] = []
        self._pending = 0  # samples fed and not yet transcribed
        self._checked = 0  # pending samples when a pause was last looked for
        self._fed = 0  # samples fed in all
        self._done_samples = 0  # samples already transcribed, from the start
        self._words: list[Word] = []
        self._hinted: list[Word] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._closing = threading.Event()
        self._stop = _Stop()
        self._failure: BaseException | None = None
        self._worker = threading.Thread(
            target=self._work, name="stream-transcriber", daemon=True
        )
        self._worker.start()

    @property
    def transcribed_s(self) -> float:
        """How much of the answer is already transcribed."""
        return self._done_samples / SAMPLE_RATE

    @property
    def fed_s(self) -> float:
        """How much audio was fed in all; less than was recorded means blocks were lost."""
        return self._fed / SAMPLE_RATE

    def feed(self, block: np.ndarray) -> None:
        samples = block.reshape(-1)
        if samples.dtype == np.int16:
            samples = samples.astype(np.float32) / 32768.0
        with self._lock:
            self._blocks.append(samples.astype(np.float32, copy=False))
            self._pending += samples.size
            self._fed += samples.size
            if (
                self._pending >= self._min_stretch
                and self._pending - self._checked >= _RECHECK_SAMPLES
            ):
                # Under the lock, so the worker cannot call itself idle in between.
                self._idle.clear()
                self._wake.set()

    def _take_pending(self) -> np.ndarray:
        with self._lock:
            audio = (
                np.concatenate(self._blocks)
                if self._blocks
                else np.zeros(0, np.float32)
            )
            self._blocks = [audio] if audio.size else []
            return audio

    def _drop(self, samples: int) -> None:
        with self._lock:
            audio = (
                np.concatenate(self._blocks)
                if self._blocks
                else np.zeros(0, np.float32)
            )
            rest = audio[samples:]
            self._blocks = [rest] if rest.size else []
            self._pending = rest.size
            self._checked = 0

    def _cut_point(self, audio: np.ndarray) -> tuple[int, bool]:
        """Where the last finished stretch of speech in ``audio`` ends, or 0.

        The flag says whether there is speech before the cut at all.
        """
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        chunks = get_speech_timestamps(
            audio,
            VadOptions(min_silence_duration_ms=self._min_pause_ms, speech_pad_ms=100),
        )
        pause = self._min_pause_ms * SAMPLE_RATE // 1000
        if not chunks:
            # Only silence so far: skip it, keeping a little in case speech starts.
            return max(0, audio.size - pause), False
        finished = [c for c in chunks if c["end"] + pause <= audio.size]
        if not finished:
            return 0, False
        return min(finished[-1]["end"] + pause // 2, audio.size), True

    def _transcribe(
        self, audio: np.ndarray, progress: ProgressCallback | None = None
    ) -> None:
        offset = self._done_samples / SAMPLE_RATE
        part = self._transcriber.transcribe(
            audio, self._question, progress=progress, cancel=self._stop
        )
        self._words.extend(_shifted(part.words, offset))
        self._hinted.extend(_shifted(part.hinted_words, offset))
        self._done_samples += audio.size

    def _work(self) -> None:
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._closing.is_set():
                    return
                self._transcribe_finished_stretches()
                with self._lock:
                    if not self._wake.is_set():
                        self._idle.set()
        except BaseException as e:  # handed to finish(), which raises it
            self._failure = e
            self._idle.set()

    def _transcribe_finished_stretches(self) -> None:
        while not self._closing.is_set():
            audio = self._take_pending()
            if audio.size < self._min_stretch:
                return
            cut, speech = self._cut_point(audio)
            if cut < SAMPLE_RATE // 2:
                with self._lock:
                    self._checked = audio.size
                return
            started = time.perf_counter()
            if speech:
                self._transcribe(audio[:cut])
            else:
                self._done_samples += cut
            self._drop(cut)
            log.debug(
                "transcribed a %.1f s stretch in %.1f s while recording",
                cut / SAMPLE_RATE,
                time.perf_counter() - started,
            )

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every finished stretch fed so far is transcribed."""
        return self._idle.wait(timeout)

    def _stop_worker(self) -> None:
        self._closing.set()
        self._wake.set()
        self._worker.join()

    def finish(
        self,
        *,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Transcript:
        """Transcribe what is left and return the transcript of the whole answer.

        ``cancel`` also stops a stretch the worker is still transcribing.

        Raises:
            The transcriber's errors, including ``Cancelled``.
        """
        started = time.perf_counter()
        self._stop.cancel = cancel
        self._stop_worker()
        if self._failure is not None:
            raise self._failure
        if self._stop.is_set():
            raise Cancelled("Transcription was cancelled.")
        rest = self._take_pending()
        already = self._done_samples
        if rest.size >= SAMPLE_RATE // 10:
            self._transcribe(rest, progress=progress)
        elif progress is not None:
            progress(1.0)
        duration = (already + rest.size) / SAMPLE_RATE
        elapsed = time.perf_counter() - started
        log.info(
            "finished a %.1f s answer %.1f s after stop (%.1f s were done while recording)",
            duration,
            elapsed,
            already / SAMPLE_RATE,
        )
        return Transcript(
            text=" ".join(w.text for w in self._words),
            words=tuple(self._words),
            duration_s=duration,
            model=self._transcriber.name,
            hinted_words=tuple(self._hinted),
            elapsed_s=elapsed,
        )

    def abandon(self) -> None:
        """Stop the worker without transcribing the rest (the recording failed)."""
        self._stop.abandoned.set()
        self._stop_worker()
