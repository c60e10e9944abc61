"""What the recogniser heard: words with timings and confidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    end: float
    probability: float


@dataclass(frozen=True)
class Transcript:
    """A transcription of one recording.

    ``words`` come from the plain pass, which is the text the learner sees.
    ``hinted_words`` come from an optional second pass biased towards the question's
    terms; analysis uses them only to confirm terms the plain pass half heard.
    """

    text: str
    words: tuple[Word, ...]
    duration_s: float
    model: str
    hinted_words: tuple[Word, ...] = field(default=(), repr=False)
    elapsed_s: float = 0.0

    @classmethod
    def from_text(cls, text: str, *, words_per_second: float = 2.5) -> Transcript:
        """A transcript for written text, with evenly spread timings and full confidence."""
        words = []
        for index, token in enumerate(text.split()):
            start = index / words_per_second
            words.append(Word(token, start, start + 1 / words_per_second, 1.0))
        duration = len(words) / words_per_second
        return cls(
            text=" ".join(text.split()),
            words=tuple(words),
            duration_s=duration,
            model="text",
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "duration_s": round(self.duration_s, 3),
            "model": self.model,
            "elapsed_s": round(self.elapsed_s, 3),
            "words": [_word_dict(w) for w in self.words],
            "hinted_words": [_word_dict(w) for w in self.hinted_words],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        return cls(
            text=data["text"],
            words=tuple(_word_from(w) for w in data.get("words", ())),
            duration_s=float(data.get("duration_s", 0.0)),
            model=data.get("model", ""),
            hinted_words=tuple(_word_from(w) for w in data.get("hinted_words", ())),
            elapsed_s=float(data.get("elapsed_s", 0.0)),
        )


def _word_dict(word: Word) -> dict[str, Any]:
    return {
        "text": word.text,
        "start": round(word.start, 3),
        "end": round(word.end, 3),
        "probability": round(word.probability, 3),
    }


def _word_from(data: dict[str, Any]) -> Word:
    return Word(
        text=data["text"],
        start=float(data["start"]),
        end=float(data["end"]),
        probability=float(data.get("probability", 1.0)),
    )
