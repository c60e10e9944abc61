"""The Review page: replay from any word, compare, follow progress, delete, export."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from app.audio.wavfile import WavWriter
from app.history import HistoryStore
from app.history.samples import ANSWERS, add_sample_attempt, sample_pack
from app.paths import default_paths
from app.ui.review import ReviewPage
from app.ui.review_chart import LineChart

# WORKAROUND(qt offscreen): showing a top-level window on the offscreen platform
# warns that it cannot pass size hints on; nothing is wrong with the page.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

PACK = sample_pack()
FEATURE_STORE, VERSIONING = PACK.questions
STRONG, WEAK, MEDIUM = ANSWERS[FEATURE_STORE.id]
DAY = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)


class FakePlayer:
    """Records what it was asked to play; the test moves the playback position."""

    def __init__(self) -> None:
        self.played: list[tuple[Path, float]] = []
        self.stopped = 0
        self.position = 0.0

    def play(self, path: Path, start_s: float) -> None:
        self.played.append((path, start_s))
        self.position = start_s

    def stop(self) -> None:
        self.stopped += 1

    def position_s(self) -> float:
        return self.position


@pytest.fixture
def store():
    with HistoryStore.open(default_paths()) as store:
        yield store


@pytest.fixture
def player() -> FakePlayer:
    return FakePlayer()


def _recorded(store: HistoryStore, text: str, day: int, picked: str = "B") -> int:
    audio = store.new_recording_path(PACK.id, FEATURE_STORE.id)
    with WavWriter(audio, 16_000) as writer:
        writer.write(np.zeros(16_000, dtype=np.int16))
    return add_sample_attempt(
        store,
        PACK,
        FEATURE_STORE,
        text,
        started_at=DAY + timedelta(days=day),
        picked=picked,
        audio_path=audio,
    )


def _page(qtbot, store, player, **kwargs) -> ReviewPage:
    page = ReviewPage(store, [PACK], player, **kwargs)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _click_word(qtbot, view, index: int) -> None:
    start, end = view.word_span(index)
    cursor = QTextCursor(view.document())
    cursor.setPosition((start + end) // 2)
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point))


def test_attempts_are_grouped_by_question_newest_first(qtbot, store, player) -> None:
    older = _recorded(store, WEAK, day=0)
    newer = _recorded(store, STRONG, day=2)
    add_sample_attempt(store, PACK, VERSIONING, "A registry.", started_at=DAY)

    page = _page(qtbot, store, player)

    assert page.tree.topLevelItemCount() == 2
    first = page.tree.topLevelItem(0)
    assert first.text(0).startswith(FEATURE_STORE.prompt)
    assert [first.child(i).data(0, Qt.ItemDataRole.UserRole) for i in range(2)] == [
        newer,
        older,
    ]
    assert page.current_attempt.id == newer
    assert "Key terms: 6 of 6 found" in page.feedback_view.toPlainText()


def test_clicking_a_word_plays_from_that_word(qtbot, store, player) -> None:
    attempt_id = _recorded(store, STRONG, day=0)
    page = _page(qtbot, store, player)
    word = page.current_attempt.transcript.words[9]

    with qtbot.waitSignal(page.transcript_view.word_clicked) as clicked:
        _click_word(qtbot, page.transcript_view, 9)

    assert clicked.args == [9]
    assert player.played == [(store.get(attempt_id).audio_path, word.start)]
    assert page.transcript_view.current_word == 9
    assert page.play_button.text() == "Stop"


def test_the_word_being_played_is_highlighted(qtbot, store, player) -> None:
    _recorded(store, STRONG, day=0)
    page = _page(qtbot, store, player)
    words = page.current_attempt.transcript.words

    qtbot.mouseClick(page.play_button, Qt.MouseButton.LeftButton)
    player.position = words[12].start + 0.01

    qtbot.waitUntil(lambda: page.transcript_view.current_word == 12)
    selections = page.transcript_view.extraSelections()
    cursor = selections[0].cursor
    assert cursor.selectedText() == words[12].text

    player.position = page.current_attempt.transcript.duration_s
    qtbot.waitUntil(lambda: page.play_button.text() == "Play")
    assert player.stopped == 1
    assert page.transcript_view.current_word is None


def test_playback_that_stops_moving_is_taken_as_over(qtbot, store, player) -> None:
    _recorded(store, STRONG, day=0)
    page = _page(qtbot, store, player)
    page.STALL_S = 0.2

    qtbot.mouseClick(page.play_button, Qt.MouseButton.LeftButton)
    player.position = 3.0  # the file ended here, before the transcript did

    qtbot.waitUntil(lambda: page.play_button.text() == "Play")
    assert player.stopped == 1


def test_an_attempt_without_a_recording_says_so(qtbot, store, player) -> None:
    add_sample_attempt(store, PACK, FEATURE_STORE, STRONG, started_at=DAY)
    page = _page(qtbot, store, player)

    page.transcript_view.word_clicked.emit(3)

    assert player.played == []
    assert not page.play_button.isEnabled()
    assert "no recording" in page.status_label.text()


def test_key_terms_are_bold_and_underlined_in_the_transcript(
    qtbot, store, player
) -> None:
    _recorded(store, STRONG, day=0)
    page = _page(qtbot, store, player)
    view = page.transcript_view

    def char_format(index: int):
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.word_span(index)[0] + 1)
        return cursor.charFormat()

    term = char_format(6)  # "offline"
    plain = char_format(8)  # "usually"
    assert term.fontUnderline() and term.fontWeight() > plain.fontWeight()
    assert not plain.fontUnderline()


def test_compare_shows_what_was_gained_between_attempts(qtbot, store, player) -> None:
    _recorded(store, MEDIUM, day=0)
    _recorded(store, STRONG, day=1)
    page = _page(qtbot, store, player)

    page.tabs.setCurrentIndex(1)

    assert "point-in-time correctness" in page.compare_changes.text()
    assert "5 of 6" in page.compare_summary.text()
    assert page.compare_before.toPlainText().startswith("So a feature store")
    assert page.compare_after.toPlainText().startswith("Um, a feature store")


def test_compare_with_one_attempt_explains_what_to_do(qtbot, store, player) -> None:
    _recorded(store, STRONG, day=0)
    page = _page(qtbot, store, player)

    assert "twice" in page.compare_summary.text()


def test_progress_charts_follow_each_attempt(qtbot, store, player) -> None:
    _recorded(store, WEAK, day=0, picked="A")
    _recorded(store, MEDIUM, day=1, picked="B")
    _recorded(store, STRONG, day=2, picked="B")
    page = _page(qtbot, store, player)

    assert page.terms_chart.values == (1, 5, 6)
    assert page.terms_chart.plotted() == ((0, 1), (1, 5), (2, 6))
    assert page.steps_chart.values[-1] == 4
    first, last = (DAY + timedelta(days=d) for d in (0, 2))
    assert page.pace_chart.date_labels() == (
        f"{first.astimezone():%d %b}",
        f"{last.astimezone():%d %b}",
    )
    assert "2 of 3" in page.choices_label.text()
    page.tabs.setCurrentIndex(2)
    assert not page.grab().isNull()


def test_progress_chart_is_a_picture_not_a_control(qtbot) -> None:
    chart = LineChart("Pace")
    qtbot.addWidget(chart)
    chart.set_values([120, 150], ceiling=180, unit="wpm", first_label="a")

    assert chart.plot.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    assert chart.plot.focusPolicy() == Qt.FocusPolicy.NoFocus
    view = chart.plot.getPlotItem().getViewBox()
    assert view.state["mouseEnabled"] == [False, False]
    assert view.menuEnabled() is False
    chart.set_values([])
    assert chart.plotted() == ()


def test_deleting_asks_first(qtbot, store, player) -> None:
    older = _recorded(store, WEAK, day=0)
    newer = _recorded(store, STRONG, day=1)
    answers = [False, True]
    asked = []

    def confirm(parent, title, text):
        asked.append(title)
        return answers.pop(0)

    page = _page(qtbot, store, player, confirm=confirm)

    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert len(store.list_attempts()) == 2

    with qtbot.waitSignal(page.attempt_deleted) as deleted:
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)

    assert deleted.args == [newer]
    assert asked == ["Delete this attempt?"] * 2
    assert [a.id for a in store.list_attempts()] == [older]
    assert page.current_attempt.id == older


def test_export_writes_the_chosen_format(qtbot, store, player, tmp_path) -> None:
    _recorded(store, WEAK, day=0)
    _recorded(store, STRONG, day=1)
    target = tmp_path / "answers.html"
    page = _page(qtbot, store, player, ask_path=lambda parent, name, kind: target)

    assert page.export_current("html", whole_question=True) == target

    report = target.read_text(encoding="utf-8")
    assert report.count("<h2>") == 2
    assert str(target) in page.status_label.text()


def test_reanalyse_hands_the_attempt_to_the_window(qtbot, store, player) -> None:
    attempt_id = _recorded(store, STRONG, day=0)
    asked = []
    page = _page(qtbot, store, player, reanalyse=asked.append)

    qtbot.mouseClick(page.reanalyse_button, Qt.MouseButton.LeftButton)

    assert [a.id for a in asked] == [attempt_id]


def test_an_empty_history_says_how_to_start(qtbot, store, player) -> None:
    page = _page(qtbot, store, player)

    assert page.stack.currentWidget() is page.empty_label
    assert not page.reanalyse_button.isVisible()
