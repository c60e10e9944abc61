"""Only the window imports Qt: the engine runs the same from the command line."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"


def qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        found += [n for n in names if n.split(".")[0] in ("PySide6", "shiboken6")]
    return found


def test_no_module_outside_the_ui_imports_qt():
    offenders = {
        str(path.relative_to(APP)): qt_imports(path)
        for path in APP.rglob("*.py")
        if "ui" not in path.relative_to(APP).parts[:1] and qt_imports(path)
    }
    assert offenders == {}
