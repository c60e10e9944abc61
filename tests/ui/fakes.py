"""Fakes for the window's engine: a small pack, a transcriber, a voice, a
microphone and an analysis, all passed in through ``Services``."""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from app.analysis.model import (
    Analysis,
    Delivery,
    FillerCount,
    OptionScore,
    PrincipleResult,
    StepResult,
    TermResult,
)
from app.audio.devices import Microphone
from app.audio.recorder import Recorder
from app.errors import AudioError, Cancelled
from app.packs import Pack, Question, load_pack
from app.paths import AppPaths
from app.speech.transcript import Transcript
from app.ui.services import Services
from app.ui.settings import Settings

PACK_TOML = r'''
format = 1
id = "test-pack"
title = "Test pack: ML platform"
description = "Two questions about ML platforms, for tests."

[[principles]]
id = "platform"
name = "Platform view"
summary = "Infrastructure for many teams, not one data scientist."
cues = ["teams", "platform"]

[[principles]]
id = "governance"
name = "Governance"
summary = "Audit trail, reproducibility and compliance."
cues = ["audit", "reproducib"]

[[questions]]
id = "feature-store"
prompt = "What is a feature store, and why does an ML platform need one?"
correct = "B"
formula = "offline + online store → training-serving skew → point-in-time correctness"

[[questions.options]]
label = "A"
text = "A feature store stores features so teams can reuse them."
explanation = "Correct but too brief for a senior role."

[[questions.options]]
label = "B"
text = """A feature store has an offline store for training and an online store \
for serving with low latency. It prevents training-serving skew and gives \
point-in-time correctness."""
explanation = "Names both stores and the two problems it prevents."

[[questions.options]]
label = "C"
text = """It has an offline store and an online store, and it avoids \
training-serving skew."""
explanation = "Solid but does not say why skew happens."

[[questions.options]]
label = "D"
text = "Data scientists put features in it and then models read them in production."
explanation = "A workflow view without the architecture."

[[questions.steps]]
name = "Two stores"
cues = ["offline store", "online store"]

[[questions.steps]]
name = "Skew"
cues = ["training-serving skew", "skew"]

[[questions.steps]]
name = "Point in time"
cues = ["point-in-time"]

[[questions.terms]]
term = "offline store"
definition = "Historical feature values used for training."

[[questions.terms]]
term = "online store"
definition = "Latest feature values served with low latency."
hint = "ON-line store"

[[questions.terms]]
term = "training-serving skew"
definition = "Features computed differently in training and in serving."
variants = ["training serving skew"]

[[questions.terms]]
term = "point-in-time correctness"
definition = "Training rows only use data known at that moment."
variants = ["point in time correctness"]

[[questions]]
id = "model-registry"
prompt = "How do you handle model versioning in production?"
correct = "C"

[[questions.options]]
label = "A"
text = "We use MLflow."
explanation = "Names a tool, not a practice."

[[questions.options]]
label = "B"
text = "We save models in a bucket with dates."
explanation = "No lineage, no rollback."

[[questions.options]]
label = "C"
text = """A model registry links each version to its run, data and code, \
with stages and rollback."""
explanation = "Lineage, lifecycle stages and rollback."

[[questions.options]]
label = "D"
text = "Every model gets a version number and a changelog."
explanation = "Versioning without reproducibility."

[[questions.steps]]
name = "Registry"
cues = ["registry"]

[[questions.steps]]
name = "Rollback"
cues = ["rollback", "roll back"]

[[questions.terms]]
term = "model registry"
definition = "A catalogue of model versions and their lineage."

[[questions.terms]]
term = "rollback"
definition = "Returning to an earlier model version."
'''

STRONG_ANSWER = (
    "Um, a feature store has an offline store for training and an online store "
    "for serving, so teams avoid training serving skew."
)


