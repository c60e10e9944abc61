"""Find a phrase in a transcript, tolerant of how a recogniser spells things.

Both sides are reduced to plain lowercase tokens with a light singular form, then a
phrase matches a run of transcript tokens when each token is close enough, or when
the run written without spaces is close to the phrase written without spaces
("big query" finds "BigQuery", "p 99" finds "p99"). Short tokens must match exactly,
so an acronym like "PSI" is never found inside an ordinary word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel

_SPLIT = re.compile(r"[^\w]+|_")
# Tokens this short must match exactly; longer ones may differ by a letter or two.
_EXACT_MAX = 4
_TOKEN_CUTOFF = 0.84
_JOINED_CUTOFF = 0.92
_ENDINGS = frozenset({"ing", "ed", "er", "ers", "es"})


@lru_cache(maxsize=8192)
def _stem(token: str) -> str:
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if (
        len(token) > 3
        and token.endswith("s")
        and not token.endswith(("ss", "us", "is"))
    ):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """Lowercase word tokens with a light singular form; punctuation dropped."""
    text = text.casefold().replace("&", " and ")
    return [_stem(t) for t in _SPLIT.split(text) if t]


@dataclass(frozen=True)
class Match:
    """Where a phrase was found: token positions [start, end) and how well it matched."""

    start: int
    end: int
    score: float


def _token_close(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) <= _EXACT_MAX or len(b) <= _EXACT_MAX or a.isdigit() or b.isdigit():
        return 0.0
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if len(longer) - len(shorter) >= 2:
        # Another word built on the same stem: "retraining" is not "training",
        # but "tracking" and "tracked" are forms of "track".
        if longer.endswith(shorter):
            return 0.0
        if longer.startswith(shorter):
            return 1.0 if longer[len(shorter) :] in _ENDINGS else 0.0
    return Indel.normalized_similarity(a, b)


def _window_score(window: Sequence[str], phrase: Sequence[str]) -> float:
    joined_w, joined_p = "".join(window), "".join(phrase)
    if joined_w == joined_p:
        return 1.0
    if len(window) == len(phrase):
        scores = [_token_close(w, p) for w, p in zip(window, phrase, strict=True)]
        if min(scores) >= _TOKEN_CUTOFF:
            return sum(scores) / len(scores)
    # Split or joined differently ("big querry" for "BigQuery", "cast attribution"),
    # nearly the same letters in the same order. A whole word more or less is
    # another phrase ("needs labels" is not "needs no labels").
    if (
        len(joined_p) > _EXACT_MAX + 1
        and abs(len(joined_w) - len(joined_p)) <= 1
        and not _one_word_apart(window, phrase)
    ):
        joined = Indel.normalized_similarity(joined_w, joined_p)
        if joined >= _JOINED_CUTOFF:
            return joined
    return 0.0


def _one_word_apart(window: Sequence[str], phrase: Sequence[str]) -> bool:
    """Whether one side is the other with a word added.

    A stray letter inside a phrase ("population s stability") is a recogniser's
    slip, not a word; at either end ("p ninety nine") it changes the phrase.
    """
    if len(window) == len(phrase):
        return False
    longer, shorter = (
        (window, phrase) if len(window) > len(phrase) else (phrase, window)
    )
    joined = "".join(shorter)
    last = len(longer) - 1
    return any(
        "".join([*longer[:i], *longer[i + 1 :]]) == joined
        and (len(longer[i]) > 1 or i in (0, last))
        for i in range(len(longer))
    )


def find_phrase(haystack: Sequence[str], phrase: Sequence[str]) -> Match | None:
    """The best place the phrase's tokens occur in the haystack's tokens, or None."""
    if not phrase or not haystack:
        return None
    best: Match | None = None
    n = len(phrase)
    for size in {max(1, n - 1), n, n + 1}:
        for start in range(0, len(haystack) - size + 1):
            window = haystack[start : start + size]
            score = _window_score(window, phrase)
            if score and (best is None or score > best.score):
                best = Match(start, start + size, score)
                if score == 1.0:
                    return best
    return best


_SOUNDS = str.maketrans({"c": "k", "q": "k", "z": "s", "v": "f", "x": "s"})


@lru_cache(maxsize=8192)
def _skeleton(word: str) -> str:
    """The consonants of a word, roughly as heard: "riddies" and "redis" are both "rds"."""
    word = word.replace("ph", "f").replace("ck", "k").translate(_SOUNDS)
    out = word[:1]
    for ch in word[1:]:
        if ch in "aeiouyhw" or ch == out[-1:]:
            continue
        out += ch
    return out


def sounds_alike(heard: str, term: str) -> float:
    """How alike two squashed words are, in letters or in their consonant skeletons."""
    return max(
        Indel.normalized_similarity(heard, term),
        Indel.normalized_similarity(_skeleton(heard), _skeleton(term)),
    )
