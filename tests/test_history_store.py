"""The history keeps every attempt, upgrades old databases, and never loses them."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from app.errors import HistoryError
from app.history import (
    DONE,
    RECORDING,
    SCHEMA_VERSION,
    AttemptNotFound,
    HistoryStore,
    analysis_from_dict,
)
from app.history.samples import sample_analysis, sample_pack, sample_transcript
from app.paths import AppPaths, default_paths

PACK = sample_pack()
QUESTION = PACK.questions[0]
TEXT = "A feature store has an offline store in Parquet and an online store in Redis."


@pytest.fixture
def paths() -> AppPaths:
    return default_paths()


@pytest.fixture
def store(paths: AppPaths):
    with HistoryStore.open(paths) as store:
        yield store


def _finished(store: HistoryStore, *, started_at: datetime | None = None) -> int:
    transcript = sample_transcript(TEXT)
    attempt_id = store.begin_attempt(
        pack_id=PACK.id,
        question_id=QUESTION.id,
        audio_path=None,
        model="tiny.en",
        started_at=started_at,
    )
    store.finish_attempt(
        attempt_id, transcript, sample_analysis(PACK, QUESTION, transcript)
    )
    return attempt_id


def test_an_attempt_comes_back_as_it_was_saved(store: HistoryStore) -> None:
    audio = store.new_recording_path(PACK.id, QUESTION.id)
    started = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
    transcript = sample_transcript(TEXT)
    analysis = sample_analysis(PACK, QUESTION, transcript)

    attempt_id = store.begin_attempt(
        pack_id=PACK.id,
        question_id=QUESTION.id,
        audio_path=audio,
        model="tiny.en",
        started_at=started,
    )
    assert store.get(attempt_id).status == RECORDING
    store.finish_attempt(attempt_id, transcript, analysis)
    store.record_choice(attempt_id, picked="C", correct=False)

    attempt = store.get(attempt_id)
    assert attempt.status == DONE
    assert attempt.started_at == started
    assert attempt.audio_path == audio
    assert attempt.transcript == transcript
    assert attempt.analysis == analysis
    assert (attempt.picked, attempt.correct) == ("C", False)
    assert attempt.finished_at is not None


def test_analysis_survives_json(store: HistoryStore) -> None:
    transcript = sample_transcript(TEXT + " Um, like, without it teams drift.")
    analysis = sample_analysis(PACK, QUESTION, transcript)

    assert analysis.delivery.filler_words
    assert analysis_from_dict(json.loads(json.dumps(analysis.to_dict()))) == analysis


def test_recording_paths_are_unique_and_under_the_recordings(
    store: HistoryStore, paths: AppPaths
) -> None:
    first = store.new_recording_path(PACK.id, "feature store?")
    first.touch()
    second = store.new_recording_path(PACK.id, "feature store?")

    assert first != second
    assert first.is_relative_to(paths.recordings)
    assert first.suffix == ".wav"
    assert "?" not in first.name


def test_attempts_are_listed_newest_first_and_filtered(store: HistoryStore) -> None:
    day = datetime(2026, 11, 1, tzinfo=timezone.utc)
    older = _finished(store, started_at=day)
    newer = _finished(store, started_at=day + timedelta(days=1))
    other = store.begin_attempt(
        pack_id=PACK.id, question_id="model-versioning", audio_path=None, model="base"
    )

    assert [a.id for a in store.list_attempts(question_id=QUESTION.id)] == [
        newer,
        older,
    ]
    assert [a.id for a in store.list_attempts(limit=1)] == [other]
    assert len(store.list_attempts(pack_id="another-pack")) == 0


def test_unfinished_attempts_are_the_ones_never_finished(store: HistoryStore) -> None:
    done = _finished(store)
    begun = store.begin_attempt(
        pack_id=PACK.id, question_id=QUESTION.id, audio_path=None, model="base"
    )

    assert [a.id for a in store.unfinished()] == [begun]
    assert done not in [a.id for a in store.unfinished()]


def test_deleting_removes_the_row_and_its_recording(store: HistoryStore) -> None:
    audio = store.new_recording_path(PACK.id, QUESTION.id)
    audio.write_bytes(b"RIFF")
    attempt_id = store.begin_attempt(
        pack_id=PACK.id, question_id=QUESTION.id, audio_path=audio, model="base"
    )

    store.delete(attempt_id)

    assert not audio.exists()
    with pytest.raises(AttemptNotFound):
        store.get(attempt_id)


def test_deleting_keeps_a_file_the_learner_opened_from_elsewhere(
    store: HistoryStore, tmp_path: Path
) -> None:
    own_file = tmp_path / "my answer.wav"
    own_file.write_bytes(b"RIFF")
    attempt_id = store.begin_attempt(
        pack_id=PACK.id, question_id=QUESTION.id, audio_path=own_file, model="base"
    )

    store.delete(attempt_id)

    assert own_file.exists()


def test_unknown_attempts_are_reported(store: HistoryStore) -> None:
    with pytest.raises(AttemptNotFound, match="no attempt 42"):
        store.get(42)
    with pytest.raises(AttemptNotFound):
        store.record_choice(42, picked="A", correct=True)


def test_the_history_survives_closing_and_reopening(paths: AppPaths) -> None:
    with HistoryStore.open(paths) as store:
        attempt_id = _finished(store)

    with HistoryStore.open(paths) as store:
        assert store.get(attempt_id).transcript.text == TEXT


def _create_v1_database(path: Path, transcript, analysis) -> None:
    """The schema as version 1 of Rehearse wrote it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            pack_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            started_at TEXT NOT NULL,
            audio_path TEXT,
            model TEXT NOT NULL DEFAULT '',
            transcript TEXT,
            analysis TEXT,
            picked TEXT,
            correct INTEGER
        );
        PRAGMA user_version = 1;
        """
    )
    db.execute(
        "INSERT INTO attempts VALUES (7, ?, ?, ?, ?, 'tiny.en', ?, ?, 'B', 1)",
        (
            PACK.id,
            QUESTION.id,
            "2026-10-01T08:00:00.000000+00:00",
            "ml-platform/old.wav",
            json.dumps(transcript.to_dict()),
            json.dumps(analysis.to_dict()),
        ),
    )
    db.execute(
        "INSERT INTO attempts (id, pack_id, question_id, started_at, model)"
        " VALUES (8, ?, ?, '2026-10-02T08:00:00.000000+00:00', 'tiny.en')",
        (PACK.id, QUESTION.id),
    )
    db.commit()
    db.close()


def test_a_version_1_database_is_upgraded_in_place(paths: AppPaths) -> None:
    transcript = sample_transcript(TEXT)
    analysis = sample_analysis(PACK, QUESTION, transcript)
    _create_v1_database(paths.database, transcript, analysis)

    with HistoryStore.open(paths) as store:
        kept = store.get(7)
        cut_off = store.get(8)
        new_id = _finished(store)

    assert kept.transcript == transcript
    assert kept.analysis == analysis
    assert (kept.status, kept.picked, kept.correct) == (DONE, "B", True)
    assert kept.audio_path == paths.recordings / "ml-platform" / "old.wav"
    assert cut_off.status == RECORDING
    assert new_id == 9
    db = sqlite3.connect(paths.database)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute(
        "SELECT terms_found, terms_total FROM attempts WHERE id = 7"
    ).fetchone() == (analysis.terms_found, len(analysis.terms))
    db.close()
    backups = list(paths.database.parent.glob("*.v1-backup"))
    assert len(backups) == 1


def test_a_database_from_a_newer_rehearse_is_left_alone(paths: AppPaths) -> None:
    paths.database.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(paths.database)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = paths.database.read_bytes()

    with pytest.raises(HistoryError, match="newer Rehearse"):
        HistoryStore.open(paths)

    assert paths.database.read_bytes() == before


def test_a_locked_database_gives_a_clear_error_and_stays_untouched(
    paths: AppPaths,
) -> None:
    with HistoryStore.open(paths) as store:
        _finished(store)
    before = paths.database.read_bytes()
    holder = sqlite3.connect(paths.database, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(HistoryError, match="in use by another program"):
            HistoryStore.open(paths, timeout_s=0.05)
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert paths.database.read_bytes() == before
    with HistoryStore.open(paths) as store:
        assert len(store.list_attempts()) == 1


def test_a_damaged_database_is_reported_and_kept(paths: AppPaths) -> None:
    paths.database.parent.mkdir(parents=True, exist_ok=True)
    paths.database.write_bytes(b"this is not a database at all" * 100)
    recording = paths.recordings / "kept.wav"
    recording.parent.mkdir(parents=True, exist_ok=True)
    recording.write_bytes(b"RIFF")
    before = paths.database.read_bytes()

    with pytest.raises(HistoryError, match="recordings are safe"):
        HistoryStore.open(paths)

    assert paths.database.read_bytes() == before
    assert recording.exists()


def test_a_database_damaged_past_its_header_is_reported(paths: AppPaths) -> None:
    with HistoryStore.open(paths) as store:
        _finished(store)
    data = bytearray(paths.database.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    paths.database.write_bytes(bytes(data))

    with pytest.raises(HistoryError, match="damaged"):
        store = HistoryStore.open(paths)
        store.list_attempts()


def test_recordings_made_in_the_same_second_get_their_own_files(tmp_path: Path) -> None:
    from app.history.store import new_recording_path

    first = new_recording_path(tmp_path, "pack", "question")
    first.write_bytes(b"take one")
    second = new_recording_path(tmp_path, "pack", "question")
    assert second != first and second.parent == first.parent
