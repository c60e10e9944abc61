"""Render every page and state of the window to docs/screenshots/*.png.

Runs offscreen on fakes (no microphone, voice or speech model needed) with the
shipped question pack, the real analysis and a real history in a temporary folder,
in the light palette and one dark variant:

    python tools/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "ui"))

from fakes import FakeMicrophone, FakeTranscriber, FakeVoice, sine  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.analysis import analyse  # noqa: E402
from app.audio.devices import Microphone  # noqa: E402
from app.audio.player import Player  # noqa: E402
from app.audio.recorder import Recorder  # noqa: E402
from app.errors import AudioError  # noqa: E402
from app.history import HistoryStore  # noqa: E402
from app.packs import find_packs  # noqa: E402
from app.paths import AppPaths, content_dir  # noqa: E402
from app.ui.interview import State  # noqa: E402
from app.ui.services import Services  # noqa: E402
from app.ui.settings import Settings  # noqa: E402
from app.ui.theme import apply_theme, dark_palette  # noqa: E402
from app.ui.window import MainWindow  # noqa: E402

SIZE = (1100, 820)
ANSWER = (
    "So, um, a feature store is the shared place where the platform keeps features "
    "for every team. It has an offline store, usually Parquet files, for building "
    "training sets, and an online store in Redis for serving with low latency. "
    "Without it, uh, you get training-serving skew, because the same feature is "
    "written twice, in Spark for training and in Java for serving."
)


def wait_for(
    app: QApplication, done: Callable[[], bool], timeout_s: float = 10
) -> None:
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the expected state")
        QTest.qWait(10)


def make_window(root: Path, **overrides: object) -> MainWindow:
    paths = AppPaths.under(root)
    store = HistoryStore.open(paths)
    services = Services(
        paths=paths,
        settings=Settings.at(root / "settings.ini"),
        packs=find_packs([content_dir()]),
        make_transcriber=lambda _name: (
            overrides.get("transcriber") or FakeTranscriber("tiny.en", text=ANSWER)
        ),
        make_recorder=lambda mic: Recorder(
            mic.index if mic else None,
            stream_factory=overrides.get("microphone") or FakeMicrophone(sine(3.0)),
        ),
        list_microphones=lambda: [
            Microphone(0, "Built-in microphone", True),
            Microphone(1, "USB headset", False),
        ],
        voice=FakeVoice(),
        analyse=analyse,
        store=store,
        review_player=Player(),
        list_models=lambda: ["default", "tiny.en", "base"],
        rng=random.Random(4),
    )
    window = MainWindow(services)
    window.resize(*SIZE)
    window.show()
    window.start()
    return window


def render(app: QApplication, out: Path, suffix: str) -> list[Path]:
    saved: list[Path] = []

    def shot(window: MainWindow, name: str) -> None:
        QTest.qWait(30)
        path = out / f"{name}{suffix}.png"
        window.grab().save(str(path))
        saved.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        window = make_window(Path(tmp) / "main")
        page = window.interview
        wait_for(app, lambda: "ready" in window.model_label.text())
        shot(window, "01-start")

        page.start_session()
        shot(window, "02-question")

        page.start_recording()
        wait_for(app, lambda: page.recorder.elapsed_s >= 3.0)
        wait_for(app, lambda: page.question_view.elapsed.text() == "0:03")
        shot(window, "03-recording")
        page.stop_recording()
        wait_for(app, lambda: page.state == State.FEEDBACK)
        shot(window, "05-feedback")

        page.show_comparison()
        wait_for(app, lambda: not page._options_pending)
        shot(window, "06-comparison")
        page.pick("C")
        shot(window, "07-comparison-revealed")
        bar = page.scroll_area().verticalScrollBar()
        bar.setValue(bar.maximum())
        shot(window, "08-comparison-table")

        for _question in range(4):
            page.next_question()
            page.show_comparison()
            page.pick("A")
        page.next_question()
        wait_for(app, lambda: page.state == State.SUMMARY)
        shot(window, "09-summary")

        window.show_place("Vocabulary")
        shot(window, "10-vocabulary")
        window.show_place("Review")
        shot(window, "11-review")
        window.close()

        slow = make_window(
            Path(tmp) / "slow",
            transcriber=FakeTranscriber("tiny.en", wait_for_cancel=True),
        )
        wait_for(app, lambda: "ready" in slow.model_label.text())
        slow.interview.start_session()
        slow.interview.start_recording()
        wait_for(app, lambda: slow.interview.recorder.elapsed_s >= 3.0)
        slow.interview.stop_recording()
        wait_for(app, lambda: slow.interview.question_view.work_bar.value() == 50)
        shot(slow, "04-transcribing")
        slow.interview.cancel_transcription()
        wait_for(app, lambda: slow.banner.isVisible())
        shot(slow, "13-error-transcription-cancelled")
        slow.close()

        broken = make_window(
            Path(tmp) / "broken",
            microphone=FakeMicrophone(
                error=AudioError(
                    "Recording failed: no microphone was found. Connect one, or "
                    "open an audio file instead."
                )
            ),
        )
        wait_for(app, lambda: "ready" in broken.model_label.text())
        broken.interview.start_session()
        broken.interview.start_recording()
        shot(broken, "12-error-no-microphone")
        broken.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    light = app.palette()
    apply_theme(app, light)
    saved = render(app, args.out, "")
    apply_theme(app, dark_palette())
    saved += render(app, args.out, "-dark")
    for path in saved:
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
