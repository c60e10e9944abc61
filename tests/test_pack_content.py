"""The ML Platform Engineer pack teaches what it claims to teach.

These tests run the real loader and the real analysis engine over the shipped pack:
the written answers must rank the way their explanations say, and every technology an
explanation names must be a key term the learner can practise.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.analysis import analyse
from app.analysis.matching import tokens
from app.packs import LABELS, Pack, Question, load_pack
from app.speech.transcript import Transcript

PACK_PATH = (
    Path(__file__).resolve().parent.parent / "content" / "ml-platform-engineer.toml"
)

QUESTION_IDS = (
    "feature-store",
    "model-versioning",
    "model-drift",
    "batch-and-realtime",
    "experiment-tracking",
)
PRINCIPLE_IDS = ("platform-view", "two-levels", "shared-components", "governance")

# Words a written option may have, by label: A is brief, B complete, C and D between.
WORD_LIMITS = {"A": (60, 90), "B": (160, 220), "C": (120, 200), "D": (120, 200)}

# The technologies and concepts a senior answer to each question names. Each must be
# a term of that question (its name or one of its variants), so the learner hears it,
# practises it and gets credit for saying it.
REQUIRED_TERMS = {
    "feature-store": [
        "feature store",
        "offline store",
        "online store",
        "Parquet",
        "Iceberg",
        "BigQuery",
        "Redis",
        "DynamoDB",
        "p99 latency",
        "training-serving skew",
        "point-in-time correctness",
        "data leakage",
    ],
    "model-versioning": [
        "model registry",
        "MLflow",
        "reproducibility",
        "Docker",
        "experiment run",
        "staging",
        "rollback",
        "random seed",
        "pinned dependencies",
        "dataset version",
    ],
    "model-drift": [
        "data drift",
        "concept drift",
        "PSI",
        "population stability index",
        "label latency",
        "Evidently AI",
        "KS test",
        "retraining",
        "continuous training",
        "prediction distribution",
    ],
    "batch-and-realtime": [
        "throughput",
        "latency",
        "p99",
        "Spark",
        "Kubernetes",
        "KServe",
        "Triton",
        "ONNX",
        "PMML",
        "feature store",
        "model registry",
        "serialisation",
    ],
    "experiment-tracking": [
        "MLflow",
        "Weights & Biases",
        "Neptune",
        "artefacts",
        "hyperparameters",
        "metrics",
        "audit log",
        "lineage",
        "reproducibility",
        "cost attribution",
    ],
}

# Words in explanations that look like product names but are general vocabulary.
GENERAL_NAMES = {"ML", "GPU", "API"}
# Acronyms and names with inner capitals or digits: ONNX, MLflow, BigQuery, p99.
PRODUCT_LIKE = re.compile(
    r"\b(?:[A-Z]{2,}\w*|[A-Za-z]+[a-z][A-Z]\w*|[A-Za-z]+\d+\w*)\b"
)
CUE_TEXT = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+)*$")


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(PACK_PATH)


def _forms(question: Question) -> list[str]:
    return [form.casefold() for term in question.terms for form in term.forms]


def _word_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase.casefold()) + r"(?!\w)")


def _score(question: Question, pack: Pack, label: str) -> int:
    option = question.option(label)
    analysis = analyse(Transcript.from_text(option.text), question, pack)
    return analysis.terms_found + analysis.steps_covered


def _scores(question: Question, pack: Pack) -> dict[str, int]:
    return {label: _score(question, pack, label) for label in LABELS}


# --- the pack's shape -------------------------------------------------------------


def test_pack_has_the_five_questions_in_order(pack: Pack) -> None:
    assert pack.id == "ml-platform-engineer"
    assert tuple(q.id for q in pack.questions) == QUESTION_IDS


def test_pack_has_the_four_principles(pack: Pack) -> None:
    assert tuple(p.id for p in pack.principles) == PRINCIPLE_IDS
    for principle in pack.principles:
        assert 6 <= len(principle.cues) <= 12, principle.id
        for cue in principle.cues:
            assert CUE_TEXT.match(cue), f"{principle.id}: cue {cue!r}"


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_question_has_four_options_with_b_strongest(
    pack: Pack, question_id: str
) -> None:
    question = pack.question(question_id)
    assert tuple(o.label for o in question.options) == LABELS
    assert question.correct == "B"
    assert question.formula


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_option_lengths_fit_their_role(pack: Pack, question_id: str) -> None:
    for option in pack.question(question_id).options:
        words = len(option.text.split())
        low, high = WORD_LIMITS[option.label]
        assert low <= words <= high, f"option {option.label} has {words} words"
        assert 2 <= len(re.findall(r"[.!?](?:\s|$)", option.explanation)) <= 4


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_steps_have_spoken_cues(pack: Pack, question_id: str) -> None:
    question = pack.question(question_id)
    assert 3 <= len(question.steps) <= 5
    for step in question.steps:
        assert 4 <= len(step.cues) <= 10, step.name
        assert step.detail, step.name
        for cue in step.cues:
            assert CUE_TEXT.match(cue), f"{step.name}: cue {cue!r}"
            assert len(cue.split()) <= 4, f"{step.name}: cue {cue!r} is long"


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_terms_are_defined_once_with_distinct_variants(
    pack: Pack, question_id: str
) -> None:
    question = pack.question(question_id)
    assert len(question.terms) >= 10
    for term in question.terms:
        assert term.definition.endswith("."), term.term
        # A variant that the matcher reads like another form adds nothing.
        forms = [tuple(tokens(form)) for form in term.forms]
        assert len(forms) == len(set(forms)), f"{term.term}: a variant repeats"
        for variant in term.variants:
            assert variant == variant.casefold(), f"{term.term}: {variant!r}"


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_terms_mean_the_same_across_questions(pack: Pack, question_id: str) -> None:
    shared = {t.term.casefold(): t for t in pack.terms}
    for term in pack.question(question_id).terms:
        first = shared[term.term.casefold()]
        assert term.variants == first.variants, term.term
        assert term.definition == first.definition, term.term
        assert term.hint == first.hint, term.term


# --- explanations and terms agree ---------------------------------------------------


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_required_terms_are_terms_of_the_question(pack: Pack, question_id: str) -> None:
    forms = set(_forms(pack.question(question_id)))
    missing = [
        name for name in REQUIRED_TERMS[question_id] if name.casefold() not in forms
    ]
    assert not missing


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_explanations_name_only_the_question_s_own_terms(
    pack: Pack, question_id: str
) -> None:
    """A technology an explanation names is a term the learner can practise."""
    question = pack.question(question_id)
    own = sorted(set(_forms(question)), key=len, reverse=True)
    others = {form for form in map(str.casefold, _all_forms(pack)) if form not in own}
    for option in question.options:
        rest = option.explanation
        for form in own:
            rest = _word_pattern(form).sub(" ", rest.casefold())
        stray = sorted(form for form in others if _word_pattern(form).search(rest))
        assert not stray, f"option {option.label} names {stray}"
        # The original casing shows names like ONNX, MLflow and p99.
        kept = option.explanation
        for form in own:
            kept = re.sub(_word_pattern(form).pattern, " ", kept, flags=re.IGNORECASE)
        unknown = sorted(set(PRODUCT_LIKE.findall(kept)) - GENERAL_NAMES)
        assert not unknown, f"option {option.label} names {unknown}, not terms"


def _all_forms(pack: Pack) -> list[str]:
    return [form for question in pack.questions for form in _forms(question)]


# --- the engine ranks the options the way the explanations do ---------------------


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_strongest_option_finds_the_most_terms_and_steps(
    pack: Pack, question_id: str
) -> None:
    question = pack.question(question_id)
    scores = _scores(question, pack)
    best = scores.pop(question.correct)
    assert all(best > other for other in scores.values()), (best, scores)


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_strongest_option_covers_every_step(pack: Pack, question_id: str) -> None:
    question = pack.question(question_id)
    option = question.option(question.correct)
    analysis = analyse(Transcript.from_text(option.text), question, pack)
    assert [s.step for s in analysis.steps if not s.covered] == []


def test_brief_option_ranks_last_in_nearly_every_question(pack: Pack) -> None:
    last = []
    for question in pack.questions:
        scores = _scores(question, pack)
        brief = scores.pop("A")
        if all(brief < other for other in scores.values()):
            last.append(question.id)
    assert len(last) >= len(QUESTION_IDS) - 1, last
