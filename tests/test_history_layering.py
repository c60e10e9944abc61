"""The history engine runs without Qt: only a PDF export draws with it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_no_history_module_imports_qt_at_the_top() -> None:
    for path in (REPO / "app" / "history").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith(("PySide6", "app.ui")), (path.name, name)


def test_listing_and_text_export_load_no_qt(tmp_path: Path) -> None:
    script = """
import sys
from app.history import HistoryStore
from app.history.commands import run
from app.history.export import export_attempts
from app.history.samples import fill_store, sample_pack
from app.paths import AppPaths

paths = AppPaths.under(__import__("pathlib").Path(sys.argv[1]))
store = HistoryStore.open(paths)
fill_store(store, sample_pack(), 3)
out = __import__("pathlib").Path(sys.argv[1]) / "report.html"
export_attempts(store.list_attempts(), {}, "html", out)
print(any(name.startswith("PySide6") for name in sys.modules))
"""
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
