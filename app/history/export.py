"""Reports of attempts as Markdown, HTML or PDF.

A report gives, for each attempt, what to do next time, the key terms found and
missed, the steps of the answer, the delivery, the written option the learner
picked, and the transcript with the found terms marked. Everything taken from a pack
or a transcript is escaped, so a report never runs or shows markup it was given.

PDF is drawn by Qt from the HTML report (``app.ui.review_pdf``): Qt is already a
dependency, lays out any script and embeds its fonts, so no PDF library is added.
That module is imported only when a PDF is asked for, so Markdown and HTML export
run without Qt.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.errors import HistoryError
from app.history.highlight import squash, term_word_indices
from app.history.store import Attempt
from app.packs.model import Pack, Question

log = logging.getLogger(__name__)

FORMATS = ("md", "html", "pdf")

PackLookup = Mapping[str, Pack] | Callable[[str], Pack | None]
PdfWriter = Callable[[str, Path], None]


@dataclass(frozen=True)
class _Context:
    """What a report says about an attempt besides the attempt itself."""

    pack: Pack | None
    question: Question | None

    @property
    def prompt(self) -> str | None:
        return None if self.question is None else self.question.prompt


def _context(attempt: Attempt, packs: PackLookup) -> _Context:
    pack = (
        packs.get(attempt.pack_id)
        if isinstance(packs, Mapping)
        else packs(attempt.pack_id)
    )
    question = None
    if pack is not None:
        try:
            question = pack.question(attempt.question_id)
        except KeyError:
            question = None
    return _Context(pack, question)


def _heard_differently(heard_as: str, term: str) -> bool:
    """Whether the recogniser's words differ from the term by more than spelling."""
    return bool(heard_as) and squash(heard_as) != squash(term)


def when(attempt: Attempt) -> str:
    """The local date and time an attempt started, for people."""
    return f"{attempt.started_at.astimezone():%a %d %b %Y, %H:%M}"


def export_attempts(
    attempts: Iterable[Attempt],
    pack_lookup: PackLookup,
    fmt: str,
    path: Path,
    *,
    pdf_writer: PdfWriter | None = None,
) -> Path:
    """Write a report of ``attempts`` to ``path`` in ``fmt`` ("md", "html" or "pdf").

    Args:
        pack_lookup: pack id to pack, as a mapping or a function; a missing pack
            leaves out the prompt and the options' explanations, nothing else.
        pdf_writer: draws HTML into a PDF file; needed for ``fmt='pdf'``. The
            window and the command line pass Qt's, so this module needs no Qt.

    Raises:
        HistoryError: the format is unknown or the file cannot be written.
    """
    attempts = list(attempts)
    path = Path(path)
    if fmt not in FORMATS:
        raise HistoryError(
            f"Export failed: {fmt!r} is not a report format. Choose md, html or pdf."
        )
    try:
        if fmt == "md":
            path.write_text(render_markdown(attempts, pack_lookup), encoding="utf-8")
        elif fmt == "html":
            path.write_text(render_html(attempts, pack_lookup), encoding="utf-8")
        else:
            if pdf_writer is None:
                raise ValueError("a PDF export needs a pdf_writer")
            pdf_writer(render_html(attempts, pack_lookup, for_print=True), path)
    except OSError as error:
        raise HistoryError(
            f"Export failed: {path} cannot be written ({error.strerror or error})."
            " Choose another folder."
        ) from error
    log.info("exported %d attempts as %s", len(attempts), fmt)
    return path


# Markdown


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_markdown(attempts: Iterable[Attempt], pack_lookup: PackLookup) -> str:
    lines = ["# Rehearse: your answers", ""]
    for attempt in attempts:
        lines += _attempt_markdown(attempt, _context(attempt, pack_lookup))
    return "\n".join(lines).rstrip() + "\n"


