"""A WAV writer that keeps the file readable while it grows, and a repair for cut-off files.

The recorder writes every block to disk as it arrives. The header's sizes are brought
up to date after every flush, so a recording cut off by a crash, a kill or a flat
battery loses at most the last unflushed block; ``repair_wav`` fixes the sizes of a
file whose last header update never happened.
"""

from __future__ import annotations

import os
import struct
import wave
from pathlib import Path
from typing import BinaryIO

import numpy as np

from app.errors import AudioError

_HEADER_BYTES = 44


def _header(data_bytes: int, samplerate: int, channels: int) -> bytes:
    block_align = channels * 2
    return (
        b"RIFF"
        + struct.pack("<I", 36 + data_bytes)
        + b"WAVEfmt "
        + struct.pack(
            "<IHHIIHH",
            16,
            1,
            channels,
            samplerate,
            samplerate * block_align,
            block_align,
            16,
        )
        + b"data"
        + struct.pack("<I", data_bytes)
    )


class WavWriter:
    """Writes 16-bit PCM to a WAV file that is valid after every ``flush``.

    NB: not thread-safe; one writer thread owns it.
    """

    def __init__(self, path: Path, samplerate: int, channels: int = 1) -> None:
        self.path = Path(path)
        self.samplerate = samplerate
        self.channels = channels
        self._data_bytes = 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # "x": never write over a recording that is already there.
        self._file: BinaryIO | None = open(self.path, "xb")  # noqa: SIM115
        self._file.write(_header(0, samplerate, channels))

    @property
    def frames(self) -> int:
        return self._data_bytes // (2 * self.channels)

    @property
    def duration_s(self) -> float:
        return self.frames / self.samplerate

    def write(self, block: np.ndarray) -> None:
        """Append samples: int16, or float in [-1, 1] which is converted."""
        if self._file is None:
            raise AudioError(f"Recording to {self.path} is already closed.")
        if block.dtype != np.int16:
            block = (np.clip(block, -1.0, 1.0) * 32767).astype(np.int16)
        data = block.tobytes()
        self._file.write(data)
        self._data_bytes += len(data)

    def flush(self) -> None:
        """Push what was written to disk and bring the header up to date."""
        if self._file is None:
            return
        self._file.seek(0)
        self._file.write(_header(self._data_bytes, self.samplerate, self.channels))
        self._file.seek(0, 2)
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        if self._file is None:
            return
        self.flush()
        self._file.close()
        self._file = None

    def __enter__(self) -> WavWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _written_here(head: bytes) -> bool:
    """Whether a header has exactly the layout ``WavWriter`` writes."""
    return (
        len(head) == _HEADER_BYTES
        and head[:4] == b"RIFF"
        and head[8:16] == b"WAVEfmt "
        and struct.unpack("<IHH", head[16:24])[:2] == (16, 1)
        and struct.unpack("<H", head[34:36])[0] == 16
        and head[36:40] == b"data"
    )


def repair_wav(path: Path) -> float:
    """Fix the sizes in the header of a WAV file cut off while it was written.

    Returns the duration in seconds of the audio that was saved.

    Raises:
        AudioError: the file is not a WAV file this writer made.
    """
    path = Path(path)
    with open(path, "r+b") as f:
        head = f.read(_HEADER_BYTES)
        if not _written_here(head):
            raise AudioError(
                f"{path.name} is not a recording Rehearse made, so it is left as it is."
            )
        channels, samplerate = struct.unpack("<HI", head[22:28])
        f.seek(0, 2)
        size = f.tell() - _HEADER_BYTES
        size -= size % (2 * channels)
        f.seek(0)
        f.write(_header(size, samplerate, channels))
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()
