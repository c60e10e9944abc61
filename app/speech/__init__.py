"""Speech recognition: the model catalogue and the transcriber."""

from app.speech.models import ModelInfo, list_models, prepare_base, resolve_model
from app.speech.transcriber import DEFAULT_MODEL, Transcriber, load_audio
from app.speech.transcript import Transcript, Word

__all__ = [
    "DEFAULT_MODEL",
    "ModelInfo",
    "Transcriber",
    "Transcript",
    "Word",
    "list_models",
    "load_audio",
    "prepare_base",
    "resolve_model",
]
