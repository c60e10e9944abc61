"""Finding terms and phrases in what a recogniser wrote."""

from __future__ import annotations

import pytest

from app.analysis.matching import find_phrase, tokens


@pytest.mark.parametrize(
    ("transcript", "phrase", "found"),
    [
        ("we keep history in big query", "BigQuery", "big query"),
        ("we keep history in BigQuery.", "big query", "bigquery"),
        ("with a p 99 latency target", "p99 latency", "p 99 latency"),
        ("with a P99 latency target", "p99 latency", "p99 latency"),
        (
            "the training-serving skew problem",
            "training serving skew",
            "training serving skew",
        ),
        ("all the artifacts of a run", "artefacts", "artifact"),
        ("two model registries", "model registry", "model registry"),
        ("a PSI above 0.2", "PSI", "psi"),
        ("we compute the psi weekly", "PSI", "psi"),
        ("Kubernetes runs the pods", "kubernetes", "kubernete"),
        # Things that must not match.
        ("it is possible to drift", "PSI", None),
        ("the online store", "offline store", None),
        ("a Redis ability problem", "reproducibility", None),
        ("we run on prem", "ONNX", None),
        ("it is online", "ONNX", None),
        ("data drifts slowly", "concept drift", None),
        ("the offline store and the online store", "online store", "online store"),
        ("only the offline store", "online store", None),
        ("an online store", "offline store", None),
        ("drift needs labels", "needs no labels", None),
        ("at ninety nine percent", "p ninety nine", None),
        ("we keep retraining", "training", None),
        ("it was trained", "retrained", None),
        ("evidently it works", "Evidently AI", None),
        ("we use evidently ai", "Evidently AI", "evidently ai"),
        ("in big querry", "BigQuery", "big querry"),
        ("need round truth labels", "ground truth", "round truth"),
        ("the experiment tracking tool", "experiment track", "experiment tracking"),
        ("the cast attribution per team", "cost attribution", "cast attribution"),
        (
            "a point and time correctness",
            "point-in-time correctness",
            "point and time correctness",
        ),
        (
            "the population s stability index",
            "population stability index",
            "population s stability index",
        ),
        ("we log to weights and biases", "Weights & Biases", "weight and biase"),
        ("use evidently i for it", "Evidently AI", "evidently i"),
    ],
)
def test_phrase_matching(transcript: str, phrase: str, found: str | None) -> None:
    haystack = tokens(transcript)
    match = find_phrase(haystack, tokens(phrase))
    if found is None:
        assert match is None, haystack[match.start : match.end] if match else None
    else:
        assert match is not None
        assert " ".join(haystack[match.start : match.end]) == found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Point-in-time, correctness!", ["point", "in", "time", "correctness"]),
        ("Registries & stores", ["registry", "and", "store"]),
        ("p99", ["p99"]),
    ],
)
def test_tokens_are_plain_lowercase_singulars(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected
