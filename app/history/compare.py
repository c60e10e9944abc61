"""What changed between two attempts at the same question."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from app.errors import HistoryError
from app.history.store import Attempt

_NOT_LETTERS = re.compile(r"[^0-9a-z']+")


@dataclass(frozen=True)
class Comparison:
    """Two attempts side by side, ``before`` being the earlier one.

    ``before_changed`` holds the indices of the earlier transcript's words that the
    later one does not have (dropped or replaced); ``after_changed`` the later
    transcript's words that are new.
    """

    before: Attempt
    after: Attempt
    terms_gained: tuple[str, ...]
    terms_lost: tuple[str, ...]
    steps_gained: tuple[str, ...]
    steps_lost: tuple[str, ...]
    before_changed: frozenset[int]
    after_changed: frozenset[int]

    @property
    def similarity(self) -> float:
        """The share of words the two transcripts have in common, 0 to 1."""
        before = len(self.before.transcript.words) if self.before.transcript else 0
        after = len(self.after.transcript.words) if self.after.transcript else 0
        if before + after == 0:
            return 1.0
        changed = len(self.before_changed) + len(self.after_changed)
        return 1 - changed / (before + after)


def _words(attempt: Attempt) -> list[str]:
    assert attempt.transcript is not None
    return [_NOT_LETTERS.sub("", w.text.casefold()) for w in attempt.transcript.words]


def compare_attempts(first: Attempt, second: Attempt) -> Comparison:
    """Compare two finished attempts at one question, in the order they were made.

    Raises:
        HistoryError: the attempts answer different questions, or one of them has
            no transcript yet.
    """
    if (first.pack_id, first.question_id) != (second.pack_id, second.question_id):
        raise HistoryError(
            "Comparing failed: the two attempts answer different questions."
            " Choose two attempts at the same question."
        )
    if first.analysis is None or second.analysis is None:
        raise HistoryError(
            "Comparing failed: an attempt has not been transcribed yet."
            " Transcribe it first, or choose another."
        )
    before, after = sorted((first, second), key=lambda a: (a.started_at, a.id))
    assert before.analysis is not None and after.analysis is not None

    found_before = {t.term for t in before.analysis.terms if t.found}
    found_after = {t.term for t in after.analysis.terms if t.found}
    covered_before = {s.step for s in before.analysis.steps if s.covered}
    covered_after = {s.step for s in after.analysis.steps if s.covered}
    term_order = [t.term for t in after.analysis.terms] + [
        t.term for t in before.analysis.terms
    ]
    step_order = [s.step for s in after.analysis.steps] + [
        s.step for s in before.analysis.steps
    ]

    before_changed: set[int] = set()
    after_changed: set[int] = set()
    matcher = difflib.SequenceMatcher(
        None, _words(before), _words(after), autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            before_changed.update(range(i1, i2))
            after_changed.update(range(j1, j2))

    return Comparison(
        before=before,
        after=after,
        terms_gained=_ordered(found_after - found_before, term_order),
        terms_lost=_ordered(found_before - found_after, term_order),
        steps_gained=_ordered(covered_after - covered_before, step_order),
        steps_lost=_ordered(covered_before - covered_after, step_order),
        before_changed=frozenset(before_changed),
        after_changed=frozenset(after_changed),
    )


def _ordered(names: set[str], order: list[str]) -> tuple[str, ...]:
    return tuple(sorted(names, key=order.index))