def _attempt_markdown(attempt: Attempt, context: _Context) -> list[str]:
    title = context.prompt or f"Question {attempt.question_id}"
    pack = context.pack.title if context.pack else attempt.pack_id
    lines = [f"## {_md(title)}", "", f"*{_md(pack)} · {when(attempt)}*", ""]
    analysis, transcript = attempt.analysis, attempt.transcript
    if analysis is None or transcript is None:
        return [*lines, "Not transcribed yet.", ""]

    if analysis.advice:
        lines += ["### Next time", ""]
        lines += [f"- {_md(advice)}" for advice in analysis.advice]
        lines.append("")

    lines += [
        f"### Key terms: {analysis.terms_found} of {len(analysis.terms)} found",
        "",
    ]
    for term in analysis.terms:
        if term.found:
            heard = ""
            if _heard_differently(term.heard_as, term.term):
                heard = f" (heard as “{_md(term.heard_as)}”)"
            lines.append(f"- found: **{_md(term.term)}**{heard}")
    for term in analysis.terms:
        if not term.found:
            definition = f": {_md(term.definition)}" if term.definition else ""
            lines.append(f"- missed: {_md(term.term)}{definition}")
    lines.append("")

    lines += [
        f"### Steps: {analysis.steps_covered} of {len(analysis.steps)} covered",
        "",
    ]
    for step in analysis.steps:
        if step.covered:
            evidence = f": “{_md(step.evidence)}”" if step.evidence else ""
            lines.append(f"- covered: {_md(step.step)}{evidence}")
        else:
            lines.append(f"- not yet: {_md(step.step)}")
    lines.append("")

    lines += ["### Delivery", "", *[f"- {line}" for line in _delivery(attempt)], ""]
    if analysis.unclear_words:
        unclear = ", ".join(_md(word) for word in analysis.unclear_words)
        lines += [f"Words the recogniser was unsure of: {unclear}", ""]

    lines += ["### Your choice", "", *[_md(line) for line in _choice(attempt, context)]]
    lines.append("")

    marked = term_word_indices(transcript, analysis)
    words = [
        f"**{_md(word.text)}**" if index in marked else _md(word.text)
        for index, word in enumerate(transcript.words)
    ]
    lines += ["### Transcript", "", " ".join(words) or _md(transcript.text), ""]
    return lines


def _delivery(attempt: Attempt) -> list[str]:
    assert attempt.analysis is not None and attempt.transcript is not None
    delivery = attempt.analysis.delivery
    fillers = ", ".join(f"“{f.word}” × {f.count}" for f in delivery.filler_words)
    return [
        f"Length: {attempt.transcript.duration_s:.0f} s, {delivery.word_count} words",
        f"Pace: {delivery.words_per_minute:.0f} words per minute",
        f"Filler words: {delivery.filler_total}" + (f" ({fillers})" if fillers else ""),
        f"Longest pause: {delivery.longest_pause_s:.1f} s",
    ]


def _choice(attempt: Attempt, context: _Context) -> list[str]:
    lines = []
    if attempt.picked is None:
        lines.append("You have not picked a written answer yet.")
    else:
        strongest = context.question.correct if context.question else None
        if attempt.correct:
            lines.append(f"You picked {attempt.picked}, the strongest answer.")
        elif strongest:
            lines.append(f"You picked {attempt.picked}; the strongest is {strongest}.")
        else:
            lines.append(f"You picked {attempt.picked}.")
        if context.question is not None:
            try:
                option = context.question.option(attempt.picked)
            except KeyError:
                option = None
            if option is not None and option.explanation:
                lines.append(f"Why {option.label}: {option.explanation}")
    if attempt.analysis is not None and attempt.analysis.closest_option:
        lines.append(
            "Your spoken answer was closest to option"
            f" {attempt.analysis.closest_option}."
        )
    return lines


# HTML


_STYLE = """
body { font-family: sans-serif; line-height: 1.5; max-width: 46em; margin: 2em auto;
       padding: 0 1em; }
h2 { margin-top: 2em; }
.meta { color: #555; }
.transcript { line-height: 1.8; }
b.term { text-decoration: underline; }
"""


