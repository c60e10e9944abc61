"""How the window feels: time to first window, time from Stop to feedback on a
60 s answer with the real speech model, and peak memory. Prints figures only.

    python bench/bench_ui.py [--screen offscreen|xvfb] [--seconds 60]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "ui"))

FIRST_WINDOW = """
import sys, time
start = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.paths import default_paths
from app.ui.main import build_services
from app.ui.settings import Settings
from app.ui.theme import apply_theme
from app.ui.window import MainWindow

app = QApplication(sys.argv[:1])
apply_theme(app)
services = build_services(Settings.at(sys.argv[1]), default_paths())
window = MainWindow(services)
window.show()

def shown():
    print(f"{time.perf_counter() - start:.3f}", flush=True)
    window.close()
    app.quit()

QTimer.singleShot(0, shown)
app.exec()
"""


def first_window(screen: str, runs: int = 3) -> list[tuple[float, float]]:
    """(seconds from launch to first window, seconds inside the process) per run."""
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            env = dict(os.environ, REHEARSE_HOME=home, QT_QPA_PLATFORM=screen)
            command = [sys.executable, "-c", FIRST_WINDOW, str(Path(home) / "s.ini")]
            if screen == "xcb":
                command = ["xvfb-run", "-a", *command]
            started = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            total = time.perf_counter() - started
            if done.returncode != 0:
                raise RuntimeError(done.stderr.strip().splitlines()[-1])
            inside = float(done.stdout.strip().splitlines()[-1])
            results.append((total, inside))
    return results


def spoken_answer(path: Path, seconds: float) -> Path:
    """An espeak-ng answer of about ``seconds``, built from the pack's strong answers."""
    from app.packs import load_pack

    pack = load_pack(REPO / "content" / "ml-platform-engineer.toml")
    text = " ".join(q.option(q.correct).text for q in pack.questions)
    words = text.split()
    count = int(seconds * 150 / 60)  # espeak-ng at 150 words per minute
    subprocess.run(
        [
            "espeak-ng",
            "-v",
            "en-us",
            "-s",
            "150",
            "-w",
            str(path),
            " ".join(words[:count]),
        ],
        check=True,
    )
    return path


class PacedStream:
    """An input stream that plays ``audio`` in real time, like a learner speaking."""

    def __init__(self, audio, callback, finished_callback) -> None:
        self.audio = audio
        self.callback = callback
        self.finished_callback = finished_callback
        self.active = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._play, daemon=True)

    def _play(self) -> None:
        block = 1600  # 0.1 s
        started = time.monotonic()
        for index, start in enumerate(range(0, len(self.audio), block)):
            due = started + index * block / 16_000
            if self._stop.wait(max(0.0, due - time.monotonic())):
                return
            chunk = self.audio[start : start + block]
            self.callback(chunk, len(chunk), None, None)

    def start(self) -> None:
        self.active = True
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self.active = False
        self.finished_callback()

    def close(self) -> None:
        self.active = False


def stop_to_feedback(seconds: float, streaming: bool) -> tuple[float, float, str]:
    """Seconds from Stop to feedback, the answer's length, and the model's name.

    With ``streaming`` the answer is played in real time and transcribed while it
    is recorded, as in the app; without, it arrives at once and is transcribed
    after Stop.
    """
    import soundfile
    from fakes import FakeMicrophone, FakeVoice
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.analysis import analyse
    from app.audio.devices import Microphone
    from app.audio.recorder import Recorder
    from app.history import HistoryStore
    from app.packs import find_packs
    from app.paths import AppPaths, content_dir
    from app.speech import Transcriber
    from app.speech.stream import StreamingTranscription
    from app.ui.interview import State
    from app.ui.services import Services
    from app.ui.settings import Settings
    from app.ui.window import MainWindow

    def wait_for(done, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError("the window did not get there in time")
            QTest.qWait(5)

    _app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        answer = spoken_answer(root / "answer.wav", seconds)
        audio, _rate = soundfile.read(answer, dtype="float32", always_2d=True)
        paths = AppPaths.under(root / "home")
        if streaming:

            def microphone(**kwargs):
                return PacedStream(
                    audio[:, :1], kwargs["callback"], kwargs["finished_callback"]
                )

        else:
            microphone = FakeMicrophone(audio[:, :1])
        services = Services(
            paths=paths,
            settings=Settings.at(root / "settings.ini"),
            packs=find_packs([content_dir()]),
            make_transcriber=lambda name: Transcriber(name, paths),
            make_recorder=lambda mic: Recorder(None, stream_factory=microphone),
            list_microphones=lambda: [Microphone(0, "bench", True)],
            voice=FakeVoice(),
            analyse=analyse,
            store=HistoryStore.open(paths),
            make_stream=(
                (lambda t, q: StreamingTranscription(t, q)) if streaming else None
            ),
            rng=random.Random(0),
        )
        window = MainWindow(services)
        window.show()
        window.start()
        page = window.interview
        wait_for(lambda: page.model.loaded, 120)
        page.start_session()
        page.start_recording()
        length = len(audio) / _rate
        wait_for(lambda: page.recorder.elapsed_s >= length - 0.01, length + 60)

        started = time.perf_counter()
        page.stop_recording()
        wait_for(lambda: page.state == State.FEEDBACK, 300)
        elapsed = time.perf_counter() - started
        name = page.model.transcriber.name
        window.close()
        services.store.close()
    return elapsed, length, name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screen", choices=("offscreen", "xvfb"), default="offscreen")
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)

    screen = "xcb" if args.screen == "xvfb" else "offscreen"
    if screen == "xcb" and shutil.which("xvfb-run") is None:
        print("xvfb-run is not installed; use --screen offscreen")
        return 1
    runs = first_window(screen)
    print(f"first window ({args.screen}), launch to shown, 3 runs:")
    for total, inside in runs:
        print(f"  {total:.2f} s from launch ({inside:.2f} s inside Python)")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  peak memory of a window that has just opened: {children:.0f} MB")

    for streaming in (False, True):
        elapsed, length, model = stop_to_feedback(args.seconds, streaming)
        how = "transcribed while recorded" if streaming else "transcribed after Stop"
        print(
            f"Stop to feedback, {length:.0f} s answer, model {model}, {how}: "
            f"{elapsed:.1f} s on {os.cpu_count()} CPUs"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory with the model loaded and one answer analysed: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
