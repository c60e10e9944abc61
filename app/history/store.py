"""Every attempt the learner makes, kept in SQLite beside its audio file.

An attempt is written in two steps: ``begin_attempt`` as soon as recording starts, and
``finish_attempt`` once the transcript and analysis are ready. An attempt that was
begun but never finished (the app was killed, the machine slept) stays in the
database with the status ``recording`` so that ``app.history.recover`` can offer it
again.

The schema carries a version in ``PRAGMA user_version`` and is upgraded in place, in
one transaction, after a copy of the old file is taken. The store never deletes or
replaces the database file: when it cannot be opened the error says why and what to
do, and the recordings stay where they are.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from app.analysis.model import Analysis
from app.errors import HistoryError
from app.history.codec import analysis_from_dict
from app.paths import AppPaths
from app.speech.transcript import Transcript

log = logging.getLogger(__name__)

RECORDING = "recording"
DONE = "done"

_SQLITE_MAGIC = b"SQLite format 3\x00"


class AttemptNotFound(HistoryError):
    """No attempt has the id that was asked for."""


@dataclass(frozen=True)
class Attempt:
    """One answer to one question: its audio, transcript, feedback and choice.

    ``transcript`` and ``analysis`` are ``None`` while ``status`` is ``recording``.
    ``picked`` and ``correct`` are ``None`` until the learner chooses an option.
    """

    id: int
    pack_id: str
    question_id: str
    started_at: datetime
    audio_path: Path | None
    model: str
    status: str
    transcript: Transcript | None = None
    analysis: Analysis | None = None
    picked: str | None = None
    correct: bool | None = None
    finished_at: datetime | None = None

    @property
    def is_finished(self) -> bool:
        return self.status == DONE

    @property
    def duration_s(self) -> float | None:
        return None if self.transcript is None else self.transcript.duration_s


def _create_v1(db: sqlite3.Connection) -> None:
    """Version 1: one row per attempt, results stored as JSON."""
    db.execute(
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
        )
        """
    )


def _add_status_and_summary(db: sqlite3.Connection) -> None:
    """Version 2: a status for recovery, and the figures that lists and charts show.

    Rows of version 1 without a transcript were never finished, so they become
    ``recording``; the summary figures are filled in from the stored analysis.
    """
    columns = (
        "status TEXT NOT NULL DEFAULT 'done'",
        "finished_at TEXT",
        "duration_s REAL",
        "terms_found INTEGER",
        "terms_total INTEGER",
        "steps_covered INTEGER",
        "steps_total INTEGER",
        "words_per_minute REAL",
        "filler_total INTEGER",
    )
    for column in columns:
        db.execute(f"ALTER TABLE attempts ADD COLUMN {column}")
    db.execute(
        "UPDATE attempts SET status = ? WHERE transcript IS NULL OR analysis IS NULL",
        (RECORDING,),
    )
    rows = db.execute(
        "SELECT id, transcript, analysis FROM attempts WHERE status = ?", (DONE,)
    ).fetchall()
    for attempt_id, transcript_json, analysis_json in rows:
        transcript = Transcript.from_dict(json.loads(transcript_json))
        analysis = analysis_from_dict(json.loads(analysis_json))
        db.execute(
            f"UPDATE attempts SET {_SUMMARY_ASSIGNMENTS} WHERE id = ?",
            (*_summary(transcript, analysis), attempt_id),
        )
    db.execute(
        "CREATE INDEX attempts_by_question"
        " ON attempts (pack_id, question_id, started_at)"
    )


# Each entry takes the schema from its index to the next version.
_MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _create_v1,
    _add_status_and_summary,
)
SCHEMA_VERSION = len(_MIGRATIONS)

_SUMMARY_ASSIGNMENTS = (
    "duration_s = ?, terms_found = ?, terms_total = ?, steps_covered = ?,"
    " steps_total = ?, words_per_minute = ?, filler_total = ?"
)