def write_pack(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "test-pack.toml"
    path.write_text(PACK_TOML, encoding="utf-8")
    return path


def make_pack(folder: Path) -> Pack:
    return load_pack(write_pack(folder))


def fake_analyse(transcript: Transcript, question: Question, pack: Pack) -> Analysis:
    """A plain substring analysis, so tests do not depend on the real scoring."""
    text = transcript.text.lower()

    def heard(form: str) -> str:
        match = re.search(re.escape(form.lower()), text)
        return transcript.text[match.start() : match.end()] if match else ""

    terms = []
    for term in question.terms:
        found = next((heard(f) for f in term.forms if heard(f)), "")
        terms.append(
            TermResult(
                term.term,
                bool(found),
                found,
                1.0 if found else None,
                1.0,
                term.definition,
            )
        )
    steps = []
    for step in question.steps:
        cue = next((c for c in step.cues if c.lower() in text), "")
        steps.append(StepResult(step.name, bool(cue), cue))
    principles = tuple(
        PrincipleResult(p.name, any(c in text for c in p.cues)) for p in pack.principles
    )
    words = len(transcript.words)
    minutes = max(transcript.duration_s, 1.0) / 60
    fillers = tuple(
        FillerCount(w, text.split().count(w + ",") + text.split().count(w))
        for w in ("um", "uh")
        if w in text
    )
    delivery = Delivery(
        words / minutes, words, transcript.duration_s, fillers, 1.2, 3.0
    )
    advice = tuple(f"Name the {t.term}." for t in terms if not t.found)[:3]
    options = tuple(OptionScore(o.label, 0, 0, 0.0) for o in question.options)
    return Analysis(
        pack_id=pack.id,
        question_id=question.id,
        terms=tuple(terms),
        steps=tuple(steps),
        principles=principles,
        delivery=delivery,
        unclear_words=("serving",),
        closest_option=question.correct,
        options=options,
        advice=advice,
    )


class FakeTranscriber:
    """Returns ``text`` as the transcript of any audio.

    ``load_error`` and ``transcribe_error`` make it fail; with ``wait_for_cancel``
    set, ``transcribe`` holds until it is cancelled.
    """

    def __init__(
        self,
        name: str = "fake",
        *,
        text: str = STRONG_ANSWER,
        load_error: Exception | None = None,
        transcribe_error: Exception | None = None,
        wait_for_cancel: bool = False,
    ) -> None:
        self.name = name
        self.text = text
        self.load_error = load_error
        self.transcribe_error = transcribe_error
        self.wait_for_cancel = wait_for_cancel
        self.loads = 0
        self.heard: list[Path] = []

    def load(self) -> None:
        self.loads += 1
        if self.load_error is not None:
            raise self.load_error

    def transcribe(
        self,
        audio: Path,
        question: Question | None = None,
        *,
        progress: Callable[[float], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Transcript:
        self.heard.append(Path(audio))
        if progress:
            progress(0.5)
        if self.wait_for_cancel and cancel is not None:
            cancel.wait(10)
        if cancel is not None and cancel.is_set():
            raise Cancelled("Transcription was cancelled.")
        if self.transcribe_error is not None:
            raise self.transcribe_error
        if progress:
            progress(1.0)
        return Transcript.from_text(self.text)


class FakeVoice:
    """Remembers what it was asked to say; ``error`` makes it fail like a machine
    with no voice engine."""

    def __init__(self, error: AudioError | None = None) -> None:
        self.error = error
        self.voice = "en-us"
        self.rate = 150
        self.spoken: list[str] = []
        self.stops = 0

    def check(self) -> None:
        if self.error is not None:
            raise self.error

    def speak(self, text: str, cancel: threading.Event | None = None) -> None:
        self.check()
        self.spoken.append(text)

    def stop(self) -> None:
        self.stops += 1


class FakeStreaming:
    """Transcribes while recording: counts what it is fed; ``error`` makes
    ``finish`` fail, and ``lost_s`` makes it report that much audio less than it
    was fed, like a stream that dropped blocks."""

    def __init__(
        self,
        text: str = STRONG_ANSWER,
        error: Exception | None = None,
        *,
        lost_s: float = 0.0,
        samplerate: int = 16_000,
    ):
        self.text = text
        self.error = error
        self.lost_s = lost_s
        self.samplerate = samplerate
        self.frames = 0
        self.finished = False
        self.abandoned = False

    @property
    def fed_s(self) -> float:
        return max(0.0, self.frames / self.samplerate - self.lost_s)

    def feed(self, block: np.ndarray) -> None:
        self.frames += len(block)

    def finish(
        self,
        *,
        progress: Callable[[float], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Transcript:
        self.finished = True
        if self.error is not None:
            raise self.error
        if progress:
            progress(1.0)
        return Transcript.from_text(self.text)

    def abandon(self) -> None:
        self.abandoned = True


def sine(
    seconds: float, samplerate: int = 16_000, amplitude: float = 0.3
) -> np.ndarray:
    t = np.arange(int(seconds * samplerate)) / samplerate
    return (amplitude * np.sin(2 * np.pi * 220 * t)).astype(np.float32).reshape(-1, 1)


class FakeStream:
    """An input stream that plays ``audio`` into the recorder's callback at once.

    With ``vanish`` it ends by itself after the audio, like an unplugged microphone.
    """

    def __init__(
        self,
        audio: np.ndarray,
        callback: Callable[..., None],
        finished_callback: Callable[[], None],
        *,
        vanish: bool = False,
        block_frames: int = 1600,
    ) -> None:
        self.audio = audio
        self.callback = callback
        self.finished_callback = finished_callback
        self.vanish = vanish
        self.block_frames = block_frames
        self.active = False
        self.fed = threading.Event()
        self._thread: threading.Thread | None = None
        self._finished = False

    def start(self) -> None:
        self.active = True
        self._thread = threading.Thread(target=self._feed, daemon=True)
        self._thread.start()

    def _feed(self) -> None:
        for start in range(0, len(self.audio), self.block_frames):
            block = self.audio[start : start + self.block_frames]
            self.callback(block, len(block), None, None)
        self.fed.set()
        if self.vanish:
            self.active = False
            self._finish()

    def _finish(self) -> None:
        if not self._finished:
            self._finished = True
            self.finished_callback()

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.join()
        self.active = False
        self._finish()

    def close(self) -> None:
        self.active = False


class FakeMicrophone:
    """A stream factory for ``Recorder``: each recording hears ``audio``.

    ``error`` makes opening fail, like a machine with no microphone.
    """

    def __init__(
        self,
        audio: np.ndarray | None = None,
        *,
        vanish: bool = False,
        error: AudioError | None = None,
    ) -> None:
        self.audio = sine(2.0) if audio is None else audio
        self.vanish = vanish
        self.error = error
        self.streams: list[FakeStream] = []
        self.devices: list[int | str | None] = []

    def __call__(self, **kwargs: Any) -> FakeStream:
        self.devices.append(kwargs["device"])
        if self.error is not None:
            raise self.error
        stream = FakeStream(
            self.audio,
            kwargs["callback"],
            kwargs["finished_callback"],
            vanish=self.vanish,
        )
        self.streams.append(stream)
        return stream


def make_services(
    root: Path,
    *,
    transcriber: FakeTranscriber | None = None,
    voice: FakeVoice | None = None,
    microphone: FakeMicrophone | None = None,
    microphones: list[Microphone] | None = None,
    rng: random.Random | None = None,
    store: Any = None,
    analyse: Callable[[Transcript, Question, Pack], Analysis] = fake_analyse,
    chosen_file: Path | None = None,
    streaming: FakeStreaming | None = None,
) -> Services:
    """Services made of fakes, with settings in an ini file under ``root``."""
    paths = AppPaths.under(root / "home")
    transcriber = transcriber or FakeTranscriber()
    microphone = microphone or FakeMicrophone()
    return Services(
        paths=paths,
        settings=Settings.at(root / "settings.ini"),
        packs=[make_pack(root / "packs")],
        make_transcriber=lambda _name: transcriber,
        make_recorder=lambda mic: Recorder(
            mic.index if mic else None, stream_factory=microphone
        ),
        list_microphones=lambda: list(
            microphones
            if microphones is not None
            else [Microphone(0, "Fake mic", True)]
        ),
        voice=voice or FakeVoice(),
        analyse=analyse,
        store=store,
        rng=rng or random.Random(1),
        list_models=lambda: ["fake", "other"],
        choose_audio_file=lambda _parent: chosen_file,
        make_stream=(lambda _t, _q: streaming) if streaming else None,
    )
