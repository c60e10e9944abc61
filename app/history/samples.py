"""Made-up attempts for demonstrations, benchmarks and tests.

The analysis here is a crude stand-in (terms and cues found by plain substring
search), good enough to fill a history with plausible figures. It is not the app's
scoring, which lives in ``app.analysis``.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from app.analysis.model import (
    Analysis,
    Delivery,
    FillerCount,
    OptionScore,
    StepResult,
    TermResult,
)
from app.history.store import HistoryStore
from app.packs.model import Option, Pack, Question, Step, Term
from app.speech.transcript import Transcript, Word

FILLERS = ("um", "uh", "like")


def sample_pack() -> Pack:
    """A two-question pack in the shape of the ML platform pack."""
    feature_store = Question(
        id="feature-store",
        prompt="What is a feature store, and why does an ML platform need one?",
        instruction="Answer in about a minute.",
        options=tuple(
            Option(label, f"Answer {label} about feature stores.", f"Why {label}.")
            for label in "ABCD"
        ),
        correct="B",
        steps=(
            Step("Two stores", ("offline store", "online store")),
            Step("Training-serving skew", ("skew",)),
            Step("Point-in-time correctness", ("point-in-time", "leakage")),
            Step("What breaks without it", ("without it", "breaks")),
        ),
        terms=(
            Term("offline store", "Historical features for training, in Parquet."),
            Term("online store", "Latest features for serving, in Redis."),
            Term("training-serving skew", "Features computed differently twice."),
            Term("point-in-time correctness", "No future data in training rows."),
            Term("Redis", "An in-memory key-value store."),
            Term("Parquet", "A columnar file format."),
        ),
    )
    versioning = Question(
        id="model-versioning",
        prompt="How do you handle model versioning and reproducibility in production?",
        instruction="Answer in about a minute.",
        options=tuple(
            Option(label, f"Answer {label} about versioning.", f"Why {label}.")
            for label in "ABCD"
        ),
        correct="B",
        steps=(
            Step("Four artefacts", ("code", "data", "config")),
            Step("Registry", ("registry",)),
            Step("Rollback", ("rollback", "roll back")),
        ),
        terms=(
            Term("model registry", "Where versioned models and their lineage live."),
            Term("lineage", "Which data and code made a model."),
            Term("rollback", "Serving the previous version again."),
            Term("random seed", "Fixes the randomness of training."),
        ),
    )
    return Pack(
        id="ml-platform",
        title="ML Platform Engineer",
        description="Five questions for an ML platform role.",
        principles=(),
        questions=(feature_store, versioning),
    )


ANSWERS = {
    "feature-store": (
        "Um, a feature store has an offline store, usually Parquet files, for"
        " training, and an online store like Redis for serving. It prevents"
        " training-serving skew, because both paths use the same definitions, and"
        " it gives point-in-time correctness, so no future data leaks into"
        " training. Without it, uh, every team rebuilds features and they drift.",
        "A feature store is, like, a place for features. It has an online store"
        " and, um, it helps with skew between training and serving. Teams can"
        " share features.",
        "So a feature store keeps features for many teams. The offline store is in"
        " Parquet and the online store is in Redis with low latency. It stops"
        " training-serving skew. Without it each model has its own pipeline.",
    ),
    "model-versioning": (
        "Every model version is tied to its code, data and config in a model"
        " registry, with lineage back to the training run. We fix the random seed."
        " A rollback is just promoting the previous version again.",
        "Um, we use MLflow and, uh, we save the model. If something breaks we,"
        " like, roll back to the old one.",
    ),
}


def sample_transcript(text: str, *, words_per_second: float = 2.2) -> Transcript:
    """A transcript of ``text`` with even timings and a few unsure words."""
    words = []
    for index, token in enumerate(text.split()):
        # Rounded as stored, so a saved transcript compares equal to this one.
        start = round(index / words_per_second, 3)
        end = round(start + 0.8 / words_per_second, 3)
        probability = 0.55 if index % 11 == 7 else 0.95
        words.append(Word(token, start, end, probability))
    duration = round(len(words) / words_per_second + 0.5, 3)
    return Transcript(
        text=" ".join(text.split()),
        words=tuple(words),
        duration_s=duration,
        model="tiny.en",
    )


def sample_analysis(pack: Pack, question: Question, transcript: Transcript) -> Analysis:
    """A rough analysis of a transcript: substring search for terms and cues."""
    lowered = transcript.text.lower()
    terms = []
    for term in question.terms:
        position = lowered.find(term.term.lower())
        at_s = None
        if position >= 0:
            at_s = transcript.words[lowered[:position].count(" ")].start
        terms.append(
            TermResult(
                term=term.term,
                found=position >= 0,
                heard_as=term.term if position >= 0 else "",
                at_s=at_s,
                definition=term.definition,
            )
        )
    steps = []
    for step in question.steps:
        cue = next((c for c in step.cues if c in lowered), "")
        steps.append(StepResult(step=step.name, covered=bool(cue), evidence=cue))
    tokens = [w.text.strip(",.").lower() for w in transcript.words]
    fillers = tuple(
        FillerCount(word, tokens.count(word)) for word in FILLERS if word in tokens
    )
    minutes = transcript.duration_s / 60
    missed = [t.term for t in terms if not t.found]
    advice: tuple[str, ...] = (f"Name the {missed[0]} next time.",) if missed else ()
    if fillers:
        advice += ("Pause silently instead of saying 'um'.",)
    return Analysis(
        pack_id=pack.id,
        question_id=question.id,
        terms=tuple(terms),
        steps=tuple(steps),
        principles=(),
        delivery=Delivery(
            words_per_minute=len(transcript.words) / minutes if minutes else 0.0,
            word_count=len(transcript.words),
            duration_s=transcript.duration_s,
            filler_words=fillers,
            longest_pause_s=0.4,
        ),
        unclear_words=tuple(
            w.text.strip(",.") for w in transcript.words if w.probability < 0.6
        ),
        closest_option="B" if len(missed) <= 1 else "C",
        options=tuple(OptionScore(label, 3, 2, 0.5) for label in "ABCD"),
        advice=advice,
    )


def add_sample_attempt(
    store: HistoryStore,
    pack: Pack,
    question: Question,
    text: str,
    *,
    started_at: datetime,
    picked: str | None = None,
    audio_path: Path | None = None,
    words_per_second: float = 2.2,
) -> int:
    """Add one finished attempt answering ``question`` with ``text``; returns its id."""
    transcript = sample_transcript(text, words_per_second=words_per_second)
    attempt_id = store.begin_attempt(
        pack_id=pack.id,
        question_id=question.id,
        audio_path=audio_path,
        model=transcript.model,
        started_at=started_at,
    )
    store.finish_attempt(
        attempt_id, transcript, sample_analysis(pack, question, transcript)
    )
    if picked is not None:
        store.record_choice(
            attempt_id, picked=picked, correct=picked == question.correct
        )
    return attempt_id


def fill_store(
    store: HistoryStore,
    pack: Pack,
    count: int,
    *,
    seed: int = 1,
    start: datetime | None = None,
) -> list[int]:
    """Add ``count`` finished attempts, a day or so apart; returns their ids."""
    rng = random.Random(seed)
    moment = start or datetime(2026, 11, 1, 9, 30, tzinfo=timezone.utc)
    ids = []
    for index in range(count):
        question = pack.questions[index % len(pack.questions)]
        answers = ANSWERS.get(question.id, ("An answer.",))
        # Later attempts give the strongest answer (the first) more often.
        improving = rng.random() < 0.1 + 0.7 * index / max(count - 1, 1)
        text = answers[0 if improving else rng.randrange(len(answers))]
        ids.append(
            add_sample_attempt(
                store,
                pack,
                question,
                text,
                started_at=moment,
                picked=rng.choice("ABCD"),
                words_per_second=rng.uniform(1.8, 2.6),
            )
        )
        moment += timedelta(hours=rng.uniform(5, 30))
    return ids