def _summary(transcript: Transcript, analysis: Analysis) -> tuple[Any, ...]:
    return (
        transcript.duration_s,
        analysis.terms_found,
        len(analysis.terms),
        analysis.steps_covered,
        len(analysis.steps),
        analysis.delivery.words_per_minute,
        analysis.delivery.filler_total,
    )


def _timestamp(moment: datetime) -> str:
    # A naive time is taken as local time, as datetime.astimezone does.
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _explain(error: sqlite3.Error, database: Path, action: str) -> HistoryError:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return HistoryError(
            f"{action} failed: the history database {database} is in use by another"
            " program, probably another Rehearse window. Close it and try again."
        )
    if isinstance(error, sqlite3.DatabaseError) and (
        "not a database" in text or "malformed" in text or "corrupt" in text
    ):
        return HistoryError(
            f"{action} failed: the history database {database} is damaged ({error})."
            f" Your recordings are safe in {database.parent / 'recordings'}. Move the"
            " damaged file elsewhere to start a new history, and keep it if you want"
            " to try to recover it."
        )
    return HistoryError(
        f"{action} failed: {error}. The history database is {database}."
    )


def new_recording_path(recordings: Path, pack_id: str, question_id: str) -> Path:
    """A path no other file has, for a new recording of one question.

    Works without a history, so a recording is never lost when the database is not.
    """
    folder = recordings / _safe_name(pack_id)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{_safe_name(question_id)}-{_now().astimezone():%Y%m%d-%H%M%S}"
    path = folder / f"{stem}.wav"
    counter = 2
    while path.exists():
        path = folder / f"{stem}-{counter}.wav"
        counter += 1
    return path


