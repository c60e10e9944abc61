"""A small line chart for the progress view, drawn with pyqtgraph.

QtCharts is not part of the Qt modules Rehearse ships (PySide6-Essentials), so the
chart uses pyqtgraph, a maintained plotting library built on Qt's graphics view.
Its colours come from the widget's palette and the app's accent, so it follows
light and dark themes; it takes no mouse input, so it cannot be panned or zoomed
by accident.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QGraphicsView, QLabel, QSizePolicy, QVBoxLayout, QWidget

# pyqtgraph draws with the Qt binding already imported, so PySide6 comes first:
# otherwise it would pick PyQt where that is installed too.
# isort: split
import pyqtgraph as pg

from app.ui.theme import accent

# Room beside the plot for the last value, the same in every chart so that their
# plots line up.
_VALUE_SPACE = "0000 wpm"


class _EdgeAxis(pg.AxisItem):
    """A bottom axis whose labels stay inside it.

    A label centred on the first or last point would reach past the plot's edge;
    it is moved inward instead of being dropped.
    """

    def __init__(self) -> None:
        super().__init__("bottom")
        # Measure labels that reach this far past the ends, then move them in.
        self.setStyle(hideOverlappingLabels=80)

    def generateDrawSpecs(self, p: QPainter) -> object:
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return None
        axis, ticks, texts = specs
        bounds = self.mapRectFromParent(self.geometry())
        inside = []
        for rect, flags, text in texts:
            rect = QRectF(rect)
            if rect.left() < bounds.left():
                rect.moveLeft(bounds.left())
            if rect.right() > bounds.right():
                rect.moveRight(bounds.right())
            inside.append((rect, flags, text))
        return axis, ticks, inside


class LineChart(QWidget):
    """Values over successive attempts, with the scale from 0 to ``ceiling``.

    The x axis counts attempts, with the first and last attempts' dates beneath
    them and a small tick for each attempt. The last value is written beside its
    point, so the chart is read without telling colours apart.
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

        self.title_label = QLabel(title)
        font = QFont(self.font())
        font.setBold(True)
        self.title_label.setFont(font)

        self._bottom = _EdgeAxis()
        self.plot = pg.PlotWidget(background=None, axisItems={"bottom": self._bottom})
        self.plot.setAntialiasing(True)
        # A picture, not a control: no pan, zoom, menu, auto-range button or focus;
        # clicks and the wheel go to the page beneath.
        self.plot.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Qt fills a cached background with the palette; draw it fresh, transparent.
        self.plot.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        self.plot.viewport().setAutoFillBackground(False)
        item = self.plot.getPlotItem()
        item.setMouseEnabled(x=False, y=False)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.showAxis("right")
        item.getViewBox().setDefaultPadding(0.04)
        self._left = item.getAxis("left")
        self._right = item.getAxis("right")
        self._left.setGrid(255)
        self._right.setStyle(tickLength=0, tickAlpha=0)

        self._curve = pg.PlotDataItem(antialias=True)
        item.addItem(self._curve)
        self._empty = pg.TextItem("No attempts yet", anchor=(0.5, 0.5))
        item.addItem(self._empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.plot, 1)
        self._apply_palette()
        self._redraw()

    def sizeHint(self) -> QSize:
        return QSize(360, 200)

    @property
    def values(self) -> tuple[float, ...]:
        return self._values

    def plotted(self) -> tuple[tuple[float, float], ...]:
        """The points on the chart, as (attempt index, value)."""
        xs, ys = self._curve.getData()
        if xs is None or ys is None:
            return ()
        return tuple((float(x), float(y)) for x, y in zip(xs, ys, strict=True))

    def date_labels(self) -> tuple[str, ...]:
        """The labels under the x axis, oldest first."""
        return tuple(label for _, label in self._date_ticks() if label)

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
        self._redraw()

    # Drawing

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._apply_palette()

    def _apply_palette(self) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        colour = accent(palette)
        font = QFont(self.font())
        metrics = self.fontMetrics()

        title_font = QFont(font)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        for axis in (self._left, self._bottom, self._right):
            axis.setTickFont(font)
            axis.setTextPen(pg.mkPen(text))
        self._left.setPen(pg.mkPen(grid))
        self._bottom.setPen(pg.mkPen(grid))
        self._right.setPen(pg.mkPen(None))
        self._right.setWidth(metrics.horizontalAdvance(_VALUE_SPACE) + 12)
        self._curve.setPen(pg.mkPen(colour, width=2))
        self._curve.setSymbolPen(pg.mkPen(colour))
        self._curve.setSymbolBrush(pg.mkBrush(colour))
        self._empty.setColor(QColor(text))
        self._empty.setFont(font)

    def _redraw(self) -> None:
        count = len(self._values)
        ceiling = self._ceiling
        item = self.plot.getPlotItem()
        self._left.setTicks(
            [[(f * ceiling, _number(f * ceiling)) for f in (0.0, 0.5, 1.0)], []]
        )
        self._bottom.setTicks(self._tick_levels())
        if count:
            last = self._values[-1]
            label = _number(last) + (f" {self._unit}" if self._unit else "")
            self._right.setTicks([[(last, label)], []])
        else:
            self._right.setTicks([[], []])

        self._curve.setData(
            list(range(count)),
            list(self._values),
            symbol="o",
            symbolSize=7 if count < 40 else 4,
        )
        self._empty.setVisible(count == 0)
        if count == 0:
            # Between the grid lines, so that none runs through the words.
            self._empty.setPos(0.5, ceiling * 0.75)
        x_low, x_high = (0.0, max(count - 1, 0.0)) if count > 1 else (-1.0, 1.0)
        if count == 0:
            x_low, x_high = 0.0, 1.0
        item.setXRange(x_low, x_high)
        item.setYRange(0.0, ceiling)

    def _date_ticks(self) -> list[tuple[float, str]]:
        count = len(self._values)
        first, last = self._labels
        if count == 0:
            return []
        if count == 1:
            return [(0.0, last or first)]
        return [(0.0, first), (float(count - 1), last)]

    def _tick_levels(self) -> list[list[tuple[float, str]]]:
        dated = self._date_ticks()
        marked = {x for x, _ in dated}
        attempts = [(float(i), "") for i in range(len(self._values)) if i not in marked]
        return [dated, attempts]


def _number(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
