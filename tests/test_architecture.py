"""The engine stays free of Qt, so the command line, the tests and the window share it."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_ui_package_imports_qt() -> None:
    offenders = []
    for path in APP.rglob("*.py"):
        if "ui" in path.relative_to(APP).parts[:1]:
            continue
        qt = [
            n
            for n in _imports(path)
            if n.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "pyqtgraph"}
        ]
        # The command line may start the window, but only through app.ui, lazily.
        if qt:
            offenders.append(f"{path.relative_to(APP.parent)}: {qt}")
    assert offenders == []


def test_the_engine_never_reaches_into_the_window() -> None:
    """Only the command line may start the window (or draw a PDF) through app.ui."""
    offenders = []
    for path in APP.rglob("*.py"):
        relative = path.relative_to(APP)
        if relative.parts[0] == "ui" or relative.name == "cli.py":
            continue
        ui = [n for n in _imports(path) if n == "app.ui" or n.startswith("app.ui.")]
        if ui:
            offenders.append(f"{path.relative_to(APP.parent)}: {ui}")
    assert offenders == []


def test_the_scan_sees_the_ui_package() -> None:
    assert any("PySide6" in n for p in (APP / "ui").glob("*.py") for n in _imports(p))
