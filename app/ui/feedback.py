"""What the learner said, and what to do next time: the feedback after an answer.

Advice comes first, then counts and details. Found terms are underlined and bold in
the transcript (never colour alone), with the definition as a tooltip.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCursor, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets import clear_layout, label, speaker_icon

if TYPE_CHECKING:
    from app.analysis.model import Analysis, TermResult
    from app.packs import Question
    from app.speech.transcript import Transcript

COMFORTABLE_WPM = (110, 160)


def clock(seconds: float) -> str:
    """``75.4`` as ``1:15``."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def highlighted_transcript(
    text: str, terms: tuple[TermResult, ...], palette: QPalette
) -> str:
    """The transcript as HTML, each found term a bold, underlined link ``term:N``."""
    spans: list[tuple[int, int, int]] = []
    for index, term in enumerate(terms):
        heard = (term.heard_as or "").strip(" \t.,;:!?\"'“”")
        if not term.found or not heard:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(heard) + r"(?!\w)", re.IGNORECASE)
        for match in pattern.finditer(text):
            if not any(s < match.end() and match.start() < e for s, e, _ in spans):
                spans.append((match.start(), match.end(), index))
    spans.sort()
    colour = palette.color(QPalette.ColorRole.Text).name()
    parts: list[str] = []
    cursor = 0
    for start, end, index in spans:
        parts.append(html.escape(text[cursor:start]))
        parts.append(
            f'<a href="term:{index}" style="color:{colour}; font-weight:700; '
            f'text-decoration:underline;">{html.escape(text[start:end])}</a>'
        )
        cursor = end
    parts.append(html.escape(text[cursor:]))
    body = "".join(parts) or "<i>Nothing was heard in this recording.</i>"
    return f'<p style="line-height:150%;">{body}</p>'


def _tick(done: bool) -> str:
    return "✓" if done else "○"


