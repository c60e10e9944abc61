"""The result of analysing one answer. Frozen values, safe to hand to any thread."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class TermResult:
    term: str
    found: bool
    heard_as: str = ""
    at_s: float | None = None
    confidence: float | None = None
    definition: str = ""


@dataclass(frozen=True)
class StepResult:
    step: str
    covered: bool
    evidence: str = ""


@dataclass(frozen=True)
class PrincipleResult:
    name: str
    shown: bool
    evidence: str = ""


@dataclass(frozen=True)
class FillerCount:
    word: str
    count: int


@dataclass(frozen=True)
class Delivery:
    words_per_minute: float
    word_count: int
    duration_s: float
    filler_words: tuple[FillerCount, ...]
    longest_pause_s: float
    longest_pause_at_s: float | None = None

    @property
    def filler_total(self) -> int:
        return sum(f.count for f in self.filler_words)


@dataclass(frozen=True)
class OptionScore:
    label: str
    terms_found: int
    steps_covered: int
    similarity: float


@dataclass(frozen=True)
class Analysis:
    pack_id: str
    question_id: str
    terms: tuple[TermResult, ...]
    steps: tuple[StepResult, ...]
    principles: tuple[PrincipleResult, ...]
    delivery: Delivery
    unclear_words: tuple[str, ...]
    closest_option: str
    options: tuple[OptionScore, ...]
    advice: tuple[str, ...]

    @property
    def terms_found(self) -> int:
        return sum(t.found for t in self.terms)

    @property
    def steps_covered(self) -> int:
        return sum(s.covered for s in self.steps)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["delivery"]["filler_total"] = self.delivery.filler_total
        return data