def render_html(
    attempts: Iterable[Attempt], pack_lookup: PackLookup, *, for_print: bool = False
) -> str:
    """A whole HTML document; ``for_print`` leaves out what paper does not need."""
    fragments = [
        attempt_html(attempt, pack_lookup, heading="h2") for attempt in attempts
    ]
    if for_print:
        # Each attempt after the first starts a page.
        fragments = fragments[:1] + [
            f'<div style="page-break-before: always;">{fragment}</div>'
            for fragment in fragments[1:]
        ]
    body = "".join(fragments)
    style = "" if for_print else f"<style>{_STYLE}</style>"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Rehearse: your answers</title>{style}</head>"
        f"<body><h1>Rehearse: your answers</h1>{body}</body></html>\n"
    )


def attempt_html(
    attempt: Attempt,
    pack_lookup: PackLookup,
    *,
    heading: str = "h2",
    with_title: bool = True,
    with_transcript: bool = True,
) -> str:
    """One attempt's report as an HTML fragment (also what the review page shows)."""
    esc = html.escape
    context = _context(attempt, pack_lookup)
    sub = "h3" if heading == "h2" else "h4"
    title = context.prompt or f"Question {attempt.question_id}"
    pack = context.pack.title if context.pack else attempt.pack_id
    parts = []
    if with_title:
        parts += [
            f"<{heading}>{esc(title)}</{heading}>",
            f'<p class="meta">{esc(pack)} · {esc(when(attempt))}</p>',
        ]
    analysis, transcript = attempt.analysis, attempt.transcript
    if analysis is None or transcript is None:
        return "".join([*parts, "<p>Not transcribed yet.</p>"])

    if analysis.advice:
        parts.append(f"<{sub}>Next time</{sub}><ul>")
        parts += [f"<li>{esc(advice)}</li>" for advice in analysis.advice]
        parts.append("</ul>")

    parts.append(
        f"<{sub}>Key terms: {analysis.terms_found} of {len(analysis.terms)}"
        f" found</{sub}><ul>"
    )
    for term in analysis.terms:
        if term.found:
            heard = ""
            if _heard_differently(term.heard_as, term.term):
                heard = f" (heard as “{esc(term.heard_as)}”)"
            parts.append(
                f'<li>found: <b class="term"><u>{esc(term.term)}</u></b>{heard}</li>'
            )
    for term in analysis.terms:
        if not term.found:
            definition = f": {esc(term.definition)}" if term.definition else ""
            parts.append(f"<li>missed: {esc(term.term)}{definition}</li>")
    parts.append("</ul>")

    parts.append(
        f"<{sub}>Steps: {analysis.steps_covered} of {len(analysis.steps)}"
        f" covered</{sub}><ul>"
    )
    for step in analysis.steps:
        if step.covered:
            evidence = f": “{esc(step.evidence)}”" if step.evidence else ""
            parts.append(f"<li>covered: <b>{esc(step.step)}</b>{evidence}</li>")
        else:
            parts.append(f"<li>not yet: {esc(step.step)}</li>")
    parts.append("</ul>")

    parts.append(f"<{sub}>Delivery</{sub}><ul>")
    parts += [f"<li>{esc(line)}</li>" for line in _delivery(attempt)]
    parts.append("</ul>")
    if analysis.unclear_words:
        unclear = ", ".join(esc(word) for word in analysis.unclear_words)
        parts.append(f"<p>Words the recogniser was unsure of: {unclear}</p>")

    parts.append(f"<{sub}>Your choice</{sub}>")
    parts += [f"<p>{esc(line)}</p>" for line in _choice(attempt, context)]

    if with_transcript:
        marked = term_word_indices(transcript, analysis)
        words = [
            f'<b class="term"><u>{esc(word.text)}</u></b>'
            if index in marked
            else esc(word.text)
            for index, word in enumerate(transcript.words)
        ]
        text = " ".join(words) or esc(transcript.text)
        parts.append(f'<{sub}>Transcript</{sub}><p class="transcript">{text}</p>')
    return "".join(parts)