class FeedbackView(QWidget):
    """Shows one answer's analysis.

    Signals:
        hear_requested: text to read aloud (a missed term).
    """

    hear_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._terms: tuple[TermResult, ...] = ()
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        layout.addWidget(label("What to do next time", size=1.3, bold=True))
        self.advice = label(selectable=True)
        self.advice.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.advice)
        self.counts = label(bold=True)
        layout.addWidget(self.counts)

        self._heading(layout, "What you said")
        self.transcript = QLabel()
        self.transcript.setWordWrap(True)
        self.transcript.setTextFormat(Qt.TextFormat.RichText)
        self.transcript.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
        )
        self.transcript.setOpenExternalLinks(False)
        self.transcript.setFont(self.font())
        self.transcript.linkHovered.connect(self._on_transcript_link_hovered)
        self.transcript.linkActivated.connect(self._on_transcript_link_activated)
        layout.addWidget(self.transcript)
        layout.addWidget(
            label(
                "Bold, underlined words are key terms you used. "
                "Point at one for its meaning."
            )
        )

        self._heading(layout, "Key terms to practise")
        self.missed_box = QWidget()
        self.missed_grid = QGridLayout(self.missed_box)
        self.missed_grid.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.missed_box)

        self._heading(layout, "The formula of a strong answer")
        self.steps = label(selectable=True)
        layout.addWidget(self.steps)

        self._heading(layout, "Principles")
        self.principles = label(selectable=True)
        layout.addWidget(self.principles)

        self._heading(layout, "Delivery")
        self.delivery = label(selectable=True)
        layout.addWidget(self.delivery)

        self.unclear = label(selectable=True)
        layout.addWidget(self.unclear)
        self.closest = label()
        layout.addWidget(self.closest)

    @staticmethod
    def _heading(layout: QVBoxLayout, text: str) -> None:
        layout.addSpacing(8)
        layout.addWidget(label(text, size=1.15, bold=True))

    def show_feedback(
        self,
        question: Question,
        transcript: Transcript,
        analysis: Analysis,
        shown_labels: Mapping[str, str],
    ) -> None:
        """Fill the view. ``shown_labels`` maps pack labels to the letters on screen."""
        self._terms = analysis.terms
        advice = analysis.advice or (
            "Keep going: this answer covered the main points.",
        )
        self.advice.setText(
            "<ul style='-qt-list-indent: 1; margin: 0;'>"
            + "".join(
                f"<li style='margin-bottom: 4px;'>{html.escape(line)}</li>"
                for line in advice
            )
            + "</ul>"
        )
        self.counts.setText(
            f"{analysis.terms_found} of {len(analysis.terms)} key terms  ·  "
            f"{analysis.steps_covered} of {len(analysis.steps)} formula steps  ·  "
            f"{sum(p.shown for p in analysis.principles)} of "
            f"{len(analysis.principles)} principles"
        )
        self.transcript.setText(
            highlighted_transcript(transcript.text, analysis.terms, self.palette())
        )

        clear_layout(self.missed_grid)
        missed = [t for t in analysis.terms if not t.found]
        if not missed:
            self.missed_grid.addWidget(label("You used every key term."), 0, 0)
        for index, term in enumerate(missed):
            button = QPushButton(term.term)
            button.setIcon(speaker_icon(button))
            button.setToolTip(term.definition or term.term)
            button.setAccessibleName(f"Hear {term.term}")
            button.clicked.connect(
                lambda _checked=False, text=term.term: self.hear_requested.emit(text)
            )
            self.missed_grid.addWidget(button, index // 3, index % 3)

        self.steps.setText(
            "\n".join(
                f"{_tick(s.covered)}  {number}. {s.step}"
                + (f" — you said “{s.evidence}”" if s.covered and s.evidence else "")
                + ("" if s.covered else " — not heard yet")
                for number, s in enumerate(analysis.steps, 1)
            )
        )
        self.principles.setText(
            "\n".join(
                f"{_tick(p.shown)}  {p.name}"
                + (f" — “{p.evidence}”" if p.shown and p.evidence else "")
                for p in analysis.principles
            )
        )
        self.delivery.setText(self._delivery_text(analysis))
        unclear = ", ".join(analysis.unclear_words)
        self.unclear.setText(
            f"Words the recogniser was unsure of: {unclear}. Say them a little more "
            "slowly next time."
            if unclear
            else "Every word was heard clearly."
        )
        self.unclear.setVisible(True)
        closest = shown_labels.get(analysis.closest_option, "")
        self.closest.setText(
            f"Your answer is closest to written answer {closest}. You will see the "
            "four written answers next."
            if closest
            else ""
        )

    @staticmethod
    def _delivery_text(analysis: Analysis) -> str:
        delivery = analysis.delivery
        low, high = COMFORTABLE_WPM
        wpm = round(delivery.words_per_minute)
        if wpm < low:
            pace = "a little slow; aim for"
        elif wpm > high:
            pace = "a little fast; aim for"
        else:
            pace = "comfortable: within"
        fillers = ", ".join(f"“{f.word}” ×{f.count}" for f in delivery.filler_words)
        if delivery.longest_pause_s < 1.0:
            pause = "No pause longer than a second"
        else:
            pause = f"Longest pause: {delivery.longest_pause_s:.1f} s"
            if delivery.longest_pause_at_s is not None:
                pause += f" at {clock(delivery.longest_pause_at_s)}"
        return "\n".join(
            [
                f"Pace: {wpm} words per minute ({pace} {low}–{high}).",
                f"Filler words: {fillers} ({delivery.filler_total} in all)."
                if fillers
                else "Filler words: none.",
                pause + f", in {clock(delivery.duration_s)} of speaking.",
            ]
        )

    def _term_at(self, link: str) -> TermResult | None:
        if not link.startswith("term:"):
            return None
        try:
            return self._terms[int(link.removeprefix("term:"))]
        except (ValueError, IndexError):
            return None

    def _on_transcript_link_hovered(self, link: str) -> None:
        term = self._term_at(link)
        if term is None:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), f"{term.term}: {term.definition}", self)

    def _on_transcript_link_activated(self, link: str) -> None:
        term = self._term_at(link)
        if term is not None:
            self.hear_requested.emit(term.term)

    def definition_of(self, link: str) -> str:
        """The tooltip text for a transcript link, for tests and accessibility."""
        term = self._term_at(link)
        return f"{term.term}: {term.definition}" if term else ""
