"""Analyse one answer against its question: terms, steps, principles, delivery, options.

Pure functions over a transcript and a question; nothing here reads files or devices.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from app.analysis.matching import Match, find_phrase, sounds_alike, tokens
from app.analysis.model import (
    Analysis,
    Delivery,
    FillerCount,
    OptionScore,
    PrincipleResult,
    StepResult,
    TermResult,
)
from app.packs.model import Pack, Principle, Question, Step, Term
from app.speech.transcript import Transcript, Word

# A word the recogniser gave less than this probability is reported as unclear.
UNCLEAR_BELOW = 0.4
# Short words ("to", "for", "and") are often unsure and say nothing about how the
# learner sounded; only longer words are reported as unclear.
UNCLEAR_MIN_LETTERS = 4
# A term heard only in the hot-word pass counts when the recogniser was this sure of
# it, or when the plain pass heard something that sounds alike at the same moment.
HINT_CONFIDENT = 0.6
HINT_ALIKE = 0.75
HINT_WINDOW_S = 0.6
PLAIN_UNSURE = 0.75

COMFORTABLE_WPM = (110, 160)
_EDGE_PUNCTUATION = " .,;:!?\"'()\u201c\u201d\u2018\u2019-"
LONG_PAUSE_S = 3.0
FILLERS = (
    "um",
    "uh",
    "erm",
    "er",
    "ah",
    "hmm",
    "you know",
    "i mean",
    "basically",
    "kind of",
    "sort of",
)


@dataclass(frozen=True)
class _Tokens:
    """Transcript tokens, each with the index of the word it came from."""

    tokens: tuple[str, ...]
    word_of: tuple[int, ...]
    words: tuple[Word, ...]

    @classmethod
    def of(cls, words: Sequence[Word]) -> _Tokens:
        toks: list[str] = []
        owner: list[int] = []
        for index, word in enumerate(words):
            for token in tokens(word.text):
                toks.append(token)
                owner.append(index)
        return cls(tuple(toks), tuple(owner), tuple(words))

    def span(self, match: Match) -> tuple[Word, ...]:
        first, last = self.word_of[match.start], self.word_of[match.end - 1]
        return self.words[first : last + 1]

    def text(self, match: Match, context: int = 0) -> str:
        first = max(0, self.word_of[match.start] - context)
        last = min(len(self.words), self.word_of[match.end - 1] + 1 + context)
        return " ".join(w.text for w in self.words[first:last])


@lru_cache(maxsize=4096)
def _forms(term: Term) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(tokens(form)) for form in term.forms if tokens(form))


def _best_match(toks: _Tokens, phrases: Sequence[Sequence[str]]) -> Match | None:
    best: Match | None = None
    for phrase in phrases:
        match = find_phrase(toks.tokens, phrase)
        if match and (best is None or match.score > best.score):
            best = match
    return best


def _confirmed(
    term: Term, heard: Sequence[Word], plain: _Tokens, hinted: _Tokens
) -> bool:
    """Whether a term found only in the hot-word pass was really said.

    It was, when the recogniser was sure of it; when the plain pass heard something
    that sounds alike at the same moment ("riddies" for "Redis"); when the plain pass
    heard words there but was unsure of them; or when the plain pass skipped that
    stretch and the hot-word pass wrote ordinary speech around the term. Where the
    plain pass was sure of other words, or the hot-word pass wrote little but terms
    (a list of hot words repeated), the hot words put the term there.
    """
    probability = sum(w.probability for w in heard) / len(heard)
    if probability >= HINT_CONFIDENT:
        return True
    start, end = heard[0].start - HINT_WINDOW_S, heard[-1].end + HINT_WINDOW_S
    nearby_words = [w for w in plain.words if w.end >= start and w.start <= end]
    nearby = [t for w in nearby_words for t in tokens(w.text)]
    for form in _forms(term):
        target = "".join(form)
        for size in range(1, len(form) + 2):
            for i in range(len(nearby) - size + 1):
                if sounds_alike("".join(nearby[i : i + size]), target) >= HINT_ALIKE:
                    return True
    overlapping = [
        w for w in plain.words if w.end > heard[0].start and w.start < heard[-1].end
    ]
    if overlapping:
        unsure = sum(w.probability for w in overlapping) / len(overlapping)
        return unsure < PLAIN_UNSURE
    if nearby_words:
        return False
    return _ordinary_speech_around(heard, hinted)


def _ordinary_speech_around(heard: Sequence[Word], hinted: _Tokens) -> bool:
    """Whether the hot-word pass wrote plain sentences around a term, not a term list."""
    first = hinted.words.index(heard[0])
    last = hinted.words.index(heard[-1])
    around = hinted.words[max(0, first - 4) : first] + hinted.words[last + 1 : last + 5]
    heard_text = {w.text.strip(".,;:!?").casefold() for w in heard}
    repeated = any(w.text.strip(".,;:!?").casefold() in heard_text for w in around)
    return len(around) >= 6 and not repeated


def find_terms(
    question: Question, plain: _Tokens, hinted: _Tokens | None
) -> tuple[TermResult, ...]:
    results = []
    for term in question.terms:
        match = _best_match(plain, _forms(term))
        if match is not None:
            heard = plain.span(match)
            results.append(_found(term, plain.text(match), heard))
            continue
        if hinted is not None:
            match = _best_match(hinted, _forms(term))
            if match is not None:
                heard = hinted.span(match)
                if _confirmed(term, heard, plain, hinted):
                    # Point at what the learner's transcript says at that moment
                    # ("feature star"), so the place can be shown and replayed.
                    said = _words_during(plain.words, heard[0].start, heard[-1].end)
                    heard_as = said or hinted.text(match)
                    results.append(_found(term, heard_as, heard))
                    continue
        results.append(
            TermResult(term=term.term, found=False, definition=term.definition)
        )
    return tuple(results)


def _words_during(words: Sequence[Word], start: float, end: float) -> str:
    """The words that mostly fall between two moments, unless they are only fillers."""
    during = []
    for word in words:
        overlap = min(word.end, end) - max(word.start, start)
        if overlap > 0.5 * max(word.end - word.start, 0.01):
            during.append(word.text)
    text = " ".join(during)
    return text if sum(ch.isalnum() for ch in text) >= 3 else ""


def _found(term: Term, heard_as: str, heard: Sequence[Word]) -> TermResult:
    return TermResult(
        term=term.term,
        found=True,
        heard_as=heard_as.strip(_EDGE_PUNCTUATION).replace(" -", "-"),
        at_s=round(heard[0].start, 2),
        confidence=round(min(w.probability for w in heard), 3),
        definition=term.definition,
    )


def _cue_evidence(cues: Sequence[str], toks: _Tokens) -> str:
    """The words around the best match of any cue, or "" when none was said."""
    phrases = tuple(tuple(tokens(c)) for c in cues if tokens(c))
    match = _best_match(toks, phrases)
    return toks.text(match, context=2) if match else ""


def cover_steps(steps: Sequence[Step], toks: _Tokens) -> tuple[StepResult, ...]:
    results = []
    for step in steps:
        evidence = _cue_evidence(step.cues, toks)
        results.append(
            StepResult(step=step.name, covered=bool(evidence), evidence=evidence)
        )
    return tuple(results)


def show_principles(
    principles: Sequence[Principle], toks: _Tokens
) -> tuple[PrincipleResult, ...]:
    results = []
    for principle in principles:
        evidence = _cue_evidence(principle.cues, toks)
        results.append(
            PrincipleResult(
                name=principle.name, shown=bool(evidence), evidence=evidence
            )
        )
    return tuple(results)


def measure_delivery(transcript: Transcript) -> Delivery:
    words = transcript.words
    if len(words) >= 2:
        speaking = max(words[-1].end - words[0].start, 1.0)
    else:
        speaking = max(transcript.duration_s, 1.0)
    toks = [t for w in words for t in tokens(w.text)]
    counts: Counter[str] = Counter()
    for filler in FILLERS:
        parts = filler.split()
        n = len(parts)
        hits = sum(1 for i in range(len(toks) - n + 1) if toks[i : i + n] == parts)
        if hits:
            counts[filler] = hits
    longest, longest_at = 0.0, None
    for before, after in pairwise(words):
        gap = after.start - before.end
        if gap > longest:
            longest, longest_at = gap, before.end
    return Delivery(
        words_per_minute=round(len(words) / speaking * 60, 1) if words else 0.0,
        word_count=len(words),
        duration_s=round(transcript.duration_s, 2),
        filler_words=tuple(FillerCount(w, c) for w, c in counts.most_common()),
        longest_pause_s=round(longest, 2),
        longest_pause_at_s=round(longest_at, 2) if longest_at is not None else None,
    )


@lru_cache(maxsize=64)
def _option_profiles(
    question: Question,
) -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    """For each written option: its label, the terms it uses and the steps it covers."""
    profiles = []
    for option in question.options:
        toks = _Tokens.of(Transcript.from_text(option.text).words)
        terms = find_terms(question, toks, None)
        steps = cover_steps(question.steps, toks)
        profiles.append(
            (
                option.label,
                frozenset(t.term for t in terms if t.found),
                frozenset(s.step for s in steps if s.covered),
            )
        )
    return tuple(profiles)


def compare_options(
    question: Question, terms: Sequence[TermResult], steps: Sequence[StepResult]
) -> tuple[str, tuple[OptionScore, ...]]:
    mine_terms = frozenset(t.term for t in terms if t.found)
    mine_steps = frozenset(s.step for s in steps if s.covered)
    scores = []
    for label, option_terms, option_steps in _option_profiles(question):
        union = len(mine_terms | option_terms) + len(mine_steps | option_steps)
        shared = len(mine_terms & option_terms) + len(mine_steps & option_steps)
        scores.append(
            OptionScore(
                label=label,
                terms_found=len(option_terms),
                steps_covered=len(option_steps),
                similarity=round(shared / union, 3) if union else 0.0,
            )
        )
    mine = len(mine_terms) + len(mine_steps)
    # Ties go to the option whose size is nearest to the answer's own.
    closest = max(
        scores,
        key=lambda s: (s.similarity, -abs(s.terms_found + s.steps_covered - mine)),
    )
    return closest.label, tuple(scores)


def advise(
    question: Question,
    terms: Sequence[TermResult],
    steps: Sequence[StepResult],
    delivery: Delivery,
) -> tuple[str, ...]:
    """Up to four short things to do next time, the most useful first."""
    advice = []
    by_name = {s.name: s for s in question.steps}
    missed_steps = [s for s in steps if not s.covered]
    if missed_steps:
        step = by_name[missed_steps[0].step]
        advice.append(f"Add this step: {step.detail or step.name}")
    missed_terms = [t.term for t in terms if not t.found]
    if missed_terms:
        advice.append("Work in these terms: " + ", ".join(missed_terms[:3]) + ".")
    low, high = COMFORTABLE_WPM
    if delivery.word_count >= 20 and delivery.words_per_minute > high:
        advice.append(
            f"Slow down a little: {delivery.words_per_minute:.0f} words a minute; "
            f"{low} to {high} is easy to follow."
        )
    elif delivery.word_count >= 20 and delivery.words_per_minute < low:
        advice.append(
            f"Keep going between ideas: {delivery.words_per_minute:.0f} words a minute; "
            f"{low} to {high} sounds fluent."
        )
    if delivery.filler_total >= 4:
        top = delivery.filler_words[0]
        advice.append(
            f"Pause silently instead of saying \u201c{top.word}\u201d ({top.count} times)."
        )
    if delivery.longest_pause_s >= LONG_PAUSE_S:
        advice.append(
            f"Your longest pause was {delivery.longest_pause_s:.1f} s: a short "
            "linking phrase (\u201cthe second point is\u201d) buys thinking time."
        )
    if not advice:
        advice.append(
            "Every step and key term was there. Next time, aim for the same in less time."
        )
    return tuple(advice[:4])


def analyse(transcript: Transcript, question: Question, pack: Pack) -> Analysis:
    """Everything the feedback shows about one answer."""
    plain = _Tokens.of(transcript.words)
    hinted = _Tokens.of(transcript.hinted_words) if transcript.hinted_words else None
    terms = find_terms(question, plain, hinted)
    steps = cover_steps(question.steps, plain)
    principles = show_principles(pack.principles, plain)
    delivery = measure_delivery(transcript)
    unclear: list[str] = []
    for word in transcript.words:
        text = word.text.strip(_EDGE_PUNCTUATION)
        if (
            word.probability < UNCLEAR_BELOW
            and sum(ch.isalnum() for ch in text) >= UNCLEAR_MIN_LETTERS
            and text not in unclear
        ):
            unclear.append(text)
    closest, options = compare_options(question, terms, steps)
    return Analysis(
        pack_id=pack.id,
        question_id=question.id,
        terms=terms,
        steps=steps,
        principles=principles,
        delivery=delivery,
        unclear_words=tuple(unclear),
        closest_option=closest,
        options=options,
        advice=advise(question, terms, steps, delivery),
    )
