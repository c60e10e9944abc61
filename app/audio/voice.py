"""Read text aloud: questions, options and terms, with a chosen voice and rate.

Speech is rendered to a WAV file with ``espeak-ng -w`` and played with the
``Player``. pyttsx3 lists the voices; its own ``say`` is used only where espeak-ng is
missing, because on Linux it plays through ``aplay`` and reports no error when there
is no sound device, and its ``save_to_file`` can return before the file is written.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from app.audio.devices import check_output
from app.audio.player import Player
from app.errors import AudioError

log = logging.getLogger(__name__)

DEFAULT_VOICE = "en-us"
DEFAULT_RATE = 150  # words per minute: a calm interviewer
_RENDER_TIMEOUT_S = 30


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str


class Voice:
    """Speaks text. ``speak`` and ``render`` block: call them from a worker thread.

    Args:
        cache: a folder for rendered speech, reused when the same text is spoken
            again with the same voice and rate.
        voice: an espeak-ng voice name such as ``en-us`` or ``en-gb``.
        rate: words per minute.
        player: plays the rendered speech; one is made when not given.
    """

    def __init__(
        self,
        cache: Path,
        *,
        voice: str = DEFAULT_VOICE,
        rate: int = DEFAULT_RATE,
        player: Player | None = None,
    ) -> None:
        self.cache = Path(cache)
        self.voice = voice
        self.rate = rate
        self.player = player or Player()
        self._speaking = threading.Lock()

    def check(self) -> None:
        """Raise unless speech can be both made and heard.

        Raises:
            AudioError: no voice engine, or no sound output.
        """
        if shutil.which("espeak-ng") is None and not _has_pyttsx3():
            raise AudioError(
                "Questions cannot be read aloud: no voice engine was found. Install "
                "espeak-ng, or read the question as text."
            )
        check_output()

    def voices(self) -> list[VoiceInfo]:
        """The English voices available, for the settings."""
        try:
            import pyttsx3

            engine = pyttsx3.init()
            found = [
                VoiceInfo(str(v.id).split("/")[-1], str(v.name))
                for v in engine.getProperty("voices")
                if str(v.id).lower().split("/")[-1].startswith("en")
            ]
        except Exception as e:  # pyttsx3 raises bare errors for missing drivers
            log.warning("listing voices failed: %s", e)
            found = []
        return found or [VoiceInfo(DEFAULT_VOICE, "English (America)")]

    def render(self, text: str, path: Path | None = None) -> Path:
        """Speak ``text`` into a WAV file and return its path.

        Raises:
            AudioError: espeak-ng is missing or failed.
        """
        if path is None:
            key = hashlib.sha1(f"{self.voice}|{self.rate}|{text}".encode()).hexdigest()
            path = self.cache / f"{key[:16]}.wav"
            if path.is_file() and path.stat().st_size > 44:
                return path
        espeak = shutil.which("espeak-ng")
        if espeak is None:
            raise AudioError(
                "Speech cannot be rendered: espeak-ng was not found. Install it, or "
                "read the text instead."
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part.wav")
        try:
            subprocess.run(
                [
                    espeak,
                    "-v",
                    self.voice,
                    "-s",
                    str(self.rate),
                    "-w",
                    str(partial),
                    text,
                ],
                check=True,
                capture_output=True,
                timeout=_RENDER_TIMEOUT_S,
            )
        except (OSError, subprocess.SubprocessError) as e:
            partial.unlink(missing_ok=True)
            raise AudioError(
                f"Speech could not be rendered with voice {self.voice!r}: {e}. Choose "
                "another voice in the settings, or read the text instead."
            ) from e
        partial.replace(path)
        return path

    def speak(self, text: str, cancel: threading.Event | None = None) -> None:
        """Say ``text`` and return when it has been said, or when cancelled.

        Raises:
            AudioError: no voice engine, or no sound output.
        """
        with self._speaking:
            if shutil.which("espeak-ng") is None:
                self._say_with_pyttsx3(text)
                return
            self.player.play(self.render(text))
            self.player.wait(cancel)

    def stop(self) -> None:
        self.player.stop()

    def _say_with_pyttsx3(self, text: str) -> None:
        check_output()
        try:
            import pyttsx3

            engine = pyttsx3.init()
            engine.setProperty("rate", self.rate)
            engine.say(text)
            engine.runAndWait()
        except Exception as e:
            raise AudioError(
                f"Questions cannot be read aloud: the voice engine failed ({e}). "
                "Read the question as text instead."
            ) from e


def _has_pyttsx3() -> bool:
    try:
        import pyttsx3

        pyttsx3.init()
    except Exception:
        return False
    return True
