"""Shared set-up: no display, no real user folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Qt must not look for a display; set before anything imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own data, cache and log folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("REHEARSE_HOME", str(home))
    return home
