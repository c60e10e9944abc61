"""How a learner's answers to each question changed over time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from app.history.store import Attempt


@dataclass(frozen=True)
class ProgressPoint:
    """The figures of one finished attempt."""

    attempt_id: int
    started_at: datetime
    terms_found: int
    terms_total: int
    steps_covered: int
    steps_total: int
    words_per_minute: float
    filler_words: int
    correct: bool | None


@dataclass(frozen=True)
class QuestionProgress:
    """Every finished attempt at one question, oldest first."""

    pack_id: str
    question_id: str
    points: tuple[ProgressPoint, ...]

    @property
    def choices_made(self) -> int:
        return sum(p.correct is not None for p in self.points)

    @property
    def right_choices(self) -> int:
        return sum(p.correct is True for p in self.points)


def progress_by_question(attempts: Iterable[Attempt]) -> list[QuestionProgress]:
    """Group finished attempts by question, in the order questions were first tried."""
    groups: dict[tuple[str, str], list[ProgressPoint]] = {}
    for attempt in sorted(attempts, key=lambda a: (a.started_at, a.id)):
        analysis = attempt.analysis
        if analysis is None:
            continue
        groups.setdefault((attempt.pack_id, attempt.question_id), []).append(
            ProgressPoint(
                attempt_id=attempt.id,
                started_at=attempt.started_at,
                terms_found=analysis.terms_found,
                terms_total=len(analysis.terms),
                steps_covered=analysis.steps_covered,
                steps_total=len(analysis.steps),
                words_per_minute=analysis.delivery.words_per_minute,
                filler_words=analysis.delivery.filler_total,
                correct=attempt.correct,
            )
        )
    return [
        QuestionProgress(pack_id, question_id, tuple(points))
        for (pack_id, question_id), points in groups.items()
    ]
