"""A transcript that follows playback: the word being played is highlighted, and
clicking a word asks to play from there."""

from __future__ import annotations

import html
from bisect import bisect_right
from collections.abc import Collection, Mapping

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from app.speech.transcript import Transcript

_SCHEME = "word"


class TranscriptView(QTextBrowser):
    """Shows a transcript with key terms in bold and underlined.

    Each word is a link, so the pointer shows where a click plays from; the word
    being played is selected with the palette's highlight, which reads in light and
    dark themes alike.

    Signals:
        word_clicked(int): the index of the word the learner clicked.
    """

    word_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor_clicked)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.setFont(font)
        self._transcript: Transcript | None = None
        self._starts: list[float] = []
        self._spans: list[tuple[int, int]] = []
        self._current: int | None = None

    @property
    def current_word(self) -> int | None:
        return self._current

    def word_span(self, index: int) -> tuple[int, int]:
        """Where word ``index`` is in the document, as (start, end) positions."""
        return self._spans[index]

    def show_transcript(
        self,
        transcript: Transcript | None,
        terms: Mapping[int, str] | Collection[int] = (),
        *,
        struck: Collection[int] = (),
        changed: Collection[int] = (),
        empty_text: str = "",
    ) -> None:
        """Show a transcript; ``terms`` are indices of key-term words.

        ``struck`` words are drawn struck through and ``changed`` words in italics,
        both on a tint, for comparing two answers.
        """
        self._transcript = transcript
        self._current = None
        self.setExtraSelections([])
        if transcript is None or not transcript.words:
            self._starts, self._spans = [], []
            self.setHtml(f"<p>{html.escape(empty_text)}</p>")
            return
        text_color = self.palette().color(QPalette.ColorRole.Text).name()
        tint = self.palette().color(QPalette.ColorRole.AlternateBase).name()
        self.document().setDefaultStyleSheet(
            f"a {{ color: {text_color}; text-decoration: none; }}"
        )
        parts, spans, position = [], [], 0
        for index, word in enumerate(transcript.words):
            text = html.escape(word.text)
            if index in terms:
                text = f"<b><u>{text}</u></b>"
            if index in struck:
                text = f'<s style="background-color: {tint};">{text}</s>'
            if index in changed:
                text = f'<i style="background-color: {tint};">{text}</i>'
            parts.append(f'<a href="{_SCHEME}:{index}">{text}</a>')
            spans.append((position, position + len(word.text)))
            position += len(word.text) + 1
        self.setHtml(f'<p style="line-height: 160%;">{" ".join(parts)}</p>')
        self._starts = [word.start for word in transcript.words]
        self._spans = spans

    def follow(self, position_s: float) -> None:
        """Highlight the word being played at ``position_s``."""
        if not self._starts:
            return
        index = max(bisect_right(self._starts, position_s) - 1, 0)
        self.set_current_word(index)

    def set_current_word(self, index: int | None) -> None:
        if index == self._current:
            return
        self._current = index
        if index is None:
            self.setExtraSelections([])
            return
        start, end = self._spans[index]
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = QTextCharFormat()
        palette = self.palette()
        selection.format.setBackground(palette.color(QPalette.ColorRole.Highlight))
        selection.format.setForeground(
            palette.color(QPalette.ColorRole.HighlightedText)
        )
        self.setExtraSelections([selection])
        visible = QTextCursor(self.document())
        visible.setPosition(start)
        self.setTextCursor(visible)
        self.ensureCursorVisible()

    def start_of(self, index: int) -> float:
        return self._starts[index]

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() != _SCHEME:
            return
        try:
            index = int(url.path())
        except ValueError:
            return
        if 0 <= index < len(self._starts):
            self.word_clicked.emit(index)
