"""The Interview page: pick a pack, hear a question, answer aloud, get feedback,
compare with the written answers, and move on.

The page is a small state machine over one stack of views. Blocking work (speech,
model loading, transcription) runs as jobs; the recorder runs its own writer thread
and is read on a timer for the level meter. Every failure shows in the banner with a
way forward, and a recording, once started, is never thrown away.
"""

from __future__ import annotations

import enum
import html
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.audio.recorder import CLIPPED_PEAK, SILENT_PEAK
from app.errors import AudioError, Cancelled, RehearseError
from app.packs import LABELS, Pack, Question
from app.ui.comparison import ComparisonView
from app.ui.feedback import FeedbackView, clock
from app.ui.services import ModelSlot
from app.ui.views import QuestionView, StartView, SummaryView, ViewPage
from app.ui.widgets import MessageBanner, primary_button
from app.ui.workers import describe_failure

if TYPE_CHECKING:
    from app.analysis.model import Analysis
    from app.audio.devices import Microphone
    from app.speech.transcript import Transcript
    from app.ui.services import RecorderLike, Services

log = logging.getLogger(__name__)

METER_INTERVAL_MS = 50
SILENCE_WARNING_S = 3.0
# A stream that heard this much less than the file holds lost audio on the way.
STREAM_SHORTFALL_S = 0.5


class State(enum.Enum):
    START = "start"
    QUESTION = "question"
    RECORDING = "recording"
    TRANSCRIBING = "transcribing"
    FEEDBACK = "feedback"
    COMPARISON = "comparison"
    REVEALED = "revealed"
    SUMMARY = "summary"


@dataclass
class QuestionResult:
    """What happened to one question in this session."""

    question: Question
    analysis: Analysis | None = None
    picked: str = ""  # pack label
    correct: bool | None = None


class AnalysisFailed(Exception):
    """The answer was transcribed but analysing it failed; the cause is chained."""


@dataclass
class Session:
    pack: Pack
    index: int = 0
    results: dict[str, QuestionResult] = field(default_factory=dict)

    @property
    def question(self) -> Question:
        return self.pack.questions[self.index]

    @property
    def completed(self) -> int:
        return sum(r.correct is not None for r in self.results.values())

    def result(self, question: Question) -> QuestionResult:
        return self.results.setdefault(question.id, QuestionResult(question))


