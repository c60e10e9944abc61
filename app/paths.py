"""Where Rehearse keeps the learner's data, its caches and its logs.

This is the one module that decides. Everything else is handed an ``AppPaths``.
Setting ``REHEARSE_HOME`` puts all three under one folder, which is how the tests
and a portable install keep away from the user's real folders.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Rehearse"


@dataclass(frozen=True)
class AppPaths:
    data: Path
    cache: Path
    logs: Path

    @property
    def packs(self) -> Path:
        """Packs the user added; read beside the ones that ship with the app."""
        return self.data / "packs"

    @property
    def models(self) -> Path:
        """Models the user downloaded or added."""
        return self.data / "models"

    @property
    def recordings(self) -> Path:
        return self.data / "recordings"

    @property
    def database(self) -> Path:
        return self.data / "history.sqlite3"

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        return cls(data=root / "data", cache=root / "cache", logs=root / "logs")


def default_paths() -> AppPaths:
    home = os.environ.get("REHEARSE_HOME")
    if home:
        return AppPaths.under(Path(home).expanduser())
    return AppPaths(
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


def content_dir() -> Path:
    """The packs that ship with the app."""
    return Path(__file__).resolve().parent.parent / "content"
