"""The four written answers, in a fresh order each attempt, to pick the strongest.

Letters on screen are "shown labels"; the pack's own labels never appear, so the
order cannot be learnt. After the pick, every option's explanation, the formula, and
a table of the learner's answer beside the four written ones.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.packs import LABELS
from app.ui.widgets import label, speaker_icon

if TYPE_CHECKING:
    from app.analysis.model import Analysis
    from app.packs import Question


def _paragraph(text: str, *, escape: bool = True) -> str:
    body = html.escape(text) if escape else text
    return f"<p style='line-height:135%;'>{body}</p>"


class OptionCard(QFrame):
    def __init__(self, shown: str, key: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.shown = shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        top = QHBoxLayout()
        self.letter = label(shown, size=1.4, bold=True, wrap=False)
        self.mark = label(bold=True)
        top.addWidget(self.letter)
        top.addWidget(self.mark, 1)
        self.read = QPushButton("Read aloud")
        self.read.setIcon(speaker_icon(self.read))
        self.read.setAccessibleName(f"Read answer {shown} aloud")
        self.choose = QPushButton(f"Choose {shown}  ({key})")
        top.addWidget(self.read)
        top.addWidget(self.choose)
        layout.addLayout(top)
        self.plain_text = ""
        self.text = label(selectable=True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.text)
        self.explanation = label(selectable=True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.hide()
        layout.addWidget(self.explanation)


class ComparisonView(QWidget):
    """Signals:
    picked: the shown letter the learner chose.
    read_requested: text to read aloud.
    """

    picked = Signal(str)
    read_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._order: list[str] = list(LABELS)
        self._question: Question | None = None
        self.revealed = False
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        self.prompt = label(size=1.2, bold=True)
        layout.addWidget(self.prompt)
        self.instruction = label()
        layout.addWidget(self.instruction)
        self.result = label(size=1.2, bold=True)
        self.result.hide()
        layout.addWidget(self.result)
        self.cards: list[OptionCard] = []
        for number, shown in enumerate(LABELS, 1):
            card = OptionCard(shown, number)
            card.choose.clicked.connect(
                lambda _checked=False, letter=shown: self.pick(letter)
            )
            card.read.clicked.connect(
                lambda _checked=False, c=card: self.read_requested.emit(c.plain_text)
            )
            self.cards.append(card)
            layout.addWidget(card)
        self.formula_title = label("The formula", size=1.15, bold=True)
        self.formula = label(selectable=True)
        self.table_title = label(
            "Your answer beside the written ones", size=1.15, bold=True
        )
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(True)
        for widget in (self.formula_title, self.formula, self.table_title, self.table):
            widget.hide()
            layout.addWidget(widget)

    @property
    def order(self) -> list[str]:
        """Pack labels in the order shown: ``order[0]`` is shown as A."""
        return list(self._order)

    def shown_labels(self) -> dict[str, str]:
        """Pack label to shown letter."""
        return {pack: LABELS[i] for i, pack in enumerate(self._order)}

    def pack_label(self, shown: str) -> str:
        return self._order[LABELS.index(shown)]

    def show_question(self, question: Question, order: Sequence[str]) -> None:
        self._question = question
        self._order = list(order)
        self.revealed = False
        self.prompt.setText(question.prompt)
        self.instruction.setText(
            f"{question.instruction} Choose with the mouse, or press 1–4 or A–D."
        )
        self.result.hide()
        for card, pack_label in zip(self.cards, self._order, strict=True):
            option = question.option(pack_label)
            card.plain_text = option.text
            card.text.setText(_paragraph(option.text))
            card.explanation.setText(
                _paragraph(
                    f"<b>Why:</b> {html.escape(option.explanation)}", escape=False
                )
            )
            card.explanation.hide()
            card.mark.setText("")
            card.choose.setEnabled(True)
            card.choose.show()
        for widget in (self.formula_title, self.formula, self.table_title, self.table):
            widget.hide()

    def pick(self, shown: str) -> None:
        if not self.revealed and shown in LABELS:
            self.picked.emit(shown)

    def reveal(
        self,
        shown: str,
        learner: Analysis | None,
        options: Mapping[str, Analysis],
    ) -> None:
        """Show whether ``shown`` was right, every explanation, and the table."""
        question = self._question
        if question is None:
            return
        self.revealed = True
        correct_shown = self.shown_labels()[question.correct]
        if shown == correct_shown:
            self.result.setText(f"✓  Yes: {shown} is the strongest answer.")
        else:
            self.result.setText(
                f"You chose {shown}. The strongest answer is {correct_shown}; "
                "read why below."
            )
        self.result.show()
        for card in self.cards:
            marks = []
            if card.shown == correct_shown:
                marks.append("★ Strongest")
            if card.shown == shown:
                marks.append("Your choice")
            card.mark.setText("  ·  ".join(marks))
            card.choose.hide()
            card.explanation.show()
        if question.formula:
            self.formula.setText(question.formula)
            self.formula_title.show()
            self.formula.show()
        self._fill_table(question, learner, options)
        self.table_title.show()
        self.table.show()

    def _fill_table(
        self,
        question: Question,
        learner: Analysis | None,
        options: Mapping[str, Analysis],
    ) -> None:
        columns: list[tuple[str, Analysis | None]] = [("You", learner)]
        columns += [(LABELS[i], options.get(p)) for i, p in enumerate(self._order)]
        rows = [f"Term: {t.term}" for t in question.terms]
        rows += [f"Step {n}: {s.name}" for n, s in enumerate(question.steps, 1)]
        self.table.clear()
        self.table.setRowCount(len(rows) + 1)
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels([name for name, _ in columns])
        self.table.setVerticalHeaderLabels(["Total", *rows])
        for column, (_name, analysis) in enumerate(columns):
            if analysis is None:
                marks = ["—"] * len(rows)
                # The learner's answer may have no transcript; the written ones are
                # only still being analysed.
                total = "not transcribed" if column == 0 else "checking…"
            else:
                marks = ["✓" if t.found else "–" for t in analysis.terms]
                marks += ["✓" if s.covered else "–" for s in analysis.steps]
                total = (
                    f"{analysis.terms_found}/{len(analysis.terms)} terms, "
                    f"{analysis.steps_covered}/{len(analysis.steps)} steps"
                )
            for row, text in enumerate([total, *marks]):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + 4
        height += sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(height)

    def cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item else ""
