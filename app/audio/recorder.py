"""Record the microphone to a WAV file that survives a crash.

The PortAudio callback runs on a real-time thread, so it only copies each block onto
a queue. A writer thread drains the queue into a ``WavWriter``, measures the input
level, and flushes about once a second: if the app dies mid-answer, the file on disk
holds everything up to the last second.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from app.audio.devices import load_sounddevice
from app.audio.wavfile import WavWriter
from app.errors import AudioError

log = logging.getLogger(__name__)

SAMPLERATE = 16_000
SILENT_PEAK = 0.01
CLIPPED_PEAK = 0.99
_END = None  # put on the queue when the stream has finished


class InputStream(Protocol):
    """What the recorder needs of an input stream (``sounddevice.InputStream`` fits)."""

    @property
    def active(self) -> bool: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


class StreamFactory(Protocol):
    def __call__(
        self,
        *,
        samplerate: int,
        channels: int,
        device: int | str | None,
        callback: Callable[[np.ndarray, int, Any, Any], None],
        finished_callback: Callable[[], None],
    ) -> InputStream: ...


def sounddevice_stream(
    *,
    samplerate: int,
    channels: int,
    device: int | str | None,
    callback: Callable[[np.ndarray, int, Any, Any], None],
    finished_callback: Callable[[], None],
) -> InputStream:
    """An input stream from the real microphone.

    Raises:
        AudioError: PortAudio is missing, or the device cannot be opened.
    """
    sd = load_sounddevice()
    try:
        return sd.InputStream(
            samplerate=samplerate,
            channels=channels,
            device=device,
            dtype="float32",
            callback=callback,
            finished_callback=finished_callback,
        )
    except (sd.PortAudioError, ValueError) as e:
        raise AudioError(
            f"Recording failed: no microphone could be opened ({e}). Connect one and "
            "choose it in the microphone list, or open an audio file instead."
        ) from e


class Recorder:
    """Records one answer at a time from one device.

    The GUI reads ``level``, ``recent_peak``, ``elapsed_s`` and ``failure`` on a
    timer; they are plain values written by the writer thread.

    NB: ``start`` and ``stop`` are called from one thread (the GUI's).
    """

    def __init__(
        self,
        device: int | str | None = None,
        *,
        samplerate: int = SAMPLERATE,
        channels: int = 1,
        stream_factory: StreamFactory = sounddevice_stream,
        flush_interval_s: float = 1.0,
    ) -> None:
        self.device = device
        self.samplerate = samplerate
        self.channels = channels
        self._stream_factory = stream_factory
        self._flush_interval_s = flush_interval_s
        self._queue: queue.Queue[np.ndarray | None] = queue.Queue()
        self._stopping = threading.Event()
        self._stream: InputStream | None = None
        self._writer: WavWriter | None = None
        self._thread: threading.Thread | None = None
        self._peaks: deque[tuple[float, float]] = deque()
        self.path: Path | None = None
        self.level = 0.0
        self.elapsed_s = 0.0
        self.failure: AudioError | None = None
        self._on_block: Callable[[np.ndarray], None] | None = None

    @property
    def recording(self) -> bool:
        return self._thread is not None

    @property
    def recent_peak(self) -> float:
        """The loudest sample of roughly the last two seconds, 0 to 1."""
        since = self.elapsed_s - 2.0
        return max((peak for at, peak in list(self._peaks) if at >= since), default=0.0)

    def start(
        self, path: Path, on_block: Callable[[np.ndarray], None] | None = None
    ) -> None:
        """Open the microphone and start writing to ``path``.

        ``on_block`` is handed each block once it is written, on the writer thread
        (never on the audio thread): a transcriber can start on the answer while the
        learner is still speaking.

        Raises:
            AudioError: the microphone cannot be opened; nothing was written.
        """
        if self.recording:
            raise AudioError("A recording is already running. Stop it first.")
        self._queue = queue.Queue()
        self._stopping.clear()
        self._on_block = on_block
        self._peaks.clear()
        self.level = 0.0
        self.elapsed_s = 0.0
        self.failure = None
        stream = self._stream_factory(
            samplerate=self.samplerate,
            channels=self.channels,
            device=self.device,
            callback=self._on_stream_block,
            finished_callback=self._on_stream_finished,
        )
        try:
            self._writer = WavWriter(path, self.samplerate, self.channels)
        except OSError as e:
            stream.close()
            raise AudioError(
                f"Recording failed: {path} cannot be written ({e}). "
                "Free some disk space or check the folder's permissions."
            ) from e
        try:
            stream.start()
        except Exception as e:
            stream.close()
            self._writer.close()
            raise AudioError(
                f"Recording failed: the microphone did not start ({e}). Check that "
                "it is connected, or open an audio file instead."
            ) from e
        self._stream = stream
        self.path = Path(path)
        self._thread = threading.Thread(
            target=self._write_blocks, name="recorder-writer", daemon=True
        )
        self._thread.start()
        log.info("recording to %s from device %s", path.name, self.device)

    def stop(self) -> Path:
        """Stop recording, write the rest to disk, and return the file's path.

        The file is kept even when the recording failed part way.
        """
        if self._thread is None or self.path is None:
            raise AudioError("Nothing is being recorded.")
        self._stopping.set()
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
                stream.close()
            except Exception as e:
                # A device that vanished can fail to close; the file is still good.
                log.warning("closing the input stream failed: %s", e)
        self._queue.put(_END)
        self._thread.join()
        self._thread = None
        log.info("recorded %.1f s to %s", self.elapsed_s, self.path.name)
        return self.path

    # NB: runs on PortAudio's real-time thread: copy and queue, nothing else.
    def _on_stream_block(
        self, indata: np.ndarray, frames: int, time_info: Any, status: Any
    ) -> None:
        self._queue.put(indata.copy())

    def _on_stream_finished(self) -> None:
        self._queue.put(_END)

    def _write_blocks(self) -> None:
        writer = self._writer
        assert writer is not None
        last_flush = time.monotonic()
        try:
            while True:
                try:
                    block = self._queue.get(timeout=0.5)
                except queue.Empty:
                    if not self._stream_alive():
                        self._fail_device_lost()
                        break
                    continue
                if block is _END:
                    if not self._stopping.is_set():
                        self._fail_device_lost()
                    break
                writer.write(block)
                self._hand_over(block)
                peak = float(np.max(np.abs(block))) if block.size else 0.0
                self.elapsed_s = writer.duration_s
                self.level = peak
                self._peaks.append((self.elapsed_s, peak))
                while self._peaks and self._peaks[0][0] < self.elapsed_s - 3.0:
                    self._peaks.popleft()
                now = time.monotonic()
                if now - last_flush >= self._flush_interval_s:
                    writer.flush()
                    last_flush = now
        except OSError as e:
            self.failure = AudioError(
                f"Recording stopped: the file could not be written ({e}). What was "
                "saved so far is kept. Free some disk space and record again."
            )
        except Exception as e:
            # Anything else is a bug of ours; the learner still keeps the file.
            log.exception("the recording writer failed")
            self.failure = AudioError(
                f"Recording stopped because of an error in Rehearse ({type(e).__name__}). "
                "What was saved so far is kept; record again, and see the log for details."
            )
        finally:
            writer.close()
            self.level = 0.0

    def _hand_over(self, block: np.ndarray) -> None:
        if self._on_block is None:
            return
        try:
            self._on_block(block)
        except Exception as e:
            # The recording matters more than its early transcription: go on without.
            log.warning("handing a block over failed, so it stops: %s", e)
            self._on_block = None

    def _stream_alive(self) -> bool:
        stream = self._stream
        return self._stopping.is_set() or (stream is not None and stream.active)

    def _fail_device_lost(self) -> None:
        self.failure = AudioError(
            "Recording stopped: the microphone stopped sending sound (it may have "
            "been unplugged). What you said so far is kept. Reconnect it and record "
            "again, or open an audio file instead."
        )
        log.warning("input stream ended during a recording")
