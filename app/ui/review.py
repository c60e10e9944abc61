"""The Review page: every attempt kept, replayed, compared, followed over time.

The page reads the history through the store it is given and plays recordings
through an injected player, so tests pass fakes for both. Only quick work runs here:
reading the history takes a fraction of a second even for a thousand attempts, and
re-analysis is handed to the window's own callback.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import HistoryError
from app.history.compare import Comparison, compare_attempts
from app.history.export import attempt_html, export_attempts, when
from app.history.highlight import term_word_indices
from app.history.progress import progress_by_question
from app.history.store import Attempt, HistoryStore
from app.packs.model import Pack, Question
from app.ui.review_chart import LineChart
from app.ui.review_pdf import write_pdf
from app.ui.review_transcript import TranscriptView

log = logging.getLogger(__name__)

_ATTEMPT_ROLE = Qt.ItemDataRole.UserRole
_QUESTION_ROLE = Qt.ItemDataRole.UserRole + 1

_FORMATS = (
    ("md", "Markdown", "Markdown (*.md)"),
    ("html", "HTML", "Web page (*.html)"),
    ("pdf", "PDF", "PDF (*.pdf)"),
)


class Player(Protocol):
    """Plays recordings. ``play`` returns at once; playback goes on elsewhere."""

    def play(self, path: Path, start_s: float) -> None: ...

    def stop(self) -> None: ...

    def position_s(self) -> float: ...


Confirm = Callable[[QWidget, str, str], bool]
AskPath = Callable[[QWidget, str, str], "Path | None"]
Reanalyse = Callable[[Attempt], None]


def _confirm_with_dialog(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def _ask_path_with_dialog(
    parent: QWidget, suggested: str, name_filter: str
) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Save report", str(Path.home() / suggested), name_filter
    )
    return Path(chosen) if chosen else None


class ReviewPage(QWidget):
    """Attempts grouped by question, each with its transcript, feedback and audio.

    Args:
        store: the history.
        packs: the packs, for prompts, terms and the options' explanations.
        player: plays recordings (see ``Player``).
        reanalyse: called with an attempt when the learner asks for it to be
            analysed again; the button is hidden when not given. Call
            ``refresh`` once the new analysis is saved.
        confirm: asks a yes-or-no question; a dialog when not given.
        ask_path: asks where to save a report; a file dialog when not given.

    Signals:
        attempt_deleted(int): an attempt was deleted from the history.
    """

    attempt_deleted = Signal(int)

    POLL_MS = 50
    # Playback is taken as over when the position stops moving for this long, as
    # the player has no signal for the end and a file may end before its transcript.
    STALL_S = 1.0

    def __init__(
        self,
        store: HistoryStore,
        packs: Sequence[Pack],
        player: Player,
        parent: QWidget | None = None,
        *,
        reanalyse: Reanalyse | None = None,
        confirm: Confirm | None = None,
        ask_path: AskPath | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._packs = {pack.id: pack for pack in packs}
        self._player = player
        self._reanalyse = reanalyse
        self._confirm = confirm or _confirm_with_dialog
        self._ask_path = ask_path or _ask_path_with_dialog
        self._attempts: dict[int, Attempt] = {}
        self._by_question: dict[tuple[str, str], list[Attempt]] = {}
        self._current: Attempt | None = None
        self._question: tuple[str, str] | None = None
        self._items: dict[int, QTreeWidgetItem] = {}
        self._comparison: Comparison | None = None
        self._playing = False
        self._following: TranscriptView | None = None
        self._playing_until = 0.0
        self._last_position = 0.0
        self._still_polls = 0

        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._on_poll_timeout)

        self._build()
        self.refresh()

    # Building

    def _build(self) -> None:
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Attempts"])
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_attempt_tab(), "Attempt")
        self.tabs.addTab(self._build_compare_tab(), "Compare")
        self.tabs.addTab(self._build_progress_tab(), "Progress")
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([330, 790])

        self.empty_label = QLabel(
            "No attempts yet. Answer a question on the Interview page and it"
            " appears here, with its recording, transcript and feedback."
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(splitter)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status_label)

    def _build_attempt_tab(self) -> QWidget:
        self.prompt_label = QLabel()
        self.prompt_label.setWordWrap(True)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.prompt_label.setFont(font)
        self.meta_label = QLabel()

        self.play_button = QPushButton("Play")
        self.play_button.setToolTip("Play the recording (Space)")
        self.play_button.setShortcut(QKeySequence(Qt.Key.Key_Space))
        self.play_button.clicked.connect(self._on_play_button_clicked)
        self.reanalyse_button = QPushButton("Analyse again")
        self.reanalyse_button.setToolTip(
            "Transcribe and analyse this recording again, for example with another"
            " speech model"
        )
        self.reanalyse_button.clicked.connect(self._on_reanalyse_button_clicked)
        self.reanalyse_button.setVisible(self._reanalyse is not None)
        self.export_button = QToolButton()
        self.export_button.setText("Export")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setMenu(self._build_export_menu())
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self._on_delete_button_clicked)

        buttons = QHBoxLayout()
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.reanalyse_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.delete_button)

        self.transcript_view = TranscriptView()
        self.transcript_view.word_clicked.connect(self._on_transcript_word_clicked)
        self.feedback_view = QTextBrowser()
        self.feedback_view.setOpenExternalLinks(False)
        self.feedback_view.document().setDefaultStyleSheet(
            "b.term { text-decoration: underline; }"
        )
        transcript_box = _titled(
            "Transcript: click a word to play from there", self.transcript_view
        )
        feedback_box = _titled("Feedback", self.feedback_view)
        panes = QSplitter(Qt.Orientation.Horizontal)
        panes.addWidget(transcript_box)
        panes.addWidget(feedback_box)
        panes.setSizes([500, 500])

        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.meta_label)
        layout.addLayout(buttons)
        layout.addWidget(panes, 1)
        return tab

    def _build_export_menu(self) -> QMenu:
        menu = QMenu(self)
        for fmt, name, _ in _FORMATS:
            action = QAction(f"This attempt as {name}…", menu)
            action.triggered.connect(
                lambda _=False, f=fmt: self.export_current(f, False)
            )
            menu.addAction(action)
        menu.addSeparator()
        for fmt, name, _ in _FORMATS:
            action = QAction(f"All attempts at this question as {name}…", menu)
            action.triggered.connect(
                lambda _=False, f=fmt: self.export_current(f, True)
            )
            menu.addAction(action)
        return menu

    def _build_compare_tab(self) -> QWidget:
        self.earlier_combo = QComboBox()
        self.later_combo = QComboBox()
        self.earlier_combo.currentIndexChanged.connect(self._on_compare_combo_changed)
        self.later_combo.currentIndexChanged.connect(self._on_compare_combo_changed)
        choose = QFormLayout()
        choose.addRow("Earlier attempt", self.earlier_combo)
        choose.addRow("Later attempt", self.later_combo)

        self.compare_summary = QLabel()
        self.compare_summary.setTextFormat(Qt.TextFormat.RichText)
        self.compare_changes = QLabel()
        self.compare_changes.setTextFormat(Qt.TextFormat.RichText)
        self.compare_changes.setWordWrap(True)
        self.compare_changes.setAlignment(Qt.AlignmentFlag.AlignTop)
        figures = QHBoxLayout()
        figures.addWidget(self.compare_summary)
        figures.addSpacing(24)
        figures.addWidget(self.compare_changes, 1)
        legend = QLabel(
            "<b><u>Bold, underlined</u></b>: key terms · <s>struck through</s>: only in"
            " the earlier answer · <i>italic</i>: only in the later answer"
        )
        legend.setWordWrap(True)
        self.compare_before = TranscriptView()
        self.compare_after = TranscriptView()
        self.compare_before.word_clicked.connect(
            lambda index: self._play_word(self._compared("before"), index)
        )
        self.compare_after.word_clicked.connect(
            lambda index: self._play_word(self._compared("after"), index)
        )
        self.before_title = QLabel("Earlier")
        self.after_title = QLabel("Later")
        sides = QSplitter(Qt.Orientation.Horizontal)
        sides.addWidget(_titled_with(self.before_title, self.compare_before))
        sides.addWidget(_titled_with(self.after_title, self.compare_after))

        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(choose)
        layout.addLayout(figures)
        layout.addWidget(legend)
        layout.addWidget(sides, 1)
        return tab

    def _build_progress_tab(self) -> QWidget:
        self.progress_title = QLabel()
        self.progress_title.setWordWrap(True)
        font = QFont(self.font())
        font.setBold(True)
        self.progress_title.setFont(font)
        self.terms_chart = LineChart("Key terms found")
        self.steps_chart = LineChart("Steps covered")
        self.pace_chart = LineChart("Pace (words per minute)")
        self.fillers_chart = LineChart("Filler words")
        self.choices_label = QLabel()
        self.choices_label.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(self.terms_chart, 0, 0)
        grid.addWidget(self.steps_chart, 0, 1)
        grid.addWidget(self.pace_chart, 1, 0)
        grid.addWidget(self.fillers_chart, 1, 1)

        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.progress_title)
        layout.addLayout(grid, 1)
        layout.addWidget(self.choices_label)
        return tab

    # Public

    def refresh(self) -> None:
        """Read the history again; the selected attempt stays selected if it exists."""
        keep = self._current.id if self._current else None
        try:
            attempts = self._store.list_attempts()
        except HistoryError as error:
            self.show_status(str(error))
            return
        self._attempts = {a.id: a for a in attempts}
        self._by_question = {}
        for attempt in attempts:
            key = (attempt.pack_id, attempt.question_id)
            self._by_question.setdefault(key, []).append(attempt)
        self._fill_tree()
        self.stack.setCurrentIndex(1 if attempts else 0)
        if keep in self._attempts:
            self.select_attempt(keep)
        elif attempts:
            self.select_attempt(attempts[0].id)
        else:
            self._show_attempt(None)

    def select_attempt(self, attempt_id: int) -> None:
        item = self._items.get(attempt_id)
        if item is not None:
            self.tree.setCurrentItem(item)

    @property
    def current_attempt(self) -> Attempt | None:
        return self._current

    def show_status(self, message: str) -> None:
        """A message under the page that does not block it."""
        self.status_label.setText(message)

    def export_current(self, fmt: str, whole_question: bool) -> Path | None:
        """Ask where to save a report of the attempt (or its question) and write it."""
        if self._current is None:
            return None
        if whole_question:
            attempts = list(
                reversed(self._by_question.get(self._question_key(self._current), []))
            )
        else:
            attempts = [self._current]
        name_filter = next(f for key, _, f in _FORMATS if key == fmt)
        suggested = f"rehearse-{self._current.question_id}.{fmt}"
        path = self._ask_path(self, suggested, name_filter)
        if path is None:
            return None
        try:
            export_attempts(attempts, self._packs, fmt, path, pdf_writer=write_pdf)
        except HistoryError as error:
            self.show_status(str(error))
            return None
        self.show_status(f"Saved the report to {path}.")
        return path

    # Tree

    def _fill_tree(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        self._items = {}
        for key in self._question_order():
            attempts = self._by_question[key]
            question = self._question_of(key)
            title = question.prompt if question else f"Question {key[1]}"
            top = QTreeWidgetItem([f"{title} ({len(attempts)})"])
            top.setToolTip(0, title)
            top.setData(0, _QUESTION_ROLE, key)
            self.tree.addTopLevelItem(top)
            for attempt in attempts:
                child = QTreeWidgetItem([_attempt_line(attempt)])
                child.setData(0, _ATTEMPT_ROLE, attempt.id)
                top.addChild(child)
                self._items[attempt.id] = child
            top.setExpanded(True)
        self.tree.blockSignals(False)

    def _question_order(self) -> list[tuple[str, str]]:
        order = []
        for pack in self._packs.values():
            order += [(pack.id, q.id) for q in pack.questions]
        known = [key for key in order if key in self._by_question]
        others = [key for key in self._by_question if key not in order]
        return known + others

    def _question_of(self, key: tuple[str, str]) -> Question | None:
        pack = self._packs.get(key[0])
        if pack is None:
            return None
        try:
            return pack.question(key[1])
        except KeyError:
            return None

    @staticmethod
    def _question_key(attempt: Attempt) -> tuple[str, str]:
        return (attempt.pack_id, attempt.question_id)

    def _on_tree_current_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if current is None:
            return
        # A question's row shows its newest attempt.
        item = current.child(0) or current
        self._show_attempt(self._attempt_by_id(item.data(0, _ATTEMPT_ROLE)))

    def _attempt_by_id(self, attempt_id: int | None) -> Attempt | None:
        return None if attempt_id is None else self._attempts.get(attempt_id)

    # The attempt

    def _show_attempt(self, attempt: Attempt | None) -> None:
        self._stop_playing()
        self._current = attempt
        has = attempt is not None
        for widget in (self.play_button, self.export_button, self.delete_button):
            widget.setEnabled(has)
        if attempt is None:
            self.prompt_label.clear()
            self.meta_label.clear()
            self.transcript_view.show_transcript(None)
            self.feedback_view.clear()
            return
        key = self._question_key(attempt)
        question = self._question_of(key)
        self.prompt_label.setText(question.prompt if question else f"Question {key[1]}")
        pack = self._packs.get(attempt.pack_id)
        details = [pack.title if pack else attempt.pack_id, when(attempt)]
        if attempt.transcript is not None:
            details.append(f"{attempt.transcript.duration_s:.0f} s")
        details.append(f"model {attempt.model}")
        self.meta_label.setText(" · ".join(details))
        self.play_button.setEnabled(self._playable(attempt) is not None)
        self.reanalyse_button.setEnabled(self._playable(attempt) is not None)

        self.transcript_view.show_transcript(
            attempt.transcript,
            _term_marks(attempt),
            empty_text="Not transcribed yet. Analyse it again to see the feedback.",
        )
        self.feedback_view.setHtml(
            attempt_html(
                attempt,
                self._packs,
                heading="h3",
                with_title=False,
                with_transcript=False,
            )
        )
        if key != self._question:
            self._question = key
            self._fill_compare_choices()
            self._show_progress()
        else:
            self._fill_compare_choices()

    def _playable(self, attempt: Attempt | None) -> Path | None:
        if attempt is None or attempt.audio_path is None:
            return None
        return attempt.audio_path if attempt.audio_path.is_file() else None

    # Playback

    def _on_play_button_clicked(self) -> None:
        if self._playing:
            self._stop_playing()
        elif self._current is not None:
            self._play_from(self._current, self.transcript_view, 0.0)

    def _on_transcript_word_clicked(self, index: int) -> None:
        self._play_word(self._current, index, self.transcript_view)

    def _play_word(
        self, attempt: Attempt | None, index: int, view: TranscriptView | None = None
    ) -> None:
        if attempt is None or attempt.transcript is None:
            return
        if view is None:
            view = (
                self.compare_before
                if self._compared("before") is attempt
                else self.compare_after
            )
        self._play_from(attempt, view, attempt.transcript.words[index].start)

    def _play_from(
        self, attempt: Attempt, view: TranscriptView, start_s: float
    ) -> None:
        path = self._playable(attempt)
        if path is None:
            self.show_status(
                "This attempt has no recording to play: it was typed, or its file"
                " was moved or deleted."
            )
            return
        self._stop_playing()
        try:
            self._player.play(path, start_s)
        except Exception as error:  # the player's own errors are the user's to see
            log.warning("playback failed: %s", error)
            self.show_status(f"Playback failed: {error}")
            return
        self._playing = True
        self._following = view
        self._playing_until = attempt.transcript.duration_s if attempt.transcript else 0
        self._last_position, self._still_polls = start_s, 0
        view.follow(start_s)
        self.play_button.setText("Stop")
        self._poll.start()

    def _stop_playing(self) -> None:
        if not self._playing:
            return
        self._poll.stop()
        self._player.stop()
        self._playing = False
        self.play_button.setText("Play")
        if self._following is not None:
            self._following.set_current_word(None)

    def _on_poll_timeout(self) -> None:
        position = self._player.position_s()
        if position == self._last_position:
            self._still_polls += 1
        else:
            self._last_position, self._still_polls = position, 0
        stalled = self._still_polls * self.POLL_MS / 1000 >= self.STALL_S
        if position >= self._playing_until or stalled or self._following is None:
            self._stop_playing()
            return
        self._following.follow(position)

    # Delete, re-analyse

    def _on_delete_button_clicked(self) -> None:
        attempt = self._current
        if attempt is None:
            return
        if not self._confirm(
            self,
            "Delete this attempt?",
            f"The attempt from {when(attempt)} will be deleted with its recording,"
            " transcript and feedback. This cannot be undone.",
        ):
            return
        self._stop_playing()
        try:
            self._store.delete(attempt.id)
        except HistoryError as error:
            self.show_status(str(error))
            return
        self._current = None
        self.show_status(f"Deleted the attempt from {when(attempt)}.")
        self.attempt_deleted.emit(attempt.id)
        self.refresh()

    def _on_reanalyse_button_clicked(self) -> None:
        if self._current is not None and self._reanalyse is not None:
            self._stop_playing()
            self._reanalyse(self._current)

    # Compare

    def _finished_at_question(self) -> list[Attempt]:
        if self._question is None:
            return []
        return [a for a in self._by_question.get(self._question, []) if a.analysis]

    def _fill_compare_choices(self) -> None:
        attempts = self._finished_at_question()
        for combo in (self.earlier_combo, self.later_combo):
            combo.blockSignals(True)
            combo.clear()
            for attempt in attempts:
                combo.addItem(_attempt_line(attempt), attempt.id)
            combo.blockSignals(False)
        if len(attempts) >= 2:
            ids = [a.id for a in attempts]
            current = self._current.id if self._current else None
            later = ids.index(current) if current in ids else 0
            later = min(later, len(ids) - 2)
            self.later_combo.setCurrentIndex(later)
            self.earlier_combo.setCurrentIndex(later + 1)
        self._show_comparison()

    def _on_compare_combo_changed(self, _index: int) -> None:
        self._show_comparison()

    def _compared(self, side: str) -> Attempt | None:
        if self._comparison is None:
            return None
        return self._comparison.before if side == "before" else self._comparison.after

    def _show_comparison(self) -> None:
        self._comparison = None
        first = self._attempt_by_id(_combo_attempt_id(self.earlier_combo))
        second = self._attempt_by_id(_combo_attempt_id(self.later_combo))
        if first is None or second is None or first.id == second.id:
            message = (
                "Answer this question twice to compare your attempts."
                if self.earlier_combo.count() < 2
                else "Choose two different attempts to compare."
            )
            self.compare_summary.setText(html.escape(message))
            self.compare_changes.clear()
            self.compare_before.show_transcript(None)
            self.compare_after.show_transcript(None)
            return
        try:
            comparison = compare_attempts(first, second)
        except HistoryError as error:
            self.compare_summary.setText(html.escape(str(error)))
            self.compare_changes.clear()
            return
        self._comparison = comparison
        figures, changes = _comparison_html(comparison)
        self.compare_summary.setText(figures)
        self.compare_changes.setText(changes)
        before, after = comparison.before, comparison.after
        self.before_title.setText(f"Earlier: {when(before)}")
        self.after_title.setText(f"Later: {when(after)}")
        self.compare_before.show_transcript(
            before.transcript,
            _term_marks(before),
            struck=comparison.before_changed,
        )
        self.compare_after.show_transcript(
            after.transcript,
            _term_marks(after),
            changed=comparison.after_changed,
        )

    # Progress

    def _show_progress(self) -> None:
        if self._question is None:
            return
        question = self._question_of(self._question)
        title = question.prompt if question else f"Question {self._question[1]}"
        self.progress_title.setText(title)
        found = progress_by_question(self._by_question.get(self._question, []))
        points = found[0].points if found else ()
        first = f"{points[0].started_at.astimezone():%d %b}" if points else ""
        last = f"{points[-1].started_at.astimezone():%d %b}" if points else ""
        labels = {"first_label": first, "last_label": last}
        self.terms_chart.set_values(
            [p.terms_found for p in points],
            ceiling=max((p.terms_total for p in points), default=1),
            **labels,
        )
        self.steps_chart.set_values(
            [p.steps_covered for p in points],
            ceiling=max((p.steps_total for p in points), default=1),
            **labels,
        )
        self.pace_chart.set_values(
            [round(p.words_per_minute) for p in points],
            ceiling=180,
            unit="wpm",
            **labels,
        )
        self.fillers_chart.set_values(
            [p.filler_words for p in points], ceiling=5, **labels
        )
        if not found or not found[0].choices_made:
            self.choices_label.setText("No written answers picked yet.")
        else:
            made = [p for p in points if p.correct is not None]
            marks = " ".join("✓" if p.correct else "✗" for p in made[-10:])
            self.choices_label.setText(
                f"Strongest written answer picked {found[0].right_choices} of"
                f" {found[0].choices_made} times (✓ picked, ✗ not; oldest to"
                f" newest: {marks})."
            )

    def _on_tabs_current_changed(self, _index: int) -> None:
        self._stop_playing()

    def hideEvent(self, event: QHideEvent) -> None:
        self._stop_playing()
        super().hideEvent(event)


def _term_marks(attempt: Attempt) -> dict[int, str]:
    if attempt.transcript is None or attempt.analysis is None:
        return {}
    return term_word_indices(attempt.transcript, attempt.analysis)


def _combo_attempt_id(combo: QComboBox) -> int | None:
    return None if combo.currentIndex() < 0 else combo.currentData()


def _attempt_line(attempt: Attempt) -> str:
    moment = f"{attempt.started_at.astimezone():%a %d %b %Y, %H:%M}"
    analysis = attempt.analysis
    if analysis is None:
        return f"{moment} · not transcribed"
    return f"{moment} · {analysis.terms_found} of {len(analysis.terms)} terms"


def _comparison_html(comparison: Comparison) -> tuple[str, str]:
    """The figures side by side, and what was gained and lost."""
    esc = html.escape
    before, after = comparison.before.analysis, comparison.after.analysis
    assert before is not None and after is not None

    def row(name: str, first: str, second: str) -> str:
        return f"<tr><td>{name}</td><td>{first}</td><td>{second}</td></tr>"

    def choice(attempt: Attempt) -> str:
        if attempt.picked is None:
            return "not picked"
        return attempt.picked + (" (strongest)" if attempt.correct else "")

    rows = [
        row(
            "Key terms found",
            f"{before.terms_found} of {len(before.terms)}",
            f"{after.terms_found} of {len(after.terms)}",
        ),
        row(
            "Steps covered",
            f"{before.steps_covered} of {len(before.steps)}",
            f"{after.steps_covered} of {len(after.steps)}",
        ),
        row(
            "Pace",
            f"{before.delivery.words_per_minute:.0f} wpm",
            f"{after.delivery.words_per_minute:.0f} wpm",
        ),
        row(
            "Filler words",
            str(before.delivery.filler_total),
            str(after.delivery.filler_total),
        ),
        row(
            "Longest pause",
            f"{before.delivery.longest_pause_s:.1f} s",
            f"{after.delivery.longest_pause_s:.1f} s",
        ),
        row("Written answer", choice(comparison.before), choice(comparison.after)),
    ]

    def names(items: tuple[str, ...]) -> str:
        return ", ".join(esc(item) for item in items) if items else "none"

    figures = (
        '<table cellspacing="0" cellpadding="3">'
        "<tr><th align='left'></th><th align='left'>Earlier</th>"
        "<th align='left'>Later</th></tr>" + "".join(rows) + "</table>"
    )
    changes = (
        f"<p><b>Terms gained:</b> {names(comparison.terms_gained)}</p>"
        f"<p><b>Terms lost:</b> {names(comparison.terms_lost)}</p>"
        f"<p><b>Steps gained:</b> {names(comparison.steps_gained)}</p>"
        f"<p><b>Steps lost:</b> {names(comparison.steps_lost)}</p>"
    )
    return figures, changes


def _titled(title: str, widget: QWidget) -> QWidget:
    return _titled_with(QLabel(title), widget)


def _titled_with(label: QLabel, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(label)
    layout.addWidget(widget, 1)
    return box
