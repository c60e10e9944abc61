"""Run blocking work (model loading, transcription, speech) off the GUI thread.

A ``Job`` is a one-off ``QRunnable`` on a thread pool. Its ``JobSignals`` object is
made on the GUI thread, so its signals arrive there, queued. Cancel a job with its
``threading.Event``; the work itself decides how soon it stops.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.errors import RehearseError

log = logging.getLogger(__name__)


def describe_failure(
    error: BaseException, what: str, log_file: Path, *, kept: bool = True
) -> str:
    """The banner text for a failed job.

    A ``RehearseError`` already says what failed and what to do; anything else is
    a fault in Rehearse, whose text would mean nothing to the learner, so the
    banner points at the log (where ``Job`` wrote the traceback) instead.
    """
    if isinstance(error, RehearseError):
        return str(error)
    recording = " Your recording is kept." if kept else ""
    return (
        f"{what} failed because of an error in Rehearse.{recording} "
        f"Details are in the log: {log_file}."
    )


class JobSignals(QObject):
    """Signals:
    progress: a fraction of the work done, 0 to 1.
    done: the work's result.
    failed: the exception it raised.
    """

    progress = Signal(float)
    done = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    """Calls ``work(job)`` on a pool thread; ``work`` may emit ``job.signals.progress``
    and should watch ``job.cancel``."""

    def __init__(self, work: Callable[[Job], Any], name: str) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.name = name
        self.signals = JobSignals()
        self.cancel = threading.Event()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self)
        except RehearseError as e:
            # Expected failures: their message already says what to do.
            log.debug("job %s failed: %s", self.name, e)
            self.signals.failed.emit(e)
            return
        except Exception as e:
            log.exception("job %s failed", self.name)
            self.signals.failed.emit(e)
            return
        self.signals.done.emit(result)


class JobRunner(QObject):
    """Starts jobs on one pool and keeps each alive until it has reported."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = pool or QThreadPool(self)
        self._jobs: set[Job] = set()

    def start(
        self,
        work: Callable[[Job], Any],
        *,
        name: str,
        on_done: Callable[[Any], None],
        on_failed: Callable[[Exception], None],
        on_progress: Callable[[float], None] | None = None,
    ) -> Job:
        job = Job(work, name)
        job.signals.done.connect(on_done)
        job.signals.failed.connect(on_failed)
        if on_progress is not None:
            job.signals.progress.connect(on_progress)
        job.signals.done.connect(lambda _result: self._jobs.discard(job))
        job.signals.failed.connect(lambda _error: self._jobs.discard(job))
        self._jobs.add(job)
        self.pool.start(job)
        return job

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Cancel every job and wait for the pool to drain."""
        for job in list(self._jobs):
            job.cancel.set()
        self.pool.waitForDone(timeout_ms)
