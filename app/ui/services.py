"""Everything the window works with, passed in through one constructor argument.

The real app builds ``Services`` from the engine (``main.build_services``); tests
and the screenshot tool build it from fakes. Nothing here imports the heavy engine
modules, so a fake set-up starts without Whisper.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    # Types only: the engine's analysis and speech packages load numpy and more,
    # which the window does not need before it shows.
    from app.analysis.model import Analysis
    from app.audio.devices import Microphone
    from app.errors import AudioError
    from app.packs import Pack, Question
    from app.paths import AppPaths
    from app.speech.transcript import Transcript
    from app.ui.settings import Settings

    Analyse = Callable[[Transcript, Question, Pack], Analysis]


class TranscriberLike(Protocol):
    @property
    def name(self) -> str: ...

    def load(self) -> None: ...

    def transcribe(
        self,
        audio: Path,
        question: Question | None = None,
        *,
        progress: Callable[[float], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Transcript: ...


class RecorderLike(Protocol):
    level: float
    elapsed_s: float
    failure: AudioError | None

    @property
    def recording(self) -> bool: ...

    @property
    def recent_peak(self) -> float: ...

    def start(
        self, path: Path, on_block: Callable[[Any], None] | None = None
    ) -> None: ...

    def stop(self) -> Path: ...


class StreamLike(Protocol):
    """Transcribes an answer while it is recorded (``StreamingTranscription``)."""

    def feed(self, block: Any) -> None: ...

    def finish(
        self,
        *,
        progress: Callable[[float], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Transcript: ...

    def abandon(self) -> None: ...


class VoiceLike(Protocol):
    voice: str
    rate: int

    def check(self) -> None: ...

    def speak(self, text: str, cancel: threading.Event | None = None) -> None: ...

    def stop(self) -> None: ...


@dataclass
class Services:
    """The engine as the window sees it.

    Attributes:
        make_transcriber: a transcriber for a model name; ``load`` is called later,
            off the GUI thread.
        make_recorder: a recorder for a microphone (None: the system default).
        make_stream: a transcription that starts while the answer is recorded,
            for a loaded transcriber and a question; None: transcribe after Stop.
        list_microphones: the input devices; may raise AudioError.
        store: the history store, or None to keep nothing between runs.
        review_player: handed to the Review page to replay recordings.
        rng: shuffles the written answers; tests pass a seeded one.
        choose_audio_file: asks for an answer recording (None: a file dialog).
    """

    paths: AppPaths
    settings: Settings
    packs: Sequence[Pack]
    make_transcriber: Callable[[str], TranscriberLike]
    make_recorder: Callable[[Microphone | None], RecorderLike]
    list_microphones: Callable[[], list[Microphone]]
    voice: VoiceLike
    analyse: Analyse
    store: Any | None = None
    make_stream: Callable[[TranscriberLike, Question], StreamLike] | None = None
    review_player: Any | None = None
    list_models: Callable[[], list[str]] = lambda: ["default"]
    choose_audio_file: Callable[[Any], Path | None] | None = None
    rng: random.Random = field(default_factory=random.Random)


class ModelSlot:
    """One transcriber, loaded once, by whichever worker needs it first.

    NB: ``loaded`` is read on the GUI thread; ``ensure_loaded`` runs on workers and
    is serialised by a lock, so the model is never loaded twice at once.
    """

    def __init__(self, make: Callable[[str], TranscriberLike], name: str) -> None:
        self._make = make
        self._lock = threading.Lock()
        self.name = name
        self.transcriber: TranscriberLike | None = None
        self.loaded = False

    def ensure_loaded(self) -> TranscriberLike:
        with self._lock:
            if self.transcriber is None:
                self.transcriber = self._make(self.name)
            if not self.loaded:
                self.transcriber.load()
                self.loaded = True
            return self.transcriber
