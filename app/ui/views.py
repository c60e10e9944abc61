"""The views the Interview page moves between: the start, the question with its
recorder, and the summary; each scrolls in a centred column of readable width."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QListWidget,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets import LevelMeter, label, primary_button, speaker_icon

COLUMN_WIDTH = 860


def _column(widget: QWidget) -> QWidget:
    """``widget`` as a centred column of readable width."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.addStretch(1)
    widget.setMaximumWidth(COLUMN_WIDTH)
    row.addWidget(widget, 100)
    row.addStretch(1)
    return holder


class ViewPage(QWidget):
    """A view that scrolls, with its primary button (if any) always in sight below."""

    def __init__(self, view: QWidget, footer: QPushButton | None = None) -> None:
        super().__init__()
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.area.setWidget(_column(view))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.area, 1)
        if footer is not None:
            bar = QWidget()
            bar_layout = QHBoxLayout(bar)
            bar_layout.setContentsMargins(0, 6, 0, 10)
            bar_layout.addWidget(footer, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(_column(bar))


class StartView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(label("Interview practice", size=1.6, bold=True))
        row = QHBoxLayout()
        row.addWidget(label("Question pack:", wrap=False))
        self.packs = QComboBox()
        self.packs.setAccessibleName("Question pack")
        row.addWidget(self.packs, 1)
        layout.addLayout(row)
        self.description = label()
        layout.addWidget(self.description)
        self.progress = label(bold=True)
        layout.addWidget(self.progress)
        self.questions = QListWidget()
        self.questions.setAccessibleName("Questions")
        self.questions.setWordWrap(True)
        self.questions.setSpacing(3)
        self.questions.setMinimumHeight(150)
        self.questions.setMaximumHeight(260)
        layout.addWidget(self.questions)
        layout.addWidget(label("How strong answers are built", size=1.15, bold=True))
        self.principles = label(selectable=True)
        layout.addWidget(self.principles)
        self.start = primary_button("Start  (Enter)")
        layout.addWidget(self.start, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)


class QuestionView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        self.position = label()
        layout.addWidget(self.position)
        self.prompt = label(size=1.75, bold=True, selectable=True)
        self.prompt.setAccessibleName("Question")
        layout.addWidget(self.prompt)
        self.hidden_note = label(
            "The question text is hidden for listening practice. "
            "Press R to hear it again."
        )
        layout.addWidget(self.hidden_note)
        row = QHBoxLayout()
        self.replay = QPushButton("Replay  (R)")
        self.replay.setIcon(speaker_icon(self.replay))
        self.hide_text = QCheckBox("Hide the text (listening practice)")
        row.addWidget(self.replay)
        row.addWidget(self.hide_text)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addSpacing(12)

        record_row = QHBoxLayout()
        self.record = primary_button("●  Record  (Space)")
        self.record.setMinimumWidth(190)
        self.elapsed = label("0:00", size=1.3, bold=True, wrap=False)
        self.elapsed.setAccessibleName("Elapsed time")
        self.meter = LevelMeter()
        record_row.addWidget(self.record)
        record_row.addWidget(self.elapsed)
        record_row.addWidget(self.meter, 1)
        layout.addLayout(record_row)
        self.warning = label()
        self.warning.setAccessibleName("Input warning")
        layout.addWidget(self.warning)
        mic_row = QHBoxLayout()
        mic_row.addWidget(label("Microphone:", wrap=False))
        self.microphones = QComboBox()
        self.microphones.setAccessibleName("Microphone")
        mic_row.addWidget(self.microphones, 1)
        self.open_file = QPushButton("Open audio file…")
        mic_row.addWidget(self.open_file)
        layout.addLayout(mic_row)

        self.work = QWidget()
        work_row = QVBoxLayout(self.work)
        work_row.setContentsMargins(0, 8, 0, 0)
        self.work_label = label("Listening to your answer…")
        bar_row = QHBoxLayout()
        self.work_bar = QProgressBar()
        self.work_bar.setRange(0, 100)
        self.cancel = QPushButton("Cancel  (Esc)")
        bar_row.addWidget(self.work_bar, 1)
        bar_row.addWidget(self.cancel)
        work_row.addWidget(self.work_label)
        work_row.addLayout(bar_row)
        self.work.hide()
        layout.addWidget(self.work)
        self.skip = QPushButton("Skip to the written answers")
        layout.addWidget(self.skip, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)


class SummaryView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(label("Session summary", size=1.6, bold=True))
        self.headline = label(size=1.15, bold=True)
        layout.addWidget(self.headline)
        self.details = label(selectable=True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.details)
        self.again = primary_button("Back to the questions  (Enter)")
        layout.addWidget(self.again, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
