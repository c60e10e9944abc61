"""Transcribe a recording on this machine with faster-whisper.

The plain pass gives the transcript the learner sees. When a question is given, a
second pass is biased towards the question's terms (``hotwords``); its words are kept
beside the transcript so the analysis can confirm terms the plain pass half heard.
The hot-word pass is never shown as text: on its own it invents terms that were not
said, repeats lists of terms and drops sentences.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from app.errors import AudioError, Cancelled, ModelError, TranscriptionError
from app.paths import AppPaths, default_paths
from app.speech.models import resolve_model
from app.speech.transcript import Transcript, Word

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

    from app.packs.model import Question

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
SEED = 1

# Chosen by bench/bench_speech.py; see the README's "Speech models" section.
DEFAULT_MODEL = "tiny.en+base+tiny.en"

HOTWORD_MODES = ("confirm", "only", "off")

ProgressCallback = Callable[[float], None]


class CancelCheck(Protocol):
    """Anything with ``is_set()``, such as a ``threading.Event``."""

    def is_set(self) -> bool: ...


def load_audio(path: Path) -> np.ndarray:
    """Decode any audio file that PyAV reads (WAV, FLAC, MP3, OGG...) to 16 kHz mono.

    Raises:
        AudioError: the file is missing, empty or not audio.
    """
    path = Path(path)
    if not path.is_file():
        raise AudioError(f"Audio file not found: {path}. Check the path.")
    if path.stat().st_size == 0:
        raise AudioError(f"Audio file {path.name} is empty. Record the answer again.")
    from faster_whisper import decode_audio

    try:
        audio = decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    except Exception as e:  # PyAV raises many types for undecodable input
        raise AudioError(
            f"{path.name} cannot be read as audio ({type(e).__name__}). Use a WAV, "
            "FLAC, MP3 or OGG recording."
        ) from e
    if audio.size == 0:
        raise AudioError(f"{path.name} holds no audio. Record the answer again.")
    return audio


class Transcriber:
    """Loads the chosen model(s) once and transcribes recordings with them.

    ``model`` is a model name ("tiny.en", "base", a folder), "PLAIN+CHECK[+CHECK]"
    to run the hot-word passes with other models, or "default". ``hotwords`` is "confirm" (plain
    pass plus a hot-word pass used to confirm terms), "only" (a single pass with hot
    words, as plain faster-whisper would), or "off".

    NB: one transcription at a time per instance; the worker thread owns it.
    """

    def __init__(
        self,
        model: str = "default",
        paths: AppPaths | None = None,
        *,
        hotwords: str = "confirm",
        cpu_threads: int = 0,
    ) -> None:
        if hotwords not in HOTWORD_MODES:
            raise ValueError(
                f"hotwords must be one of {HOTWORD_MODES}, not {hotwords!r}"
            )
        self._paths = paths or default_paths()
        self._recipe = DEFAULT_MODEL if model == "default" else model
        plain, *checks = self._recipe.split("+")
        self._plain_name = plain
        self._check_names = checks or [plain]
        self._hotwords = hotwords
        self._cpu_threads = cpu_threads
        self._models: dict[str, WhisperModel] = {}
        self._names: dict[str, str] = {}
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        if self._hotwords == "confirm" and self._check_names != [self._plain_name]:
            return "+".join(
                self._display(n) for n in [self._plain_name, *self._check_names]
            )
        return self._display(self._plain_name)

    def _display(self, name: str) -> str:
        return self._names.get(name, name)

    def load(self) -> None:
        """Load every model this transcriber needs (seconds; call off the GUI thread).

        Raises:
            ModelError: a model is unknown, missing or damaged.
        """
        needed = [self._plain_name]
        if self._hotwords == "confirm":
            needed.extend(self._check_names)
        for name in needed:
            self._model(name)

    def _model(self, name: str) -> WhisperModel:
        with self._lock:
            if name in self._models:
                return self._models[name]
            display, folder = resolve_model(name, self._paths)
            started = time.perf_counter()
            from faster_whisper import WhisperModel

            try:
                model = WhisperModel(
                    str(folder),
                    device="cpu",
                    compute_type="int8",
                    cpu_threads=self._cpu_threads,
                )
            except Exception as e:  # CTranslate2 raises RuntimeError for bad weights
                raise ModelError(
                    f"Speech model {display} in {folder} could not be loaded: {e}. "
                    "The files are damaged; copy or reinstall the model."
                ) from e
            log.info(
                "model %s loaded in %.2f s", display, time.perf_counter() - started
            )
            self._models[name] = model
            self._names[name] = display
            return model

    def transcribe(
        self,
        audio: Path | np.ndarray,
        question: Question | None = None,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
    ) -> Transcript:
        """Transcribe a file (or 16 kHz mono samples), reporting progress from 0 to 1.

        Raises:
            AudioError: the file cannot be read.
            ModelError: the model cannot be loaded.
            Cancelled: ``cancel`` was set.
            TranscriptionError: the recogniser failed.
        """
        started = time.perf_counter()
        samples = load_audio(audio) if isinstance(audio, Path) else audio
        duration = samples.size / SAMPLE_RATE
        hotwords = question.hotwords if question is not None and question.terms else ""
        report = progress or (lambda fraction: None)

        if hotwords and self._hotwords == "only":
            words = self._decode(
                self._plain_name, samples, hotwords, report, 0.0, 1.0, cancel
            )
            hinted: list[Word] = []
        elif hotwords and self._hotwords == "confirm":
            # Progress shares: the plain pass, then each check pass.
            share = 1.0 / (1 + len(self._check_names))
            words = self._decode(
                self._plain_name, samples, "", report, 0.0, share, cancel
            )
            hinted = []
            for index, name in enumerate(self._check_names, 1):
                low = share * index
                hinted += self._decode(
                    name, samples, hotwords, report, low, low + share, cancel
                )
        else:
            words = self._decode(
                self._plain_name, samples, "", report, 0.0, 1.0, cancel
            )
            hinted = []
        report(1.0)

        elapsed = time.perf_counter() - started
        log.info(
            "transcribed %.1f s of audio in %.1f s (%d words)",
            duration,
            elapsed,
            len(words),
        )
        return Transcript(
            text=_join(words),
            words=tuple(words),
            duration_s=duration,
            model=self.name,
            hinted_words=tuple(hinted),
            elapsed_s=elapsed,
        )

    def _decode(
        self,
        model_name: str,
        samples: np.ndarray,
        hotwords: str,
        report: ProgressCallback,
        low: float,
        high: float,
        cancel: CancelCheck | None,
    ) -> list[Word]:
        model = self._model(model_name)
        duration = max(samples.size / SAMPLE_RATE, 1e-6)
        options: dict[str, Any] = {
            "language": "en",
            "beam_size": 5,
            "vad_filter": True,
            "word_timestamps": True,
            "condition_on_previous_text": False,
        }
        if hotwords:
            options["hotwords"] = hotwords
            # Hot words sometimes send a window into repeated text; each retry at a
            # higher temperature costs a whole decode, so allow two, not five.
            options["temperature"] = (0.0, 0.2, 0.4)
        words: list[Word] = []
        try:
            # When a window fails, Whisper retries by sampling at a higher
            # temperature; a fixed seed gives the same words for the same audio.
            import ctranslate2

            ctranslate2.set_random_seed(SEED)
            segments, _info = model.transcribe(samples, **options)
            for segment in segments:
                if cancel is not None and cancel.is_set():
                    raise Cancelled("Transcription was cancelled.")
                for w in segment.words or ():
                    words.append(Word(w.word.strip(), w.start, w.end, w.probability))
                report(low + (high - low) * min(segment.end / duration, 1.0))
        except Cancelled:
            raise
        except Exception as e:
            raise TranscriptionError(
                f"Transcription failed in the {self._display(model_name)} model: {e}. "
                "Try again, or choose another model."
            ) from e
        if cancel is not None and cancel.is_set():
            raise Cancelled("Transcription was cancelled.")
        return [w for w in words if w.text]


def _join(words: list[Word]) -> str:
    return " ".join(w.text for w in words)
