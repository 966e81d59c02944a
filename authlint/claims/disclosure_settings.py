"""The ``disclosure:`` settings: extra sponsorship cues and disclosure markers from config.

Apart from the matching code in :mod:`authlint.claims.disclosure`, so reading a config (every
run, cached ones included) does not import or compile it.
"""

from __future__ import annotations

import regex as re_
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..defaults import unvalidated_defaults


class DisclosureSettings(BaseModel):
    """Config additions (``disclosure:``): extra cue and marker phrases or regular expressions."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    cues: list[str] = Field(default_factory=list, description="Extra phrases that suggest a paid or gifted post.")
    markers: list[str] = Field(default_factory=list, description="Extra phrases that count as a disclosure.")
    cue_patterns: list[str] = Field(default_factory=list, alias="cue-patterns")
    marker_patterns: list[str] = Field(default_factory=list, alias="marker-patterns")

    @classmethod
    def defaults(cls) -> DisclosureSettings:
        """No additions, without running (or building) the validator."""
        return unvalidated_defaults(cls)

    @field_validator("cue_patterns", "marker_patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for p in patterns:
            try:
                re_.compile(p)
            except re_.error as exc:
                raise ValueError(f"regex {p!r} does not compile: {exc}") from exc
        return patterns
