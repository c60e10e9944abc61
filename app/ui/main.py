"""Start the window: settings, theme, the engine behind ``Services``, and the loop.

The window shows before anything slow happens; the history is opened and the speech
model imported and loaded afterwards on worker threads.
"""

from __future__ import annotations

import logging
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from app.audio.devices import list_microphones
from app.audio.player import Player
from app.audio.voice import Voice
from app.cli import setup_logging
from app.errors import HistoryError
from app.packs import find_packs
from app.paths import APP_NAME, AppPaths, content_dir, default_paths
from app.ui.services import Services
from app.ui.settings import Settings
from app.ui.theme import apply_theme
from app.ui.window import MainWindow
from app.ui.workers import Job

if TYPE_CHECKING:
    from app.analysis.model import Analysis
    from app.audio.devices import Microphone
    from app.packs import Pack, Question
    from app.speech.transcript import Transcript
    from app.ui.services import RecorderLike, StreamLike, TranscriberLike

log = logging.getLogger(__name__)


def _make_transcriber(paths: AppPaths, name: str) -> TranscriberLike:
    # Imported here, on the worker that loads the model: faster-whisper is slow to
    # import and the window must not wait for it.
    from app.speech import Transcriber

    return Transcriber(name, paths)


def _make_stream(transcriber: TranscriberLike, question: Question) -> StreamLike:
    from app.speech.stream import StreamingTranscription

    return StreamingTranscription(transcriber, question)  # type: ignore[arg-type]


def _list_models(paths: AppPaths) -> list[str]:
    from app.speech import list_models

    return ["default", *(m.name for m in list_models(paths) if m.ready)]


def _analyse(transcript: Transcript, question: Question, pack: Pack) -> Analysis:
    from app.analysis import analyse

    return analyse(transcript, question, pack)


def open_store(paths: AppPaths) -> tuple[object | None, str]:
    """The history store and a note for the learner when it cannot be opened."""
    from app.history import HistoryStore, recover

    try:
        store = HistoryStore.open(paths)
    except HistoryError as e:
        log.warning("history cannot be opened: %s", e)
        return None, f"{e}\nPractice works, but attempts are not saved."
    try:
        recovered = recover(store)
    except HistoryError as e:
        log.warning("recovering unfinished attempts failed: %s", e)
        return store, ""
    if len(recovered) == 1:
        return store, (
            "An answer recorded before Rehearse last closed was kept. Find it on the "
            "Review page and analyse it again."
        )
    if recovered:
        return store, (
            f"{len(recovered)} answers recorded before Rehearse last closed were "
            "kept. Find them on the Review page and analyse them again."
        )
    return store, ""


def build_services(settings: Settings, paths: AppPaths) -> Services:
    """The real engine behind the window, except the history (see ``open_store``)."""
    voice = Voice(paths.cache / "speech", voice=settings.voice, rate=settings.rate)

    def make_recorder(microphone: Microphone | None) -> RecorderLike:
        from app.audio.recorder import Recorder

        return Recorder(microphone.index if microphone else None)

    return Services(
        paths=paths,
        settings=settings,
        packs=find_packs([content_dir(), paths.packs]),
        make_transcriber=lambda name: _make_transcriber(paths, name),
        make_recorder=make_recorder,
        list_microphones=list_microphones,
        voice=voice,
        analyse=_analyse,
        make_stream=_make_stream,
        # Its own player: reading a question aloud must not cut off a replay.
        review_player=Player(),
        list_models=lambda: _list_models(paths),
        rng=random.Random(),
    )


def open_history(window: MainWindow, paths: AppPaths) -> Job:
    """Open the history (and recover cut-off attempts) on a worker once the window
    shows; attach it and tell the learner what came back when it is done."""

    def done(result: tuple[Any, str]) -> None:
        store, note = result
        if store is not None:
            window.attach_history(store, window.services.review_player)
        if note:
            window.banner.show_message("Your history", note)

    def failed(error: Exception) -> None:
        window.banner.show_message(
            "Your history",
            "Opening the history failed because of an error in Rehearse. Practice "
            f"works, but attempts are not saved. Details are in the log: "
            f"{paths.logs / 'rehearse.log'}.",
        )

    return window.runner.start(
        lambda _job: open_store(paths),
        name="open-history",
        on_done=done,
        on_failed=failed,
    )


def run(argv: Sequence[str] | None = None, settings_path: Path | None = None) -> int:
    """Open the window and run until it is closed; returns the exit status."""
    paths = default_paths()
    if not logging.getLogger().handlers:  # not already set up by ``app.cli.main``
        setup_logging(paths)
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(list(argv or sys.argv))
    )
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    apply_theme(app)
    settings = Settings.at(settings_path) if settings_path else Settings(QSettings())
    window = MainWindow(build_services(settings, paths))
    window.show()
    QTimer.singleShot(0, lambda: open_history(window, paths))
    QTimer.singleShot(0, window.start)
    return app.exec()


if __name__ == "__main__":
    sys.exit(run(sys.argv))
