"""Analysis of an answer: terms, steps, principles, delivery, unclear words, options."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.analysis import analyse
from app.packs import load_pack
from app.speech import Transcript, Word

PACK = load_pack(Path(__file__).parent / "data" / "packs" / "mini.toml")
QUESTION = PACK.question("feature-store")


def words(
    spec: str, start: float = 0.0, gap: float = 0.1, probability: float = 0.9
) -> tuple[Word, ...]:
    """Words 0.3 s long, ``gap`` apart; a word written 'text@0.2' has that probability."""
    out = []
    t = start
    for token in spec.split():
        text, _, p = token.partition("@")
        out.append(Word(text, t, t + 0.3, float(p) if p else probability))
        t += 0.3 + gap
    return tuple(out)


def transcript(spec: str, hinted: str = "", **kwargs: float) -> Transcript:
    plain = words(spec, **kwargs)
    return Transcript(
        text=" ".join(w.text for w in plain),
        words=plain,
        duration_s=plain[-1].end if plain else 1.0,
        model="test",
        hinted_words=words(hinted, **kwargs) if hinted else (),
    )


def found(analysis) -> set[str]:  # type: ignore[no-untyped-def]
    return {t.term for t in analysis.terms if t.found}


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("the offline store lives in big query", {"offline store", "BigQuery"}),
        ("we serve from Redis with a p ninety nine latency", {"Redis", "p99 latency"}),
        ("files in parkay", {"Parquet"}),
        ("it prevents training serving skew", {"training-serving skew"}),
        ("it is possible that nothing matches", set()),
    ],
)
def test_terms_found_in_the_plain_transcript(said: str, expected: set[str]) -> None:
    assert found(analyse(transcript(said), QUESTION, PACK)) == expected


def test_term_records_what_was_heard_where_and_how_sure() -> None:
    analysis = analyse(
        transcript("so the data sits in big@0.4 query@0.8"), QUESTION, PACK
    )
    term = next(t for t in analysis.terms if t.term == "BigQuery")
    assert term.heard_as == "big query"
    assert term.at_s == pytest.approx(2.0)
    assert term.confidence == pytest.approx(0.4)
    assert term.definition == "Google's data warehouse."


@pytest.mark.parametrize(
    ("plain", "hinted", "counts"),
    [
        # The hot-word pass heard Redis where the plain pass heard something alike.
        (
            "the online store uses riddies today",
            "the online store uses Redis@0.3 today",
            True,
        ),
        # Sure of it, even though the plain pass heard another word.
        (
            "the online store uses within today",
            "the online store uses Redis@0.9 today",
            True,
        ),
        # Unsure, and nothing alike was said there: an invented term.
        (
            "the online store uses memory today",
            "the online store uses Redis@0.3 today",
            False,
        ),
        # The hot-word pass put a term where the plain pass heard nothing at all.
        ("the online store", "the online store Redis@0.3 Redis@0.3", False),
    ],
)
def test_hot_word_pass_only_confirms_terms(
    plain: str, hinted: str, counts: bool
) -> None:
    analysis = analyse(transcript(plain, hinted), QUESTION, PACK)
    assert ("Redis" in found(analysis)) is counts


def test_a_confirmed_term_points_at_what_the_transcript_says_there() -> None:
    t = transcript(
        "the online store uses riddies today", "the online store uses Redis@0.3 today"
    )
    redis = next(r for r in analyse(t, QUESTION, PACK).terms if r.term == "Redis")
    assert redis.found and redis.heard_as == "riddies"
    assert redis.at_s == pytest.approx(1.6)


@pytest.mark.parametrize(
    ("said", "covered"),
    [
        ("we have an offline store and an online store", ["Architecture"]),
        (
            "there is training serving skew and point in time issues",
            ["Hidden problems"],
        ),
        ("without it teams copy features", ["Consequence"]),
        ("it stores features", []),
    ],
)
def test_steps_covered_with_evidence(said: str, covered: list[str]) -> None:
    analysis = analyse(transcript(said), QUESTION, PACK)
    assert [s.step for s in analysis.steps if s.covered] == covered
    for step in analysis.steps:
        assert bool(step.evidence) is step.covered
        if step.covered:
            assert step.evidence in said


def test_principles_shown_with_evidence() -> None:
    analysis = analyse(transcript("it helps many teams share features"), QUESTION, PACK)
    shown = {p.name: p.evidence for p in analysis.principles if p.shown}
    assert shown == {"Platform view": "it helps many teams share features"}


def test_delivery_pace_fillers_and_longest_pause() -> None:
    spoken = words("um so the offline store uh keeps history", gap=0.1)
    later = words("you know and um Redis serves it", start=spoken[-1].end + 4.0)
    all_words = spoken + later
    t = Transcript(
        " ".join(w.text for w in all_words), all_words, all_words[-1].end + 1, "test"
    )
    delivery = analyse(t, QUESTION, PACK).delivery
    assert delivery.word_count == 15
    assert delivery.filler_words[0].word == "um" and delivery.filler_words[0].count == 2
    assert {f.word for f in delivery.filler_words} == {"um", "uh", "you know"}
    assert delivery.longest_pause_s == pytest.approx(4.0)
    assert delivery.longest_pause_at_s == pytest.approx(spoken[-1].end)
    speaking = all_words[-1].end - all_words[0].start
    assert delivery.words_per_minute == pytest.approx(15 / speaking * 60, rel=0.01)


def test_unclear_words_are_the_unsure_ones_once_each() -> None:
    analysis = analyse(
        transcript(
            "the redness@0.2 store uses redness@0.3 to@0.1 cache@0.35 fine@0.45"
        ),
        QUESTION,
        PACK,
    )
    assert analysis.unclear_words == ("redness", "cache")


@pytest.mark.parametrize("label", ["A", "B", "C", "D"])
def test_each_written_option_is_closest_to_itself(label: str) -> None:
    option = QUESTION.option(label)
    analysis = analyse(Transcript.from_text(option.text), QUESTION, PACK)
    assert analysis.closest_option == label


def test_option_scores_rank_the_strongest_first() -> None:
    analysis = analyse(transcript("anything"), QUESTION, PACK)
    score = {o.label: o.terms_found + o.steps_covered for o in analysis.options}
    assert max(score, key=score.__getitem__) == "B"
    assert min(score, key=score.__getitem__) == "A"


def test_advice_starts_with_the_first_missing_step_and_missing_terms() -> None:
    analysis = analyse(
        transcript("we have an offline store in big query"), QUESTION, PACK
    )
    assert analysis.advice[0] == (
        "Add this step: Explain training-serving skew and point-in-time correctness."
    )
    assert analysis.advice[1].startswith("Work in these terms: online store, Parquet")


def test_a_complete_answer_gets_encouragement_not_silence() -> None:
    text = QUESTION.option("B").text + " PSI."
    analysis = analyse(Transcript.from_text(text), QUESTION, PACK)
    assert analysis.terms_found == len(QUESTION.terms)
    assert analysis.advice and "Every step and key term" in analysis.advice[0]


def test_empty_transcript_gives_counts_of_zero() -> None:
    empty = Transcript("", (), 1.0, "test")
    analysis = analyse(empty, QUESTION, PACK)
    assert analysis.terms_found == 0 and analysis.steps_covered == 0
    assert analysis.delivery.words_per_minute == 0.0
    assert analysis.to_dict()["delivery"]["filler_total"] == 0
