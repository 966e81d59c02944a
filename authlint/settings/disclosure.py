"""The ``disclosure:`` settings: extra sponsorship cues and disclosure markers from config.

Apart from the matching code in :mod:`authlint.detectors.disclosure_rules`, so reading a config (every
run, cached ones included) does not import or compile it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from authlint.settings.validation import SETTINGS, Compiles


@dataclass(frozen=True)
class DisclosureSettings:
    """Config additions (``disclosure:``): extra cue and marker phrases or regular expressions."""

    __pydantic_config__ = SETTINGS

    cues: list[str] = field(default_factory=list)
    """Extra phrases that suggest a paid or gifted post."""
    markers: list[str] = field(default_factory=list)
    """Extra phrases that count as a disclosure."""
    cue_patterns: Annotated[list[str], Compiles()] = field(default_factory=list)
    marker_patterns: Annotated[list[str], Compiles()] = field(default_factory=list)
