"""Comparing attempts and following progress, without a window."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from app.errors import HistoryError
from app.history import HistoryStore
from app.history.compare import compare_attempts
from app.history.progress import progress_by_question
from app.history.samples import sample_analysis, sample_pack, sample_transcript
from app.paths import default_paths

PACK = sample_pack()
FEATURE_STORE, VERSIONING = PACK.questions
DAY = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def store():
    with HistoryStore.open(default_paths()) as store:
        yield store


def _attempt(store, text, *, day=0, question=FEATURE_STORE, picked=None):
    transcript = sample_transcript(text)
    attempt_id = store.begin_attempt(
        pack_id=PACK.id,
        question_id=question.id,
        audio_path=None,
        model="tiny.en",
        started_at=DAY + timedelta(days=day),
    )
    store.finish_attempt(
        attempt_id, transcript, sample_analysis(PACK, question, transcript)
    )
    if picked:
        store.record_choice(
            attempt_id, picked=picked, correct=picked == question.correct
        )
    return store.get(attempt_id)


def test_comparison_names_terms_and_steps_gained_and_lost(store) -> None:
    earlier = _attempt(store, "It has an offline store and uses Redis.", day=0)
    later = _attempt(store, "It has an online store and avoids skew.", day=1)

    comparison = compare_attempts(later, earlier)

    assert comparison.before == earlier
    assert comparison.terms_gained == ("online store",)
    assert comparison.terms_lost == ("offline store", "Redis")
    assert comparison.steps_gained == ("Training-serving skew",)
    assert comparison.steps_lost == ()


def test_comparison_marks_the_words_that_differ(store) -> None:
    earlier = _attempt(store, "It has an offline store, and uses Redis.", day=0)
    later = _attempt(store, "It has an online store and uses Redis daily.", day=1)

    comparison = compare_attempts(earlier, later)

    assert comparison.before_changed == {3}
    assert comparison.after_changed == {3, 8}
    assert 0.5 < comparison.similarity < 1


def test_only_attempts_at_one_question_compare(store) -> None:
    one = _attempt(store, "An offline store.")
    other = _attempt(store, "A model registry.", question=VERSIONING)

    with pytest.raises(HistoryError, match="different questions"):
        compare_attempts(one, other)


def test_progress_follows_each_question_oldest_first(store) -> None:
    _attempt(store, "An offline store.", day=0, picked="A")
    _attempt(store, "A model registry with lineage.", day=1, question=VERSIONING)
    _attempt(store, "An offline store and an online store in Redis.", day=2, picked="B")
    store.begin_attempt(
        pack_id=PACK.id, question_id=FEATURE_STORE.id, audio_path=None, model="base"
    )

    feature_store, versioning = progress_by_question(store.list_attempts())

    assert feature_store.question_id == FEATURE_STORE.id
    assert [p.terms_found for p in feature_store.points] == [1, 3]
    assert (feature_store.right_choices, feature_store.choices_made) == (1, 2)
    assert [p.terms_found for p in versioning.points] == [2]
    assert versioning.choices_made == 0
