"""The learner's settings, kept in QSettings: made once at start-up and passed in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from app.audio.voice import DEFAULT_RATE, DEFAULT_VOICE


class Settings:
    """Typed access to the few settings Rehearse keeps."""

    def __init__(self, store: QSettings) -> None:
        self._store = store

    @classmethod
    def at(cls, path: Path) -> Settings:
        """Settings in an ini file, for tests and portable installs."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def _get(self, key: str, default: object) -> object:
        value = self._store.value(key, default)
        return default if value is None else value

    @property
    def voice(self) -> str:
        return str(self._get("voice/name", DEFAULT_VOICE))

    @voice.setter
    def voice(self, value: str) -> None:
        self._store.setValue("voice/name", value)

    @property
    def rate(self) -> int:
        try:
            return int(self._get("voice/rate", DEFAULT_RATE))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return DEFAULT_RATE

    @rate.setter
    def rate(self, value: int) -> None:
        self._store.setValue("voice/rate", int(value))

    @property
    def microphone(self) -> str:
        """The chosen input device by name; empty for the system default."""
        return str(self._get("audio/microphone", ""))

    @microphone.setter
    def microphone(self, value: str) -> None:
        self._store.setValue("audio/microphone", value)

    @property
    def model(self) -> str:
        return str(self._get("speech/model", "default"))

    @model.setter
    def model(self, value: str) -> None:
        self._store.setValue("speech/model", value)

    @property
    def hide_text(self) -> bool:
        return str(self._get("interview/hide_text", "false")).lower() in ("true", "1")

    @hide_text.setter
    def hide_text(self, value: bool) -> None:
        self._store.setValue("interview/hide_text", bool(value))

    @property
    def pack(self) -> str:
        return str(self._get("interview/pack", ""))

    @pack.setter
    def pack(self, value: str) -> None:
        self._store.setValue("interview/pack", value)

    @property
    def geometry(self) -> QByteArray | None:
        value = self._store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._store.setValue("window/geometry", value)

    def sync(self) -> None:
        self._store.sync()
