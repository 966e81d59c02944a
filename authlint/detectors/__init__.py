"""Detector types. Each module holds one type: its YAML options and how it matches."""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from .base import DetectorBase, Finder, Match
from .claim import ClaimDetector
from .conditional import ConditionalDetector
from .dependency_pattern import DependencyPatternDetector
from .disclosure import DisclosureDetector
from .metric import MetricDetector
from .phrase import PhraseDetector
from .regex import RegexDetector, RegexTimeout
from .token_pattern import TokenPatternDetector

Detector = Annotated[
    Union[
        PhraseDetector,
        TokenPatternDetector,
        DependencyPatternDetector,
        RegexDetector,
        MetricDetector,
        ConditionalDetector,
        ClaimDetector,
        DisclosureDetector,
    ],
    Field(discriminator="type"),
]

ConditionalDetector.model_rebuild()

__all__ = [
    "ClaimDetector",
    "ConditionalDetector",
    "DependencyPatternDetector",
    "Detector",
    "DetectorBase",
    "DisclosureDetector",
    "Finder",
    "Match",
    "MetricDetector",
    "PhraseDetector",
    "RegexDetector",
    "RegexTimeout",
    "TokenPatternDetector",
]
