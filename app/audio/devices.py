"""The sound devices PortAudio sees: microphones to record from, and whether any
output exists to play through.

``sounddevice`` is imported only when asked, because importing it loads PortAudio,
which lists the devices once and fails outright on a machine without the library.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from types import ModuleType

from app.errors import AudioError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Microphone:
    """An input device, by PortAudio index and name."""

    index: int
    name: str
    is_default: bool = False


def load_sounddevice() -> ModuleType:
    """The ``sounddevice`` module, or an AudioError that says how to get sound working.

    Raises:
        AudioError: PortAudio is not installed.
    """
    try:
        import sounddevice
    except OSError as e:
        raise AudioError(
            f"Sound is not available: the PortAudio library was not found ({e}). "
            "Install PortAudio (libportaudio2), or open an audio file instead."
        ) from e
    return sounddevice


def list_microphones() -> list[Microphone]:
    """Every input device, the system default first.

    Raises:
        AudioError: PortAudio is not installed.
    """
    sd = load_sounddevice()
    try:
        devices = sd.query_devices()
        default_input = sd.default.device[0]
    except sd.PortAudioError as e:
        raise AudioError(f"The sound devices cannot be listed: {e}.") from e
    microphones = [
        Microphone(index, str(info["name"]), index == default_input)
        for index, info in enumerate(devices)
        if info["max_input_channels"] > 0
    ]
    microphones.sort(key=lambda m: not m.is_default)
    log.debug("microphones: %s", [m.name for m in microphones])
    return microphones


def check_output() -> None:
    """Raise unless some device can play sound.

    Raises:
        AudioError: no output device, or no PortAudio.
    """
    sd = load_sounddevice()
    try:
        sd.query_devices(kind="output")
    except (sd.PortAudioError, ValueError) as e:
        raise AudioError(
            "No sound output was found, so nothing can be played. Connect speakers "
            "or headphones, or read the text instead."
        ) from e
