"""Screenshots of the Review page's three views, from a made-up history.

Run: python tools/screenshots_review.py [OUTPUT_FOLDER] [--dark]
Writes review.png, review-compare.png and review-progress.png (default folder:
docs/screenshots). Needs no display: Qt draws offscreen.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtWidgets import QApplication

from app.audio.wavfile import WavWriter
from app.history import HistoryStore
from app.history.samples import (
    ANSWERS,
    add_sample_attempt,
    fill_store,
    sample_pack,
)
from app.paths import AppPaths
from app.ui.review import ReviewPage


class SilentPlayer:
    """Pretends to play, halfway through the answer."""

    def __init__(self) -> None:
        self.position = 0.0

    def play(self, path: Path, start_s: float) -> None:
        self.position = start_s

    def stop(self) -> None:
        pass

    def position_s(self) -> float:
        return self.position


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "--dark" else None
    out = out or Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    suffix = "-dark" if "--dark" in sys.argv else ""
    app = QApplication(["screenshots"])
    if suffix:
        from app.ui.theme import dark_palette

        app.setPalette(dark_palette())
    with tempfile.TemporaryDirectory() as home:
        paths = AppPaths.under(Path(home))
        store = HistoryStore.open(paths)
        pack = sample_pack()
        feature_store, versioning = pack.questions
        strong, weak, medium = ANSWERS[feature_store.id]
        day = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)
        for offset, text, picked, pace in (
            (0, weak, "A", 1.9),
            (1, medium, "C", 2.1),
            (3, medium, "B", 2.4),
        ):
            add_sample_attempt(
                store,
                pack,
                feature_store,
                text,
                started_at=day + timedelta(days=offset, hours=offset * 3),
                picked=picked,
                words_per_second=pace,
            )
        for offset, text in zip((1, 4), reversed(ANSWERS[versioning.id]), strict=True):
            add_sample_attempt(
                store,
                pack,
                versioning,
                text,
                started_at=day + timedelta(days=offset),
                picked="B",
            )
        # The newest attempt has a recording, so that playback can be shown.
        audio = store.new_recording_path(pack.id, feature_store.id)
        with WavWriter(audio, 16_000) as writer:
            writer.write(np.zeros(16_000, dtype=np.int16))
        attempt_id = add_sample_attempt(
            store,
            pack,
            feature_store,
            strong,
            started_at=day + timedelta(days=5, hours=2),
            picked="B",
            audio_path=audio,
            words_per_second=2.3,
        )
        fill_store(store, pack, 4, seed=3, start=day - timedelta(days=20))

        player = SilentPlayer()
        page = ReviewPage(store, [pack], player, reanalyse=lambda attempt: None)
        page.resize(1200, 760)
        page.show()
        page.select_attempt(attempt_id)
        page.transcript_view.word_clicked.emit(9)
        player.position = page.current_attempt.transcript.words[10].start + 0.05
        page.transcript_view.follow(player.position)
        app.processEvents()
        page.grab().save(str(out / f"review{suffix}.png"))
        page.tabs.setCurrentIndex(1)
        app.processEvents()
        page.grab().save(str(out / f"review-compare{suffix}.png"))
        page.tabs.setCurrentIndex(2)
        app.processEvents()
        page.grab().save(str(out / f"review-progress{suffix}.png"))
        page.close()
        store.close()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
