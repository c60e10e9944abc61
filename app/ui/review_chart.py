"""A small line chart drawn with QPainter, for the progress view.

QtCharts is not part of the Qt modules Rehearse ships, and a few points per
question need no more than this.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class LineChart(QWidget):
    """Values over successive attempts, with the scale from 0 to ``ceiling``.

    The last value is written beside its point, so the chart is read without
    telling colours apart.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._values: tuple[float, ...] = ()
        self._labels: tuple[str, str] = ("", "")
        self._ceiling = 1.0
        self._unit = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(220, 150)

    def sizeHint(self) -> QSize:
        return QSize(360, 200)

    @property
    def values(self) -> tuple[float, ...]:
        return self._values

    def set_values(
        self,
        values: Sequence[float],
        *,
        ceiling: float | None = None,
        first_label: str = "",
        last_label: str = "",
        unit: str = "",
    ) -> None:
        self._values = tuple(values)
        self._ceiling = max([ceiling or 0.0, *self._values, 1.0])
        self._labels = (first_label, last_label)
        self._unit = unit
        self.update()

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        accent = palette.color(QPalette.ColorRole.Highlight)
        metrics = painter.fontMetrics()
        line = metrics.height()

        title_font = QFont(painter.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, self.width(), line), self._title)
        painter.setFont(self.font())

        ticks = [(f, _number(f * self._ceiling)) for f in (0.0, 0.5, 1.0)]
        axis_width = max(metrics.horizontalAdvance(label) for _, label in ticks) + 8
        plot = QRectF(
            axis_width,
            line * 1.6,
            self.width() - axis_width - metrics.horizontalAdvance("0000 wpm") - 8,
            self.height() - line * 3.0,
        )
        for fraction, label in ticks:
            y = plot.bottom() - fraction * plot.height()
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y - line / 2, axis_width - 6, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )

        painter.setPen(text)
        first, last = self._labels
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + 2, plot.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            first,
        )
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + 2, plot.width(), line),
            Qt.AlignmentFlag.AlignRight,
            last,
        )

        if not self._values:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No attempts yet")
            painter.end()
            return
        points = self._points(plot)
        painter.setPen(QPen(accent, 2))
        if len(points) > 1:
            path = QPainterPath(points[0])
            for point in points[1:]:
                path.lineTo(point)
            painter.drawPath(path)
        painter.setBrush(accent)
        radius = 3.5 if len(points) < 40 else 2.0
        for point in points:
            painter.drawEllipse(point, radius, radius)
        painter.setPen(text)
        label = _number(self._values[-1]) + (f" {self._unit}" if self._unit else "")
        painter.drawText(
            QRectF(points[-1].x() + 6, points[-1].y() - line / 2, 200, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
        painter.end()

    def _points(self, plot: QRectF) -> list[QPointF]:
        count = len(self._values)
        step = plot.width() / (count - 1) if count > 1 else 0.0
        left = plot.left() if count > 1 else plot.center().x()
        return [
            QPointF(left + i * step, plot.bottom() - v / self._ceiling * plot.height())
            for i, v in enumerate(self._values)
        ]


def _number(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