class HistoryStore:
    """The learner's attempts, in SQLite at ``paths.database``.

    Open it with ``HistoryStore.open``. Safe to use from several threads: one lock
    serialises every call.
    """

    def __init__(self, db: sqlite3.Connection, paths: AppPaths) -> None:
        self._db = db
        self._paths = paths
        self._lock = threading.RLock()

    @classmethod
    def open(cls, paths: AppPaths, *, timeout_s: float = 2.0) -> HistoryStore:
        """Open the history, creating it or upgrading its schema as needed.

        Args:
            paths: where the database and recordings live.
            timeout_s: how long to wait for another program that holds a lock.

        Raises:
            HistoryError: the database is locked, damaged, or from a newer Rehearse.
        """
        database = paths.database
        database.parent.mkdir(parents=True, exist_ok=True)
        paths.recordings.mkdir(parents=True, exist_ok=True)
        _check_header(database)
        try:
            db = sqlite3.connect(
                database,
                timeout=timeout_s,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as error:
            raise _explain(error, database, "Opening the history") from error
        try:
            _prepare(db, database)
        except sqlite3.Error as error:
            db.close()
            raise _explain(error, database, "Opening the history") from error
        except HistoryError:
            db.close()
            raise
        log.debug("history opened at %s", database)
        return cls(db, paths)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def paths(self) -> AppPaths:
        return self._paths

    def new_recording_path(self, pack_id: str, question_id: str) -> Path:
        """A path for a new recording that no other file has, under the recordings."""
        return new_recording_path(self._paths.recordings, pack_id, question_id)

    def begin_attempt(
        self,
        *,
        pack_id: str,
        question_id: str,
        audio_path: Path | None,
        model: str,
        started_at: datetime | None = None,
    ) -> int:
        """Record that an attempt has started; returns its id."""
        started = _timestamp(started_at or _now())
        with self._transaction("Saving the new attempt") as db:
            cursor = db.execute(
                "INSERT INTO attempts"
                " (pack_id, question_id, started_at, audio_path, model, status)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    pack_id,
                    question_id,
                    started,
                    self._stored_path(audio_path),
                    model,
                    RECORDING,
                ),
            )
            attempt_id = cursor.lastrowid
        assert attempt_id is not None  # an INSERT always sets it
        log.debug("attempt %d begun for %s/%s", attempt_id, pack_id, question_id)
        return attempt_id

    def finish_attempt(
        self, attempt_id: int, transcript: Transcript, analysis: Analysis
    ) -> None:
        """Store the transcript and analysis of an attempt, in one transaction.

        Calling it again for the same attempt replaces them (re-analysis).
        """
        with self._transaction("Saving the attempt's feedback") as db:
            cursor = db.execute(
                "UPDATE attempts SET transcript = ?, analysis = ?, status = ?,"
                f" finished_at = ?, model = ?, {_SUMMARY_ASSIGNMENTS} WHERE id = ?",
                (
                    json.dumps(transcript.to_dict()),
                    json.dumps(analysis.to_dict()),
                    DONE,
                    _timestamp(_now()),
                    transcript.model,
                    *_summary(transcript, analysis),
                    attempt_id,
                ),
            )
            _require_row(cursor, attempt_id)
        log.info(
            "attempt %d saved: %d words, %d of %d terms",
            attempt_id,
            len(transcript.words),
            analysis.terms_found,
            len(analysis.terms),
        )

    def record_choice(self, attempt_id: int, *, picked: str, correct: bool) -> None:
        """Store which written option the learner picked as the strongest."""
        with self._transaction("Saving your choice") as db:
            cursor = db.execute(
                "UPDATE attempts SET picked = ?, correct = ? WHERE id = ?",
                (picked, int(correct), attempt_id),
            )
            _require_row(cursor, attempt_id)

    def list_attempts(
        self,
        *,
        pack_id: str | None = None,
        question_id: str | None = None,
        limit: int | None = None,
    ) -> list[Attempt]:
        """Attempts, newest first, optionally for one pack or question."""
        clauses: list[str] = []
        values: list[Any] = []
        if pack_id is not None:
            clauses.append("pack_id = ?")
            values.append(pack_id)
        if question_id is not None:
            clauses.append("question_id = ?")
            values.append(question_id)
        query = f"SELECT {_COLUMNS} FROM attempts"
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        query += " ORDER BY started_at DESC, id DESC"
        if limit is not None:
            query += " LIMIT ?"
            values.append(limit)
        with self._reading("Reading the history") as db:
            rows = db.execute(query, values).fetchall()
        return [self._attempt(row) for row in rows]

    def get(self, attempt_id: int) -> Attempt:
        """One attempt.

        Raises:
            AttemptNotFound: no attempt has this id.
        """
        with self._reading("Reading the attempt") as db:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM attempts WHERE id = ?", (attempt_id,)
            ).fetchone()
        if row is None:
            raise AttemptNotFound(
                f"There is no attempt {attempt_id} in the history."
                " 'rehearse history list' shows the attempts there are."
            )
        return self._attempt(row)

    def delete(self, attempt_id: int) -> None:
        """Remove an attempt and its recording.

        Only recordings under the app's recordings folder are deleted: a file the
        learner opened from elsewhere is theirs and stays.
        """
        attempt = self.get(attempt_id)
        with self._transaction("Deleting the attempt") as db:
            db.execute("DELETE FROM attempts WHERE id = ?", (attempt_id,))
        audio = attempt.audio_path
        if audio is not None and self.made_recording(audio):
            try:
                audio.unlink(missing_ok=True)
            except OSError as error:
                log.warning("could not delete recording %s: %s", audio, error)
        log.info("attempt %d deleted", attempt_id)

    def made_recording(self, path: Path) -> bool:
        """Whether Rehearse recorded this file (rather than the learner opening it)."""
        return path.resolve().is_relative_to(self._paths.recordings.resolve())

    def unfinished(self) -> list[Attempt]:
        """Attempts begun but never finished, oldest first."""
        with self._reading("Reading the history") as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM attempts WHERE status = ?"
                " ORDER BY started_at, id",
                (RECORDING,),
            ).fetchall()
        return [self._attempt(row) for row in rows]

    @contextmanager
    def _transaction(self, action: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise _explain(error, self._paths.database, action) from error
            try:
                yield self._db
            except sqlite3.Error as error:
                self._rollback()
                raise _explain(error, self._paths.database, action) from error
            except BaseException:
                self._rollback()
                raise
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                self._rollback()
                raise _explain(error, self._paths.database, action) from error

    def _rollback(self) -> None:
        # SQLite may have rolled back already (a full disk does); a second
        # ROLLBACK would raise and hide the error that explains what happened.
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    @contextmanager
    def _reading(self, action: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._db
            except sqlite3.Error as error:
                raise _explain(error, self._paths.database, action) from error

    def _stored_path(self, path: Path | None) -> str | None:
        # Recordings are stored relative to their folder, so the data can move.
        if path is None:
            return None
        path = Path(path)
        if path.is_relative_to(self._paths.recordings):
            return path.relative_to(self._paths.recordings).as_posix()
        return str(path)

    def _attempt(self, row: tuple[Any, ...]) -> Attempt:
        (
            attempt_id,
            pack_id,
            question_id,
            started_at,
            audio_path,
            model,
            status,
            transcript_json,
            analysis_json,
            picked,
            correct,
            finished_at,
        ) = row
        return Attempt(
            id=attempt_id,
            pack_id=pack_id,
            question_id=question_id,
            started_at=datetime.fromisoformat(started_at),
            audio_path=None
            if audio_path is None
            else self._paths.recordings / audio_path,
            model=model,
            status=status,
            transcript=(
                None
                if transcript_json is None
                else Transcript.from_dict(json.loads(transcript_json))
            ),
            analysis=(
                None
                if analysis_json is None
                else analysis_from_dict(json.loads(analysis_json))
            ),
            picked=picked,
            correct=None if correct is None else bool(correct),
            finished_at=None
            if finished_at is None
            else datetime.fromisoformat(finished_at),
        )


_COLUMNS = (
    "id, pack_id, question_id, started_at, audio_path, model, status,"
    " transcript, analysis, picked, correct, finished_at"
)


def _require_row(cursor: sqlite3.Cursor, attempt_id: int) -> None:
    if cursor.rowcount == 0:
        raise AttemptNotFound(f"There is no attempt {attempt_id} in the history.")


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "attempt"


def _check_header(database: Path) -> None:
    # SQLite would report a foreign file only on the first query; say so up front.
    try:
        with open(database, "rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as error:
        raise HistoryError(
            f"Opening the history failed: {database} cannot be read ({error})."
            " Check the file's permissions."
        ) from error
    if head and head != _SQLITE_MAGIC:
        raise HistoryError(
            f"Opening the history failed: {database} is not a Rehearse history"
            " database. Your recordings are safe. Move the file elsewhere to start a"
            " new history."
        )


def _prepare(db: sqlite3.Connection, database: Path) -> None:
    """Switch to WAL, check the version, and upgrade the schema if needed."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise HistoryError(
            f"Opening the history failed: {database} was written by a newer Rehearse"
            f" (schema {version}; this one knows up to {SCHEMA_VERSION})."
            " Update Rehearse to open it."
        )
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    if version > 0 and version < SCHEMA_VERSION:
        _back_up(db, database, version)
    # Taking the write lock now reports a locked database at open, not at the
    # first save, when the learner has already spoken.
    db.execute("BEGIN IMMEDIATE")
    try:
        for migrate in _MIGRATIONS[version:]:
            migrate(db)
        if version < SCHEMA_VERSION:
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    if 0 < version < SCHEMA_VERSION:
        log.info("history upgraded from schema %d to %d", version, SCHEMA_VERSION)


def _back_up(db: sqlite3.Connection, database: Path, version: int) -> None:
    backup = database.with_name(f"{database.name}.v{version}-backup")
    counter = 2
    while backup.exists():
        backup = database.with_name(f"{database.name}.v{version}-backup-{counter}")
        counter += 1
    target = sqlite3.connect(backup)
    try:
        db.backup(target)
    finally:
        target.close()
    log.info("copied the history to %s before upgrading it", backup)
