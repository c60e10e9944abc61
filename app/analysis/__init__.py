"""Analysis of an answer: key terms, structure, principles, delivery and options."""

from app.analysis.analyse import analyse
from app.analysis.model import (
    Analysis,
    Delivery,
    FillerCount,
    OptionScore,
    PrincipleResult,
    StepResult,
    TermResult,
)

__all__ = [
    "Analysis",
    "Delivery",
    "FillerCount",
    "OptionScore",
    "PrincipleResult",
    "StepResult",
    "TermResult",
    "analyse",
]
