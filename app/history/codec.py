"""Turn stored JSON back into the analysis values it was made from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.analysis.model import (
    Analysis,
    Delivery,
    FillerCount,
    OptionScore,
    PrincipleResult,
    StepResult,
    TermResult,
)

if TYPE_CHECKING:
    from app.history.store import Attempt


def analysis_from_dict(data: dict[str, Any]) -> Analysis:
    """Rebuild an ``Analysis`` from ``Analysis.to_dict()``.

    Keys added by later versions are ignored and missing optional keys take their
    defaults, so an attempt saved by an older or newer Rehearse still opens.
    """
    delivery = data.get("delivery") or {}
    return Analysis(
        pack_id=data.get("pack_id", ""),
        question_id=data.get("question_id", ""),
        terms=tuple(
            TermResult(
                term=t["term"],
                found=bool(t.get("found", False)),
                heard_as=t.get("heard_as", ""),
                at_s=_optional_float(t.get("at_s")),
                confidence=_optional_float(t.get("confidence")),
                definition=t.get("definition", ""),
            )
            for t in data.get("terms", ())
        ),
        steps=tuple(
            StepResult(
                step=s["step"],
                covered=bool(s.get("covered", False)),
                evidence=s.get("evidence", ""),
            )
            for s in data.get("steps", ())
        ),
        principles=tuple(
            PrincipleResult(
                name=p["name"],
                shown=bool(p.get("shown", False)),
                evidence=p.get("evidence", ""),
            )
            for p in data.get("principles", ())
        ),
        delivery=Delivery(
            words_per_minute=float(delivery.get("words_per_minute", 0.0)),
            word_count=int(delivery.get("word_count", 0)),
            duration_s=float(delivery.get("duration_s", 0.0)),
            filler_words=tuple(
                FillerCount(word=f["word"], count=int(f["count"]))
                for f in delivery.get("filler_words", ())
            ),
            longest_pause_s=float(delivery.get("longest_pause_s", 0.0)),
            longest_pause_at_s=_optional_float(delivery.get("longest_pause_at_s")),
        ),
        unclear_words=tuple(data.get("unclear_words", ())),
        closest_option=data.get("closest_option", ""),
        options=tuple(
            OptionScore(
                label=o["label"],
                terms_found=int(o.get("terms_found", 0)),
                steps_covered=int(o.get("steps_covered", 0)),
                similarity=float(o.get("similarity", 0.0)),
            )
            for o in data.get("options", ())
        ),
        advice=tuple(data.get("advice", ())),
    )


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def attempt_to_dict(attempt: Attempt) -> dict[str, Any]:
    """An attempt as plain data, for JSON."""
    return {
        "id": attempt.id,
        "pack": attempt.pack_id,
        "question": attempt.question_id,
        "started_at": attempt.started_at.isoformat(),
        "finished_at": (
            None if attempt.finished_at is None else attempt.finished_at.isoformat()
        ),
        "status": attempt.status,
        "model": attempt.model,
        "audio_path": None if attempt.audio_path is None else str(attempt.audio_path),
        "picked": attempt.picked,
        "correct": attempt.correct,
        "transcript": None
        if attempt.transcript is None
        else attempt.transcript.to_dict(),
        "analysis": None if attempt.analysis is None else attempt.analysis.to_dict(),
    }
