"""Question packs: load, validate and find them."""

from app.packs.loader import (
    PACK_SUFFIX,
    find_packs,
    load_pack,
    pack_to_dict,
    resolve_pack,
    validate_pack_file,
)
from app.packs.model import LABELS, Option, Pack, Principle, Question, Step, Term

__all__ = [
    "LABELS",
    "PACK_SUFFIX",
    "Option",
    "Pack",
    "Principle",
    "Question",
    "Step",
    "Term",
    "find_packs",
    "load_pack",
    "pack_to_dict",
    "resolve_pack",
    "validate_pack_file",
]
