"""The exceptions the engine raises; each message says what failed, why, and what to do."""


class RehearseError(Exception):
    """Base for every error a person can act on."""


class PackError(RehearseError):
    """A question pack is missing, unreadable or invalid."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


class AudioError(RehearseError):
    """An audio file cannot be read, or a device cannot be used."""


class ModelError(RehearseError):
    """A speech model is missing, damaged or unknown."""


class TranscriptionError(RehearseError):
    """Transcription failed part way."""


class Cancelled(RehearseError):
    """The user cancelled long work."""


class HistoryError(RehearseError):
    """The history of attempts cannot be opened, read or written."""
