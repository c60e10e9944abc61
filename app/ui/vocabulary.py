"""The Vocabulary page: a pack's key terms with definitions, and a way to hear each."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.packs import Pack
from app.ui.widgets import clear_layout, label, speaker_icon


class VocabularyPage(QWidget):
    """Signals:
    hear_requested: a term to read aloud.
    """

    hear_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pack: Pack | None = None
        self.buttons: dict[str, QPushButton] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.addStretch(1)
        column = QWidget()
        column.setMaximumWidth(860)
        row.addWidget(column, 100)
        row.addStretch(1)
        area.setWidget(holder)
        outer.addWidget(area)

        layout = QVBoxLayout(column)
        layout.addWidget(label("Vocabulary", size=1.6, bold=True))
        self.subtitle = label()
        layout.addWidget(self.subtitle)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(10)
        self.grid.setColumnStretch(1, 1)
        layout.addLayout(self.grid)
        layout.addStretch(1)

    def show_pack(self, pack: Pack | None) -> None:
        self.pack = pack
        clear_layout(self.grid)
        self.buttons = {}
        if pack is None:
            self.subtitle.setText("Choose a question pack on the Interview page.")
            return
        terms = pack.terms
        self.subtitle.setText(f"{len(terms)} key terms in “{pack.title}”.")
        for row, term in enumerate(terms):
            button = QPushButton("Hear it")
            button.setIcon(speaker_icon(button))
            button.setAccessibleName(f"Hear {term.term}")
            button.clicked.connect(
                lambda _checked=False, text=term.term: self.hear_requested.emit(text)
            )
            self.buttons[term.term] = button
            name = label(term.term, bold=True, selectable=True)
            name.setMinimumWidth(170)
            text = term.definition
            if term.hint:
                text += f"\nSay it: {term.hint}"
            self.grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(
                label(text, selectable=True), row, 1, Qt.AlignmentFlag.AlignTop
            )
            self.grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
