"""Which words of a transcript are the key terms the analysis found."""

from __future__ import annotations

import re

from app.analysis.model import Analysis
from app.speech.transcript import Transcript

_NOT_LETTERS = re.compile(r"[^0-9a-z]+")

# A term is said in at most this many more words than it is written in
# ("BigQuery" heard as "big query").
_EXTRA_WORDS = 2


def squash(text: str) -> str:
    """Only the letters and digits of ``text``, in lower case."""
    return _NOT_LETTERS.sub("", text.casefold())


def term_word_indices(transcript: Transcript, analysis: Analysis) -> dict[int, str]:
    """Map the index of each word that belongs to a found term to that term.

    A term is matched by its letters and digits only, so punctuation, hyphens and
    spacing differences between the transcript and the term do not matter. Every
    place the term (or the words it was heard as) occurs is marked.
    """
    squashed = [squash(word.text) for word in transcript.words]
    marked: dict[int, str] = {}
    for result in analysis.terms:
        if not result.found:
            continue
        forms = {squash(result.term), squash(result.heard_as)} - {""}
        longest = max(len(result.term.split()), len(result.heard_as.split())) + (
            _EXTRA_WORDS
        )
        for start in range(len(squashed)):
            if not squashed[start]:
                continue
            joined = ""
            for end in range(start, min(start + longest, len(squashed))):
                joined += squashed[end]
                if joined in forms:
                    for index in range(start, end + 1):
                        marked.setdefault(index, result.term)
                    break
                if not any(form.startswith(joined) for form in forms):
                    break
    return marked
