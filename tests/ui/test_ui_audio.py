"""Through the real audio stack: a private PulseAudio server with a virtual
microphone hears a spoken answer, the real Recorder records it, and the window shows
the feedback from the real speech model.

PortAudio lists devices once, when ``sounddevice`` is imported, so the recording
runs in a fresh Python process started after the sound server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import soundfile

from app.analysis import analyse
from app.ui.interview import State

pytestmark = [
    pytest.mark.audio,
    pytest.mark.skipif(
        not all(
            shutil.which(t) for t in ("pactl", "pulseaudio", "paplay", "espeak-ng")
        ),
        reason="needs PulseAudio (pulseaudio, pactl, paplay) and espeak-ng",
    ),
]

ANSWER = (
    "A feature store has an offline store for training and an online store for serving."
)

RECORD = """
import subprocess, sys
from pathlib import Path
from app.audio.devices import list_microphones
from app.audio.recorder import Recorder

out, answer = Path(sys.argv[1]), Path(sys.argv[2])
print("microphones:", [m.name for m in list_microphones()])
recorder = Recorder(None)
recorder.start(out)
subprocess.run(["paplay", "-d", "feed", str(answer)], check=True)
peak = recorder.recent_peak
recorder.stop()
print(f"recorded {recorder.elapsed_s:.2f} s, peak {peak:.3f}, failure {recorder.failure}")
"""


@pytest.fixture
def sound_server(tmp_path):
    """A private PulseAudio server whose default input plays what is sent to 'feed'."""
    env = dict(os.environ, XDG_RUNTIME_DIR=str(tmp_path / "runtime"))
    (tmp_path / "runtime").mkdir(mode=0o700)
    started = subprocess.run(
        [
            "pulseaudio", "-n", "--daemonize=yes", "--exit-idle-time=-1",
            "-L", "module-native-protocol-unix",
            "-L", "module-null-sink sink_name=feed rate=16000 channels=1",
            "-L", "module-null-sink sink_name=speaker",
            "-L", "module-virtual-source source_name=vmic master=feed.monitor",
        ],
        env=env, capture_output=True, text=True, timeout=20,
    )  # fmt: skip
    if started.returncode != 0:
        pytest.skip(f"PulseAudio could not be started: {started.stderr.strip()}")
    try:
        for command in (
            ["set-default-source", "vmic"],
            ["set-default-sink", "speaker"],
        ):
            subprocess.run(["pactl", *command], env=env, check=True, timeout=10)
        yield env
    finally:
        subprocess.run(["pulseaudio", "--kill"], env=env, timeout=10)


def test_a_spoken_answer_through_the_real_audio_stack(
    sound_server, open_window, qtbot, tmp_path
):
    answer = tmp_path / "spoken.wav"
    subprocess.run(
        ["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(answer), ANSWER],
        check=True,
    )
    recording = tmp_path / "recording.wav"
    recorded = subprocess.run(
        [sys.executable, "-c", RECORD, str(recording), str(answer)],
        env=sound_server, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert recorded.returncode == 0, recorded.stderr
    assert "failure None" in recorded.stdout
    info = soundfile.info(recording)
    assert info.duration >= soundfile.info(answer).duration * 0.8

    try:
        from app.speech import Transcriber
    except ImportError:
        pytest.skip("the speech engine is not available")
    window = open_window(
        transcriber=Transcriber(), analyse=analyse, chosen_file=recording
    )
    page = window.interview
    page.start_session()
    page.open_audio_file()
    qtbot.waitUntil(lambda: page.state == State.FEEDBACK, timeout=120_000)

    text = page.feedback_view.transcript.text().lower()
    assert "offline store" in text and "online store" in text
    assert "of 4 key terms" in page.feedback_view.counts.text()
