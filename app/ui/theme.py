"""The look: the system palette, one accent colour, and a few sizes.

Light and dark both come from the palette; the accent is chosen to read on either.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

ACCENT_LIGHT = QColor("#1f6fd1")
ACCENT_DARK = QColor("#6aa8ff")


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def accent(palette: QPalette) -> QColor:
    return ACCENT_DARK if is_dark(palette) else ACCENT_LIGHT


def dark_palette() -> QPalette:
    """A dark palette, for systems that do not offer one and for screenshots."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#17181a",
        QPalette.ColorRole.AlternateBase: "#2a2b2e",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#2d2e31",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.ToolTipBase: "#2d2e31",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Mid: "#5f6368",
        QPalette.ColorRole.Dark: "#101112",
        QPalette.ColorRole.Light: "#3c4043",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#7a7f85")
    )
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#7a7f85")
    )
    return palette


def apply_theme(app: QApplication, palette: QPalette | None = None) -> None:
    """Use ``palette`` (or the system's) with the accent, and the app's style sheet."""
    app.setStyle("Fusion")
    palette = QPalette(palette or app.palette())
    colour = accent(palette)
    palette.setColor(QPalette.ColorRole.Highlight, colour)
    palette.setColor(
        QPalette.ColorRole.HighlightedText,
        QColor("#ffffff" if not is_dark(palette) else "#0b1220"),
    )
    palette.setColor(QPalette.ColorRole.Link, colour)
    app.setPalette(palette)
    app.setStyleSheet(style_sheet(palette))


def style_sheet(palette: QPalette) -> str:
    colour = accent(palette).name()
    on_accent = "#0b1220" if is_dark(palette) else "#ffffff"
    mid = palette.color(QPalette.ColorRole.Mid).name()
    text = palette.color(QPalette.ColorRole.Text).name()
    return f"""
QPushButton[primary="true"] {{
    background: {colour}; color: {on_accent}; border: 3px solid {colour};
    border-radius: 7px; padding: 7px 20px; font-weight: 600;
}}
QPushButton[primary="true"]:disabled {{ background: {mid}; border-color: {mid}; }}
QPushButton[primary="true"]:focus {{ border-color: {text}; }}
QFrame#banner {{ border: 2px solid {colour}; border-radius: 6px; }}
QFrame#card {{ border: 1px solid {mid}; border-radius: 6px; }}
QListWidget#nav {{ border: none; }}
QListWidget#nav::item {{ padding-left: 14px; }}
QListWidget#nav::item:selected {{ background: {colour}; color: {on_accent}; }}
"""


def scaled_font(
    widget: QWidget, factor: float, weight: QFont.Weight | None = None
) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    if weight is not None:
        font.setWeight(weight)
    return font
