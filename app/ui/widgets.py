"""Small widgets shared by the pages: the message banner, the level meter, labels."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QIcon, QPainter, QPalette, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.ui.theme import accent, scaled_font


def label(
    text: str = "",
    parent: QWidget | None = None,
    *,
    size: float = 1.0,
    bold: bool = False,
    wrap: bool = True,
    selectable: bool = False,
) -> QLabel:
    widget = QLabel(text, parent)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if size != 1.0 or bold:
        widget.setFont(
            scaled_font(widget, size, QFont.Weight.DemiBold if bold else None)
        )
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget in ``layout``."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


def speaker_icon(widget: QWidget, size: int = 16) -> QIcon:
    """The icon of buttons that read something aloud, in the button's text colour.

    Drawn rather than taken from the style, whose pixmap is black in dark mode.
    """
    ratio = widget.devicePixelRatioF() or 1.0
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = widget.palette().color(QPalette.ColorRole.ButtonText)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    body = QPolygonF(
        [
            QPointF(1, 6),
            QPointF(4, 6),
            QPointF(8, 2),
            QPointF(8, 14),
            QPointF(4, 10),
            QPointF(1, 10),
        ]
    )
    painter.drawPolygon(body)
    pen = QPen(colour, 1.4)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for radius in (3.0, 5.5):
        painter.drawArc(
            QRectF(8 - radius, 8 - radius, 2 * radius, 2 * radius), -50 * 16, 100 * 16
        )
    painter.end()
    return QIcon(pixmap)


def primary_button(text: str, parent: QWidget | None = None) -> QPushButton:
    """The one main action of a page; its text names the key that does the same."""
    button = QPushButton(text, parent)
    button.setProperty("primary", True)
    button.setMinimumHeight(40)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


class MessageBanner(QFrame):
    """A message in the window, never a modal dialog: what failed, why, what next.

    Actions are buttons beside the text ("Open audio file…", "Try again"); the
    banner stays until it is dismissed or replaced.

    Signals:
        dismissed: the learner closed it.
    """

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Message")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        self.title = label(parent=self, bold=True)
        self.text = label(parent=self, selectable=True)
        self._actions = QHBoxLayout()
        self._actions.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(self._actions)
        self._buttons: list[QPushButton] = []
        self.hide()

    def show_message(
        self,
        title: str,
        text: str,
        actions: list[tuple[str, Callable[[], None]]] | None = None,
    ) -> None:
        """Show ``title`` and ``text`` with buttons for ``actions`` and a Dismiss."""
        for button in self._buttons:
            self._actions.removeWidget(button)
            button.deleteLater()
        self._buttons = []
        self.title.setText(title)
        self.text.setText(text)
        for caption, slot in [*(actions or []), ("Dismiss", self.dismiss)]:
            button = QPushButton(caption, self)
            button.clicked.connect(slot)
            self._actions.addWidget(button)
            self._buttons.append(button)
        self.show()

    def action_texts(self) -> list[str]:
        return [button.text() for button in self._buttons]

    def trigger(self, caption: str) -> None:
        """Press the action button called ``caption``."""
        for button in self._buttons:
            if button.text() == caption:
                button.click()
                return
        raise KeyError(caption)

    def dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()


class LevelMeter(QWidget):
    """The microphone's input level as a bar, with a mark where clipping starts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = 0.0
        self.setMinimumSize(160, 12)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Input level")

    def set_level(self, level: float) -> None:
        level = max(0.0, min(1.0, level))
        if abs(level - self.level) > 0.005:
            self.level = level
            self.setAccessibleDescription(f"{round(level * 100)}%")
            self.update()

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        rect = self.rect().adjusted(0, 0, -1, -1)
        palette = self.palette()
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, 4, 4)
        # A square root scale shows quiet speech as a visible bar.
        filled = int((rect.width() - 2) * min(1.0, self.level**0.5))
        if filled > 0:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent(palette))
            painter.drawRoundedRect(
                rect.adjusted(1, 1, filled - rect.width() + 1, -1), 3, 3
            )
        painter.end()
