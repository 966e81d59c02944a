"""The rules authlint reads, as pydantic models (results: :mod:`authlint.report.results`)."""

from __future__ import annotations

import re
import string

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from authlint.claims.model import Claim
from authlint.detectors import Detector

# Results live in authlint.report.results; re-exported here for code that imports them from models.
from authlint.report.results import POSITIVE_CATEGORIES, Applicability, Finding, Notice, Report, Suggestion
from authlint.settings.profile import AuthorProfile
from authlint.severity import Severity

CODE_RE = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
CATEGORY_RE = re.compile(r"^[a-z][a-z0-9-]*$")


def _check_template(template: str) -> str:
    """Templates use ``{name}`` placeholders only: no attribute access, indexing or format specs."""
    try:
        fields = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise ValueError(f"bad placeholder in {template!r}: {exc}") from exc
    for field_name, spec, conv in fields:
        # A spec such as {match:>999999999} would build a gigabyte string: plain names only.
        if not field_name.isidentifier() or spec or conv:
            shown = field_name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "")
            raise ValueError(f"placeholder {{{shown}}} must be a plain name such as {{match}}")
    return template


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SuggestionSpec(_Strict):
    """How a rule proposes a better wording."""

    template: str = Field(min_length=1, description="Advice shown to the writer; may use {match} and captures.")
    replacement: str | None = Field(None, description="Template for text that replaces the matched span.")
    swap: dict[str, str] | None = Field(None, description="Matched text (case-insensitive) -> replacement.")
    applicability: Applicability = "display"

    _validate_template = field_validator("template", "replacement")(
        lambda v: v if v is None else _check_template(v)
    )

    @model_validator(mode="after")
    def _fix_needs_replacement(self) -> SuggestionSpec:
        if self.applicability != "display" and self.replacement is None and self.swap is None:
            raise ValueError(f"applicability '{self.applicability}' needs a replacement or a swap map")
        if self.replacement is not None and self.swap is not None:
            raise ValueError("use either replacement or swap, not both")
        return self


class ExpectedMatch(_Strict):
    match: str | None = Field(None, description="The exact text the finding must cover; "
                              "left out (``expect: [{}]``), any finding of the rule will do.")


class BadExample(_Strict):
    text: str = Field(min_length=1)
    expect: list[ExpectedMatch] = Field(default_factory=list)


class Examples(_Strict):
    bad: list[BadExample] = Field(min_length=1)
    good: list[str] = Field(min_length=1)
    author: AuthorProfile | None = Field(None, description="Check the examples as if written by this author.")
    platform: str | None = Field(None, description="Check the examples as posts for this platform (platform rules need one).")

    @field_validator("bad", mode="before")
    @classmethod
    def _plain_strings(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"text": v} if isinstance(v, str) else v for v in value]
        return value


class Rule(_Strict):
    """One YAML rule file."""

    code: str
    name: str
    category: str
    severity: Severity = Severity.WARNING
    weight: float = Field(5.0, ge=0, le=100, description="Points one finding costs (or adds, for connection).")
    limit: int = Field(3, ge=1, description="At most this many findings of the rule count toward the score.")
    message: str = Field(min_length=1)
    why: str = Field(min_length=1)
    description: str | None = None
    aliases: list[str] = Field(default_factory=list)
    enabled: bool = True
    skip_quoted: bool = Field(
        False, description="Ignore matches inside quotation marks or a quoted reply line ('> ...'): "
        "quoting someone's sarcasm to answer it is not snark.",
    )
    detectors: list[Detector] = Field(min_length=1)
    prefilter: list[str] | None = Field(
        None, min_length=1,
        description="Only for rules whose patterns authlint cannot read (see authlint.gate.prefilter): "
        "words of which a post must contain one (a multi-word entry needs all its words) for the "
        "rule to match, so posts without them skip the tagger and parser. A promise: a wrong list loses findings.",
    )
    suggestions: list[SuggestionSpec] = Field(min_length=1)
    examples: Examples

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if not CODE_RE.match(v):
            raise ValueError("must be 2-5 capital letters then 3 digits, e.g. PRO101")
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not NAME_RE.match(v):
            raise ValueError("must be lowercase words joined by hyphens, e.g. hard-sell-call-to-action")
        return v

    @field_validator("category")
    @classmethod
    def _category(cls, v: str) -> str:
        if not CATEGORY_RE.match(v):
            raise ValueError("must be a lowercase id such as self-promotion")
        return v

    _validate_message = field_validator("message")(lambda v: _check_template(v))

    @property
    def positive(self) -> bool:
        return self.category in POSITIVE_CATEGORIES

    @property
    def fixable(self) -> bool:
        return any(s.applicability != "display" for s in self.suggestions)

    @property
    def fix_safety(self) -> Applicability | None:
        """``safe`` when ``--fix`` applies one of its fixes, ``unsafe`` when only
        ``--unsafe-fixes`` does, ``None`` when its suggestions are advice only."""
        kinds = {s.applicability for s in self.suggestions}
        return "safe" if "safe" in kinds else "unsafe" if "unsafe" in kinds else None

    def needs(self) -> frozenset[str]:
        needed: set[str] = set()
        for detector in self.detectors:
            needed |= detector.needs()
        return frozenset(needed)

    def deferred(self) -> frozenset[str]:
        """Needed features that no detector reads eagerly (see ``DetectorBase.deferred``)."""
        eager = frozenset().union(*(d.needs() - d.deferred() for d in self.detectors))
        return frozenset().union(*(d.deferred() for d in self.detectors)) - eager

    def needs_profile(self) -> bool:
        """Every detector matches only for posts whose author has a profile (claim checks)."""
        return all(d.needs_profile for d in self.detectors)

    def with_severity(self, severity: Severity) -> Rule:
        return self.model_copy(update={"severity": severity})


__all__ = [
    "POSITIVE_CATEGORIES",
    "Applicability",
    "BadExample",
    "Claim",
    "Examples",
    "ExpectedMatch",
    "Finding",
    "Notice",
    "Report",
    "Rule",
    "Suggestion",
    "SuggestionSpec",
]
