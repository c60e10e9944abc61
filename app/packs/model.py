"""The values a question pack is made of. All frozen: a loaded pack never changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

LABELS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class Term:
    """A key term of a question: the words a strong answer uses.

    ``variants`` are other spellings a recogniser may produce for the same words
    ("big query" for "BigQuery"); they count as the term being said.
    """

    term: str
    definition: str
    variants: tuple[str, ...] = ()
    hint: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        """The term itself, then each variant."""
        return (self.term, *self.variants)


@dataclass(frozen=True)
class Step:
    """One step of a question's formula, with phrases that show a speaker took it."""

    name: str
    cues: tuple[str, ...]
    detail: str = ""


@dataclass(frozen=True)
class Option:
    """One of the four written answers, with why it is stronger or weaker."""

    label: str
    text: str
    explanation: str


@dataclass(frozen=True)
class Principle:
    """A principle that runs through every strong answer of the pack."""

    id: str
    name: str
    summary: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    instruction: str
    options: tuple[Option, ...]
    correct: str
    steps: tuple[Step, ...]
    terms: tuple[Term, ...]
    formula: str = ""

    def option(self, label: str) -> Option:
        for option in self.options:
            if option.label == label:
                return option
        raise KeyError(label)

    @property
    def hotwords(self) -> str:
        """The question's terms as one line, for biasing the recogniser."""
        return ", ".join(term.term for term in self.terms)


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    description: str
    principles: tuple[Principle, ...]
    questions: tuple[Question, ...]
    language: str = "en"
    path: Path | None = field(default=None, compare=False)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        known = ", ".join(q.id for q in self.questions)
        raise KeyError(
            f"no question {question_id!r} in pack {self.id!r}; known: {known}"
        )

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term of the pack, each once, in question order."""
        seen: dict[str, Term] = {}
        for question in self.questions:
            for term in question.terms:
                seen.setdefault(term.term.casefold(), term)
        return tuple(seen.values())
