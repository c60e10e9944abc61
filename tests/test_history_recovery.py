"""A recording cut off by a killed process comes back, short by at most a second."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from app.audio.wavfile import WavWriter
from app.history import HistoryStore, recover
from app.paths import default_paths

SAMPLERATE = 16_000
BLOCK_S = 0.1
FLUSH_EVERY = 5  # blocks, so the header is brought up to date every 0.5 s

# A stand-in for the recorder: it writes a block each time it is told to, flushes
# every FLUSH_EVERY blocks as the real one does about every second, and reports the
# frames written so the test knows exactly how much audio it fed.
RECORDER = f"""
import sys
import numpy as np
from app.audio.wavfile import WavWriter

writer = WavWriter(sys.argv[1], {SAMPLERATE})
block = (np.sin(np.arange(int({SAMPLERATE} * {BLOCK_S})) / 5) * 0.3).astype("float32")
print("ready", flush=True)
for count, _ in enumerate(sys.stdin, 1):
    writer.write(block)
    if count % {FLUSH_EVERY} == 0:
        writer.flush()
    print(writer.frames, flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_a_recording_killed_mid_write_is_recovered() -> None:
    store = HistoryStore.open(default_paths())
    audio = store.new_recording_path("ml-platform", "feature-store")
    attempt_id = store.begin_attempt(
        pack_id="ml-platform",
        question_id="feature-store",
        audio_path=audio,
        model="base",
    )
    recorder = subprocess.Popen(
        [sys.executable, "-c", RECORDER, str(audio)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert recorder.stdout.readline().strip() == "ready"
    fed_frames = 0
    for _ in range(23):  # 2.3 s, the last 0.3 s never flushed
        recorder.stdin.write("block\n")
        recorder.stdin.flush()
        fed_frames = int(recorder.stdout.readline())

    os.kill(recorder.pid, signal.SIGKILL)
    recorder.wait()
    recorder.stdin.close()
    recorder.stdout.close()

    recovered = recover(store)

    assert [a.id for a in recovered] == [attempt_id]
    with wave.open(str(audio), "rb") as wav:
        kept_s = wav.getnframes() / wav.getframerate()
    fed_s = fed_frames / SAMPLERATE
    assert fed_s == pytest.approx(2.3)
    assert fed_s - 1.0 <= kept_s <= fed_s
    store.close()


def test_recovery_repairs_a_header_that_was_never_updated() -> None:
    store = HistoryStore.open(default_paths())
    audio = store.new_recording_path("ml-platform", "feature-store")
    with WavWriter(audio, SAMPLERATE):
        pass
    with open(audio, "ab") as file:  # samples that reached the disk after the header
        file.write(np.zeros(SAMPLERATE, dtype=np.int16).tobytes())
    store.begin_attempt(
        pack_id="ml-platform",
        question_id="feature-store",
        audio_path=audio,
        model="base",
    )

    recovered = recover(store)

    with wave.open(str(audio), "rb") as wav:
        assert wav.getnframes() == SAMPLERATE
    assert len(recovered) == 1
    store.close()


def test_attempts_without_a_usable_recording_are_not_offered() -> None:
    store = HistoryStore.open(default_paths())
    missing = store.new_recording_path("ml-platform", "feature-store")
    not_wav = store.new_recording_path("ml-platform", "model-versioning")
    not_wav.write_bytes(b"not a wav file")
    for path in (missing, not_wav, None):
        store.begin_attempt(
            pack_id="ml-platform", question_id="q", audio_path=path, model="base"
        )

    assert recover(store) == []
    assert len(store.unfinished()) == 3
    store.close()


def test_a_file_the_learner_opened_is_never_rewritten(tmp_path: Path) -> None:
    """An unfinished attempt on the learner's own file is not 'repaired' or offered."""
    import soundfile as sf

    own = tmp_path / "my answer.wav"
    sf.write(own, np.zeros(8000, dtype=np.float32) + 0.1, 16_000, subtype="PCM_24")
    before = own.read_bytes()
    store = HistoryStore.open(default_paths())
    store.begin_attempt(
        pack_id="ml-platform", question_id="feature-store", audio_path=own, model="base"
    )
    assert recover(store) == []
    assert own.read_bytes() == before


def test_only_headers_this_writer_makes_are_repaired(tmp_path: Path) -> None:
    import soundfile as sf

    from app.audio.wavfile import repair_wav
    from app.errors import AudioError

    other = tmp_path / "24bit.wav"
    sf.write(other, np.zeros(1600, dtype=np.float32), 16_000, subtype="PCM_24")
    before = other.read_bytes()
    with pytest.raises(AudioError, match="not a recording Rehearse made"):
        repair_wav(other)
    assert other.read_bytes() == before


def test_a_writer_never_replaces_an_existing_recording(tmp_path: Path) -> None:
    path = tmp_path / "take.wav"
    with WavWriter(path, SAMPLERATE) as writer:
        writer.write(np.ones(160, dtype=np.float32) * 0.5)
    before = path.read_bytes()
    with pytest.raises(FileExistsError):
        WavWriter(path, SAMPLERATE)
    assert path.read_bytes() == before
