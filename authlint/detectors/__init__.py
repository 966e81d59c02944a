"""Detector types. Each module holds one type: its YAML options and how it matches."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from authlint.detectors.base import DetectorBase, Finder, Match
from authlint.detectors.claim import ClaimDetector
from authlint.detectors.classifier import ClassifierDetector
from authlint.detectors.conditional import ConditionalDetector
from authlint.detectors.dependency_pattern import DependencyPatternDetector
from authlint.detectors.disclosure import DisclosureDetector
from authlint.detectors.metric import MetricDetector
from authlint.detectors.phrase import PhraseDetector
from authlint.detectors.regex import RegexDetector, RegexTimeout
from authlint.detectors.token_pattern import TokenPatternDetector

Detector = Annotated[
    PhraseDetector | TokenPatternDetector | DependencyPatternDetector | RegexDetector | MetricDetector | ConditionalDetector | ClaimDetector | DisclosureDetector | ClassifierDetector,
    Field(discriminator="type"),
]

ConditionalDetector.model_rebuild()

__all__ = [
    "ClaimDetector",
    "ClassifierDetector",
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
