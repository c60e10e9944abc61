"""Draw an HTML report into a PDF file with Qt, for ``app.history.export``."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import (
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

log = logging.getLogger(__name__)

_RESOLUTION = 300


def write_pdf(html: str, path: Path) -> None:
    """Lay out ``html`` on A4 pages and write them to ``path``.

    From the command line there is no window, so a GUI application on the
    offscreen platform is made for the fonts; in the app the running one is used.

    Raises:
        OSError: the file cannot be written.
    """
    _ensure_gui_application()
    writer = QPdfWriter(str(path))
    writer.setResolution(_RESOLUTION)
    writer.setTitle("Rehearse: your answers")
    writer.setCreator("Rehearse")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 18, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    document.setDefaultStyleSheet("b.term { text-decoration: underline; }")
    document.setHtml(html)
    document.print_(writer)
    # QPdfWriter reports no failure; an empty or missing file is the only sign.
    if not Path(path).is_file() or Path(path).stat().st_size == 0:
        raise OSError(f"Qt could not write {path}")
    log.debug("wrote PDF report %s", path)


_app: QGuiApplication | None = None


def _ensure_gui_application() -> None:
    global _app
    if QGuiApplication.instance() is None:
        _app = QGuiApplication(["rehearse", "-platform", "offscreen"])
