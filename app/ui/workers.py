"""Run blocking work (model loading, transcription, speech) off the GUI thread.

A ``Job`` is a one-off ``QRunnable`` on a thread pool. Its ``JobSignals`` object is
made on the GUI thread, so its signals arrive there, queued. Cancel a job with its
``threading.Event``; the work itself decides how soon it stops.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


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
        except Exception as e:
            log.debug("job %s failed: %s", self.name, e)
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
