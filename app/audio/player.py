"""Play a sound file through the default output, without blocking the caller.

``play`` returns at once; a playback thread writes the file to the output in short
blocks, so ``stop`` takes effect within one block and ``position_s`` follows along.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from app.audio.devices import check_output, load_sounddevice
from app.errors import AudioError

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

_BLOCK_FRAMES = 2048


class Player:
    """Plays one file at a time.

    NB: every method may be called from any thread; a new ``play`` stops the last.
    """

    def __init__(self, device: int | str | None = None) -> None:
        self.device = device
        self.failure: AudioError | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._position_s = 0.0

    def play(self, path: Path, start_s: float = 0.0) -> None:
        """Start playing ``path`` from ``start_s`` seconds, and return at once.

        Raises:
            AudioError: the file cannot be read, or there is no sound output.
        """
        import soundfile

        try:
            audio, samplerate = soundfile.read(
                str(path), dtype="float32", always_2d=True
            )
        except (OSError, RuntimeError) as e:
            raise AudioError(
                f"{Path(path).name} cannot be played: {e}. It may be damaged."
            ) from e
        check_output()
        with self._lock:
            self.stop()
            self.join()
            self._stop.clear()
            self.failure = None
            first = int(max(0.0, start_s) * samplerate)
            self._position_s = first / samplerate
            self._thread = threading.Thread(
                target=self._write,
                args=(audio, samplerate, first),
                name="player",
                daemon=True,
            )
            self._thread.start()
        log.debug("playing %s from %.1f s", Path(path).name, start_s)

    def _write(self, audio: np.ndarray, samplerate: int, first: int) -> None:
        import numpy as np

        sd = load_sounddevice()
        try:
            with sd.OutputStream(
                samplerate=samplerate,
                channels=audio.shape[1],
                device=self.device,
                dtype="float32",
            ) as stream:
                for start in range(first, len(audio), _BLOCK_FRAMES):
                    if self._stop.is_set():
                        break
                    stream.write(
                        np.ascontiguousarray(audio[start : start + _BLOCK_FRAMES])
                    )
                    self._position_s = (
                        min(start + _BLOCK_FRAMES, len(audio)) / samplerate
                    )
        except (sd.PortAudioError, ValueError) as e:
            self.failure = AudioError(
                f"Playing failed: {e}. Check the sound output, or read the text "
                "instead."
            )
            log.warning("playback failed: %s", e)

    @property
    def playing(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    def position_s(self) -> float:
        """Seconds into the file of what was last handed to the output."""
        return self._position_s

    def wait(self, cancel: threading.Event | None = None) -> None:
        """Block until playing ends; stop it early if ``cancel`` is set.

        Raises:
            AudioError: playback failed part way.
        """
        thread = self._thread
        while thread is not None and thread.is_alive():
            if cancel is not None and cancel.wait(0.05):
                self.stop()
            thread.join(0.05)
        if self.failure is not None:
            raise self.failure

    def join(self) -> None:
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def stop(self) -> None:
        self._stop.set()
