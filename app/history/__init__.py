"""Every attempt kept: audio, transcript, feedback and choice; recovery and export."""

from app.history.codec import analysis_from_dict
from app.history.recovery import recover
from app.history.store import (
    DONE,
    RECORDING,
    SCHEMA_VERSION,
    Attempt,
    AttemptNotFound,
    HistoryStore,
)

__all__ = [
    "DONE",
    "RECORDING",
    "SCHEMA_VERSION",
    "Attempt",
    "AttemptNotFound",
    "HistoryStore",
    "analysis_from_dict",
    "recover",
]