class InterviewPage(QWidget):
    """Signals:
    model_status: a short line about the speech model, for the status bar.
    state_changed: the new ``State``'s value.
    pack_changed: the pack now chosen.
    attempt_saved: the history changed (an attempt was finished or a choice made).
    """

    model_status = Signal(str)
    state_changed = Signal(str)
    pack_changed = Signal(object)
    attempt_saved = Signal()

    def __init__(
        self,
        services: Services,
        banner: MessageBanner,
        runner: Any,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.banner = banner
        self.runner = runner
        self.state = State.START
        self.session: Session | None = None
        self.model = ModelSlot(services.make_transcriber, services.settings.model)
        self.recorder: RecorderLike | None = None
        self.recording_path: Path | None = None
        self.attempt_id: Any = None
        self.transcript: Transcript | None = None
        self._microphones: list[Microphone] = []
        self._transcription: Any = None
        self._speech: Any = None
        self._shown_pick = ""
        self._stream: Any = None
        # The written options analysed, per (pack id, question id): they never
        # change, so each question's are analysed once, on a worker.
        self._option_analyses: dict[tuple[str, str], dict[str, Analysis]] = {}
        self._options_pending: set[tuple[str, str]] = set()
        # After reading aloud fails, questions are no longer read on their own (the
        # message would come back with every question); R still tries again.
        self._voice_failed = False

        self.start_view = StartView()
        self.question_view = QuestionView()
        self.feedback_view = FeedbackView()
        self.comparison_view = ComparisonView()
        self.summary_view = SummaryView()

        self.continue_button = primary_button(
            "Continue to the written answers  (Enter)"
        )
        self.next_button = primary_button("Next question  (Enter)")

        self.stack = QStackedWidget()
        self._views: dict[State, ViewPage] = {}
        for states, view, footer in (
            ((State.START,), self.start_view, None),
            (
                (State.QUESTION, State.RECORDING, State.TRANSCRIBING),
                self.question_view,
                None,
            ),
            ((State.FEEDBACK,), self.feedback_view, self.continue_button),
            (
                (State.COMPARISON, State.REVEALED),
                self.comparison_view,
                self.next_button,
            ),
            ((State.SUMMARY,), self.summary_view, None),
        ):
            page = ViewPage(view, footer)
            self.stack.addWidget(page)
            for state in states:
                self._views[state] = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.meter_timer = QTimer(self)
        self.meter_timer.setInterval(METER_INTERVAL_MS)
        self.meter_timer.timeout.connect(self._on_meter_timer_timeout)

        self.start_view.packs.currentIndexChanged.connect(self._on_packs_changed)
        self.start_view.start.clicked.connect(self.start_session)
        self.start_view.questions.itemActivated.connect(self._on_questions_activated)
        self.question_view.record.clicked.connect(self.toggle_recording)
        self.question_view.replay.clicked.connect(self.replay)
        self.question_view.hide_text.toggled.connect(self._on_hide_text_toggled)
        self.question_view.open_file.clicked.connect(self.open_audio_file)
        self.question_view.cancel.clicked.connect(self.cancel_transcription)
        self.question_view.skip.clicked.connect(self.show_comparison)
        self.question_view.microphones.currentIndexChanged.connect(
            self._on_microphones_changed
        )
        self.feedback_view.hear_requested.connect(self.speak)
        self.continue_button.clicked.connect(self.show_comparison)
        self.comparison_view.picked.connect(self.pick)
        self.comparison_view.read_requested.connect(self.speak)
        self.next_button.clicked.connect(self.next_question)
        self.summary_view.again.clicked.connect(self.show_start)

        self.question_view.hide_text.setChecked(services.settings.hide_text)
        self._fill_packs()
        self.refresh_microphones()
        self._set_state(State.START)

    # -- the speech model ------------------------------------------------------

    def load_model(self) -> None:
        """Load the speech model in the background, reporting in the status bar."""
        self.model_status.emit(f"Loading the speech model “{self.model.name}”…")
        self.runner.start(
            lambda _job: self.model.ensure_loaded(),
            name="load-model",
            on_done=self._on_model_loaded,
            on_failed=self._on_model_failed,
        )

    def set_model(self, name: str) -> None:
        self.services.settings.model = name
        self.model = ModelSlot(self.services.make_transcriber, name)
        self.load_model()

    def _on_model_loaded(self, transcriber: Any) -> None:
        self.model_status.emit(f"Speech model ready: {transcriber.name}")

    def _on_model_failed(self, error: Exception) -> None:
        self.model_status.emit("Speech model not loaded")
        self.banner.show_message(
            "The speech model could not be loaded",
            f"{self._describe(error, 'Loading the speech model', kept=False)}\n"
            "You can still record: your answers are kept and can be "
            "transcribed once the model loads.",
            [("Try again", self.load_model)],
        )

    # -- packs and the start view --------------------------------------------

    def _fill_packs(self) -> None:
        combo = self.start_view.packs
        combo.blockSignals(True)
        combo.clear()
        for pack in self.services.packs:
            combo.addItem(pack.title, pack.id)
        chosen = combo.findData(self.services.settings.pack)
        combo.setCurrentIndex(max(0, chosen))
        combo.blockSignals(False)
        if self.services.packs:
            self._on_packs_changed(combo.currentIndex())
        else:
            self.start_view.start.setEnabled(False)
            self.start_view.description.setText(
                "No question packs were found. Put a pack file in "
                f"{self.services.paths.packs} and start Rehearse again."
            )

    def _on_packs_changed(self, index: int) -> None:
        if index < 0 or index >= len(self.services.packs):
            return
        pack = self.services.packs[index]
        self.services.settings.pack = pack.id
        self.session = Session(pack)
        self.start_view.description.setText(pack.description)
        self.start_view.principles.setText(
            "\n\n".join(f"•  {p.name}: {p.summary}" for p in pack.principles)
        )
        self._refresh_start()
        self.pack_changed.emit(pack)

    def _refresh_start(self) -> None:
        session = self.session
        if session is None:
            return
        total = len(session.pack.questions)
        self.start_view.progress.setText(f"{session.completed} / {total} completed")
        questions = self.start_view.questions
        questions.clear()
        for number, question in enumerate(session.pack.questions, 1):
            done = session.results.get(question.id)
            mark = "✓" if done and done.correct is not None else "○"
            item = QListWidgetItem(f"{mark}  {number}.  {question.prompt}")
            item.setData(Qt.ItemDataRole.UserRole, number - 1)
            questions.addItem(item)
        questions.setCurrentRow(self._first_open_question())

    def _first_open_question(self) -> int:
        session = self.session
        if session is None:
            return 0
        for index, question in enumerate(session.pack.questions):
            done = session.results.get(question.id)
            if done is None or done.correct is None:
                return index
        return 0

    def _on_questions_activated(self, item: QListWidgetItem) -> None:
        self.open_question(int(item.data(Qt.ItemDataRole.UserRole)))

    def show_start(self) -> None:
        self._refresh_start()
        self._set_state(State.START)

    def start_session(self) -> None:
        row = self.start_view.questions.currentRow()
        self.open_question(row if row >= 0 else self._first_open_question())

    # -- a question -------------------------------------------------------------

    def open_question(self, index: int) -> None:
        session = self.session
        if session is None:
            return
        session.index = index
        question = session.question
        order = list(LABELS)
        self.services.rng.shuffle(order)
        self.comparison_view.show_question(question, order)
        self.transcript = None
        self.recording_path = None
        self.attempt_id = None
        session.result(question).analysis = None
        view = self.question_view
        total = len(session.pack.questions)
        view.position.setText(
            f"Question {index + 1} of {total}  ·  {session.pack.title}  ·  "
            f"{session.completed} / {total} completed"
        )
        view.prompt.setText(question.prompt)
        view.elapsed.setText("0:00")
        view.meter.set_level(0.0)
        view.warning.setText("")
        view.work.hide()
        self.banner.hide()
        self._apply_hide_text()
        self._set_state(State.QUESTION)
        view.record.setFocus()
        if not self._voice_failed:
            self.speak(question.prompt)

    def replay(self) -> None:
        if self.session is not None and self.state in (State.QUESTION, State.RECORDING):
            self.speak(self.session.question.prompt)

    def _apply_hide_text(self) -> None:
        hidden = self.question_view.hide_text.isChecked()
        self.question_view.prompt.setVisible(not hidden)
        self.question_view.hidden_note.setVisible(hidden)

    def _on_hide_text_toggled(self, checked: bool) -> None:
        self.services.settings.hide_text = checked
        self._apply_hide_text()

    def show_question_text(self) -> None:
        self.question_view.hide_text.setChecked(False)
        self.banner.hide()

    # -- the voice ----------------------------------------------------------------

    def speak(self, text: str) -> None:
        """Read ``text`` aloud in the background, cutting off what is being read."""
        if self._speech is not None:
            self._speech.cancel.set()
            self.services.voice.stop()
        voice = self.services.voice

        def work(job: Any) -> None:
            voice.check()
            voice.speak(text, job.cancel)

        self._speech = self.runner.start(
            work,
            name="speak",
            on_done=self._on_speech_done,
            on_failed=self._on_speech_failed,
        )

    def _on_speech_done(self, _result: object) -> None:
        self._speech = None
        self._voice_failed = False

    def _on_speech_failed(self, error: Exception) -> None:
        self._speech = None
        if isinstance(error, Cancelled):
            return
        self._voice_failed = True
        actions = [("Try again", self.replay)]
        if self.question_view.hide_text.isChecked():
            actions.insert(0, ("Show the question text", self.show_question_text))
        else:
            self.question_view.prompt.setVisible(True)
        self.banner.show_message(
            "Reading aloud failed",
            f"{self._describe(error, 'Reading aloud', kept=False)}\n"
            "The question is shown as text, and everything else works.",
            actions,
        )

    # -- microphones and recording ------------------------------------------------

    def refresh_microphones(self) -> None:
        combo = self.question_view.microphones
        combo.blockSignals(True)
        combo.clear()
        try:
            self._microphones = self.services.list_microphones()
        except AudioError as e:
            log.warning("no microphones: %s", e)
            self._microphones = []
        combo.addItem("System default", "")
        for microphone in self._microphones:
            combo.addItem(microphone.name, microphone.name)
        chosen = combo.findData(self.services.settings.microphone)
        combo.setCurrentIndex(max(0, chosen))
        combo.blockSignals(False)
        self.recorder = None

    def _on_microphones_changed(self, index: int) -> None:
        self.services.settings.microphone = str(
            self.question_view.microphones.itemData(index) or ""
        )
        self.recorder = None

    def _chosen_microphone(self) -> Microphone | None:
        name = self.services.settings.microphone
        return next((m for m in self._microphones if m.name == name), None)

    def toggle_recording(self) -> None:
        if self.state == State.QUESTION:
            self.start_recording()
        elif self.state == State.RECORDING:
            self.stop_recording()

    def _new_recording_path(self) -> Path:
        session = self.session
        assert session is not None
        store = self.services.store
        if store is not None:
            try:
                return Path(
                    store.new_recording_path(session.pack.id, session.question.id)
                )
            except (RehearseError, OSError) as e:
                self._history_failed(e)
        from app.history.store import new_recording_path

        return new_recording_path(
            self.services.paths.recordings, session.pack.id, session.question.id
        )

    def start_recording(self) -> None:
        if self.session is None:
            return
        if self._speech is not None:
            self._speech.cancel.set()
            self.services.voice.stop()
        self.banner.hide()
        path = self._new_recording_path()
        stream = self._start_stream()
        try:
            if self.recorder is None:
                self.recorder = self.services.make_recorder(self._chosen_microphone())
            self.recorder.start(path, stream.feed if stream else None)
        except AudioError as e:
            self.recorder = None
            self._abandon_stream(stream)
            self._show_recording_failed(str(e))
            return
        self._stream = stream
        self.recording_path = path
        self._begin_attempt(path)
        self.question_view.warning.setText("")
        self._set_state(State.RECORDING)
        self.meter_timer.start()

    def stop_recording(self) -> None:
        recorder = self.recorder
        self.meter_timer.stop()
        if recorder is None or not recorder.recording:
            return
        path = recorder.stop()
        self.question_view.meter.set_level(0.0)
        stream, self._stream = self._stream, None
        failure = recorder.failure
        if failure is not None:
            self.recorder = None
            self._abandon_stream(stream)
            self._set_state(State.QUESTION)
            self.banner.show_message(
                "The recording stopped early",
                f"{failure}\nSaved: {path}",
                [
                    ("Use what was recorded", lambda: self.transcribe(path)),
                    ("Record again", self.start_recording),
                    ("Open audio file…", self.open_audio_file),
                ],
            )
            return
        fed_s = getattr(stream, "fed_s", None)
        if fed_s is not None and fed_s < recorder.elapsed_s - STREAM_SHORTFALL_S:
            log.warning(
                "the early transcription heard %.1f s of %.1f s recorded; "
                "transcribing the saved file instead",
                fed_s,
                recorder.elapsed_s,
            )
            self._abandon_stream(stream)
            stream = None
        self.transcribe(path, stream)

    def _start_stream(self) -> Any:
        """A transcription that starts during the answer, when the model is ready."""
        make_stream = self.services.make_stream
        transcriber = self.model.transcriber
        if make_stream is None or not self.model.loaded or transcriber is None:
            return None
        assert self.session is not None
        try:
            return make_stream(transcriber, self.session.question)
        except Exception as e:
            log.warning("transcribing while recording is not available: %s", e)
            return None

    def _abandon_stream(self, stream: Any) -> None:
        if stream is not None:
            # Abandoning waits for a stretch being transcribed: not on this thread.
            self.runner.start(
                lambda _job: stream.abandon(),
                name="abandon-stream",
                on_done=lambda _result: None,
                on_failed=lambda error: log.warning("abandoning failed: %s", error),
            )

    def _on_meter_timer_timeout(self) -> None:
        recorder = self.recorder
        if recorder is None:
            return
        view = self.question_view
        view.meter.set_level(recorder.level)
        view.elapsed.setText(clock(recorder.elapsed_s))
        if recorder.failure is not None:
            self.stop_recording()
            return
        peak = recorder.recent_peak
        if recorder.elapsed_s >= SILENCE_WARNING_S and peak < SILENT_PEAK:
            view.warning.setText(
                "⚠  No sound is coming in. Check that the right microphone is chosen "
                "and not muted."
            )
        elif peak >= CLIPPED_PEAK:
            view.warning.setText(
                "⚠  The sound is too loud and may be distorted. Move back from the "
                "microphone a little."
            )
        else:
            view.warning.setText("")

    def _show_recording_failed(self, reason: str) -> None:
        self.banner.show_message(
            "Recording could not start",
            reason,
            [
                ("Open audio file…", self.open_audio_file),
                ("Try again", self._retry_recording),
            ],
        )

    def _retry_recording(self) -> None:
        self.refresh_microphones()
        self.start_recording()

    def open_audio_file(self) -> None:
        """Answer with a recording made elsewhere instead of the microphone."""
        if self.session is None or self.state not in (State.QUESTION,):
            return
        chooser = self.services.choose_audio_file or _choose_audio_file
        path = chooser(self)
        if path is None:
            return
        self.banner.hide()
        self.recording_path = Path(path)
        self._begin_attempt(self.recording_path)
        self.transcribe(self.recording_path)

    # -- transcription and feedback ---------------------------------------------

    def transcribe(self, path: Path, stream: Any = None) -> None:
        """Transcribe the answer in ``path`` (or finish ``stream``, which heard it)."""
        session = self.session
        if session is None:
            return
        self.banner.hide()
        self.recording_path = path
        question = session.question
        pack = session.pack
        analyse = self.services.analyse
        model = self.model
        view = self.question_view
        view.work_bar.setValue(0)
        view.work_label.setText(
            "Listening to your answer…"
            if model.loaded
            else "Loading the speech model, then listening to your answer…"
        )
        view.work.show()
        self._set_state(State.TRANSCRIBING)

        def hear(job: Any) -> Transcript:
            progress = job.signals.progress.emit
            if stream is not None:
                try:
                    return stream.finish(progress=progress, cancel=job.cancel)
                except Cancelled:
                    raise
                except Exception as e:
                    log.warning("finishing the early transcription failed: %s", e)
            transcriber = model.ensure_loaded()
            return transcriber.transcribe(
                path, question, progress=progress, cancel=job.cancel
            )

        def work(job: Any) -> tuple[Transcript, Analysis]:
            transcript = hear(job)
            try:
                return transcript, analyse(transcript, question, pack)
            except Exception as e:
                raise AnalysisFailed("analysing the answer failed") from e

        self._transcription = self.runner.start(
            work,
            name="transcribe",
            on_done=self._on_transcription_done,
            on_failed=self._on_transcription_failed,
            on_progress=self._on_transcription_progress,
        )

    def cancel_transcription(self) -> None:
        if self._transcription is not None:
            self._transcription.cancel.set()
            self.question_view.work_label.setText("Cancelling…")

    def _on_transcription_progress(self, fraction: float) -> None:
        self.question_view.work_bar.setValue(round(100 * max(0.0, min(1.0, fraction))))

    def _on_transcription_failed(self, error: Exception) -> None:
        self._transcription = None
        self.question_view.work.hide()
        self._set_state(State.QUESTION)
        path = self.recording_path
        if isinstance(error, AnalysisFailed):
            cause = error.__cause__ or error
            self.banner.show_message(
                "The answer could not be analysed",
                f"{self._describe(cause, 'Analysing the answer', kept=False)}\n"
                f"Your recording is kept: {path}",
                [("Skip to the written answers", self.show_comparison)],
            )
            return
        kept = f"\nYour recording is kept: {path}" if path else ""
        retry = [("Try again", lambda: self.transcribe(path))] if path else []
        if isinstance(error, Cancelled):
            self.banner.show_message(
                "Transcription cancelled", f"Nothing was lost.{kept}", retry
            )
            return
        log.warning("transcription failed: %s", error)
        self.banner.show_message(
            "Transcription failed",
            f"{self._describe(error, 'Transcription', kept=False)}{kept}",
            [
                *retry,
                ("Open audio file…", self.open_audio_file),
                ("Skip to the written answers", self.show_comparison),
            ],
        )

    def _on_transcription_done(self, result: tuple[Transcript, Analysis]) -> None:
        self._transcription = None
        session = self.session
        if session is None:
            return
        transcript, analysis = result
        question = session.question
        self.question_view.work.hide()
        self.transcript = transcript
        session.result(question).analysis = analysis
        if self.attempt_id is not None:
            self._history(
                lambda store: store.finish_attempt(
                    self.attempt_id, transcript, analysis
                )
            )
            self.attempt_saved.emit()
        log.info(
            "feedback ready: %d of %d terms, %d of %d steps",
            analysis.terms_found,
            len(analysis.terms),
            analysis.steps_covered,
            len(analysis.steps),
        )
        self.feedback_view.show_feedback(
            question, transcript, analysis, self.comparison_view.shown_labels()
        )
        self._set_state(State.FEEDBACK)
        self.continue_button.setFocus()

    # -- the written answers ------------------------------------------------------

    def show_comparison(self) -> None:
        if self.session is None:
            return
        self.banner.hide()
        if self._transcription is not None:
            self.cancel_transcription()
        self._set_state(State.COMPARISON)
        self.comparison_view.cards[0].choose.setFocus()
        self._analyse_options(self.session.pack, self.session.question)

    def _analyse_options(self, pack: Pack, question: Question) -> None:
        """Analyse the written options of ``question`` on a worker, once."""
        key = (pack.id, question.id)
        if key in self._option_analyses or key in self._options_pending:
            return
        self._options_pending.add(key)
        analyse = self.services.analyse

        def work(_job: Any) -> dict[str, Analysis]:
            from app.speech.transcript import Transcript

            options: dict[str, Analysis] = {}
            for option in question.options:
                try:
                    options[option.label] = analyse(
                        Transcript.from_text(option.text), question, pack
                    )
                except Exception:
                    log.exception("analysing option %s failed", option.label)
            return options

        def done(options: dict[str, Analysis]) -> None:
            self._options_pending.discard(key)
            self._option_analyses[key] = options
            session = self.session
            if (
                self.state == State.REVEALED
                and session is not None
                and (session.pack.id, session.question.id) == key
            ):
                self._reveal()

        def failed(error: Exception) -> None:
            self._options_pending.discard(key)
            log.warning("analysing the written options failed: %s", error)

        self.runner.start(work, name="analyse-options", on_done=done, on_failed=failed)

    def pick(self, shown: str) -> None:
        session = self.session
        if session is None or self.state != State.COMPARISON:
            return
        question = session.question
        picked = self.comparison_view.pack_label(shown)
        result = session.result(question)
        result.picked = picked
        result.correct = picked == question.correct
        if self.attempt_id is not None:
            self._history(
                lambda store: store.record_choice(
                    self.attempt_id, picked=picked, correct=bool(result.correct)
                )
            )
            self.attempt_saved.emit()
        self._shown_pick = shown
        self._reveal()
        last = session.index + 1 >= len(session.pack.questions)
        self.next_button.setText(
            "See the summary  (Enter)" if last else "Next question  (Enter)"
        )
        self._set_state(State.REVEALED)
        self.next_button.setFocus()

    def _reveal(self) -> None:
        """Show the answers for the pick; the options' columns fill in once their
        analysis (started with the comparison) is done."""
        session = self.session
        if session is None:
            return
        question = session.question
        options = self._option_analyses.get((session.pack.id, question.id), {})
        self.comparison_view.reveal(
            self._shown_pick, session.result(question).analysis, options
        )

    def next_question(self) -> None:
        session = self.session
        if session is None:
            return
        if session.index + 1 < len(session.pack.questions):
            self.open_question(session.index + 1)
        else:
            self.show_summary()

    def show_summary(self) -> None:
        session = self.session
        if session is None:
            return
        total = len(session.pack.questions)
        answered = [r for r in session.results.values() if r.correct is not None]
        right = sum(bool(r.correct) for r in answered)
        self.summary_view.headline.setText(
            f"{session.completed} / {total} completed  ·  you picked the strongest "
            f"answer {right} of {len(answered)} times"
        )
        items = []
        for question in session.pack.questions:
            result = session.results.get(question.id)
            lines = [f"<b>{html.escape(question.prompt)}</b>"]
            if result is None or result.correct is None:
                lines.append("Not answered yet.")
            else:
                lines += self._summary_lines(result)
            items.append(f"<li style='margin-bottom:8px;'>{'<br>'.join(lines)}</li>")
        self.summary_view.details.setText(
            f"<ol style='line-height:140%;'>{''.join(items)}</ol>"
        )
        self._set_state(State.SUMMARY)
        self.summary_view.again.setFocus()

    def reanalyse(self, attempt: Any) -> None:
        """Transcribe and analyse a saved attempt again (from the Review page)."""
        pack = next((p for p in self.services.packs if p.id == attempt.pack_id), None)
        if pack is None or attempt.audio_path is None:
            self.banner.show_message(
                "This attempt cannot be analysed again",
                "Its question pack or its recording is no longer here.",
            )
            return
        question = pack.question(attempt.question_id)
        model = self.model
        self.model_status.emit("Analysing a saved attempt again…")

        def work(job: Any) -> tuple[Transcript, Analysis]:
            transcriber = model.ensure_loaded()
            transcript = transcriber.transcribe(
                attempt.audio_path, question, cancel=job.cancel
            )
            return transcript, self.services.analyse(transcript, question, pack)

        def done(result: tuple[Transcript, Analysis]) -> None:
            self._history(lambda store: store.finish_attempt(attempt.id, *result))
            self.model_status.emit(f"Speech model ready: {model.name}")
            self.attempt_saved.emit()

        def failed(error: Exception) -> None:
            self.model_status.emit("")
            self.banner.show_message(
                "Analysing the attempt again failed",
                f"{self._describe(error, 'Analysing the attempt again', kept=False)}"
                "\nThe recording is kept: {attempt.audio_path}",
            )

        self.runner.start(work, name="reanalyse", on_done=done, on_failed=failed)

    @staticmethod
    def _summary_lines(result: QuestionResult) -> list[str]:
        analysis = result.analysis
        if analysis is None:
            lines = ["Spoken answer: not transcribed."]
        else:
            lines = [
                f"Spoken answer: {analysis.terms_found} of {len(analysis.terms)} key "
                f"terms, {analysis.steps_covered} of {len(analysis.steps)} formula "
                f"steps, {round(analysis.delivery.words_per_minute)} words per minute."
            ]
            if analysis.advice:
                lines.append(f"Next time: {html.escape(analysis.advice[0])}")
        lines.append(
            "Written answers: ✓ you picked the strongest."
            if result.correct
            else "Written answers: the strongest was another one."
        )
        return lines

    def _describe(self, error: BaseException, what: str, *, kept: bool = True) -> str:
        log_file = self.services.paths.logs / "rehearse.log"
        return describe_failure(error, what, log_file, kept=kept)

    # -- history -------------------------------------------------------------------

    def _begin_attempt(self, path: Path) -> None:
        session = self.session
        if session is None:
            return
        self.attempt_id = self._history(
            lambda store: store.begin_attempt(
                pack_id=session.pack.id,
                question_id=session.question.id,
                audio_path=path,
                model=self.model.name,
            )
        )

    def _history(self, call: Any) -> Any:
        store = self.services.store
        if store is None:
            return None
        try:
            return call(store)
        except (RehearseError, OSError) as e:
            self._history_failed(e)
            return None

    def _history_failed(self, error: Exception) -> None:
        log.warning("history: %s", error)
        self.banner.show_message(
            "This attempt is not being saved",
            f"{error}\nPractice still works; the recording stays in its folder.",
        )

    # -- keys and state --------------------------------------------------------------

    def handle_key(self, key: str) -> bool:
        """Act on one of the page's keys: Space, R, Enter, Esc, 1-4 or A-D."""
        if key == "space" and self.state in (State.QUESTION, State.RECORDING):
            self.toggle_recording()
        elif key == "r" and self.state in (State.QUESTION, State.RECORDING):
            self.replay()
        elif key == "escape" and self.state == State.TRANSCRIBING:
            self.cancel_transcription()
        elif key == "enter" and self.state == State.START:
            self.start_session()
        elif key == "enter" and self.state == State.FEEDBACK:
            self.show_comparison()
        elif key == "enter" and self.state == State.REVEALED:
            self.next_question()
        elif key == "enter" and self.state == State.SUMMARY:
            self.show_start()
        elif self.state == State.COMPARISON and key.upper() in LABELS:
            self.pick(key.upper())
        elif self.state == State.COMPARISON and key in ("1", "2", "3", "4"):
            self.pick(LABELS[int(key) - 1])
        else:
            return False
        return True

    def _set_state(self, state: State) -> None:
        self.state = state
        page = self._views[state]
        if self.stack.currentWidget() is not page or state == State.FEEDBACK:
            page.area.verticalScrollBar().setValue(0)
        self.stack.setCurrentWidget(page)
        view = self.question_view
        recording = state == State.RECORDING
        busy = state == State.TRANSCRIBING
        view.record.setText("■  Stop  (Space)" if recording else "●  Record  (Space)")
        view.record.setAccessibleName("Stop recording" if recording else "Record")
        view.record.setEnabled(not busy)
        view.open_file.setEnabled(state == State.QUESTION)
        view.microphones.setEnabled(state == State.QUESTION)
        view.skip.setVisible(state == State.QUESTION)
        self.next_button.setVisible(state == State.REVEALED)
        if state == State.QUESTION:
            view.elapsed.setText(
                clock(self.recorder.elapsed_s) if self.recorder else "0:00"
            )
        self.state_changed.emit(state.value)

    def scroll_area(self) -> QScrollArea:
        """The scroll area of the view now shown."""
        return self._views[self.state].area

    def shutdown(self) -> None:
        """Stop recording (keeping the file) and cancel background work."""
        self.meter_timer.stop()
        if self.recorder is not None and self.recorder.recording:
            self.recorder.stop()
        self._abandon_stream(self._stream)
        self._stream = None
        if self._transcription is not None:
            self._transcription.cancel.set()
        if self._speech is not None:
            self._speech.cancel.set()
            self.services.voice.stop()


def _choose_audio_file(parent: QWidget) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(
        parent,
        "Open an answer recording",
        "",
        "Audio files (*.wav *.flac *.mp3 *.ogg *.m4a);;All files (*)",
    )
    return Path(name) if name else None
