"""What authlint returns: findings, notices and reports (pydantic models, JSON-serialisable).

Kept apart from the rule models (:mod:`authlint.models`) so that reading results -- a cached
run, a formatter -- never imports the detectors or spaCy-facing code.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .claims.model import Claim
from .severity import Severity

Applicability = Literal["display", "unsafe", "safe"]
#: Categories whose findings raise the score instead of lowering it.
POSITIVE_CATEGORIES = frozenset({"connection"})


class Suggestion(BaseModel):
    """A concrete proposal for one finding."""

    text: str
    replacement: str | None = None
    applicability: Applicability = "display"


class Finding(BaseModel):
    """One place in a post that undermines (or, for ``connection``, builds) trust."""

    rule: str
    name: str
    category: str
    severity: Severity
    message: str
    why: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    weight: float
    suggestions: list[Suggestion] = Field(default_factory=list)


class Notice(BaseModel):
    """Something the writer should know that is not a finding (e.g. the post is not English).

    Kinds: ``language`` (not English: rules skipped, info), ``too-long`` (over the size limit:
    not checked, error) and ``error`` (one rule failed on this post, e.g. a regex timed out:
    its findings are missing, error). Other kinds may be added.
    """

    kind: str
    message: str
    severity: Severity = Severity.INFO
    rule: str | None = Field(None, description="The rule the notice is about, if any.")


class Report(BaseModel):
    """The result of checking one post."""

    score: float = Field(ge=0, le=100)
    categories: dict[str, float]
    findings: list[Finding] = Field(default_factory=list)
    notices: list[Notice] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list, description="Identity claims the post makes about its author.")

    def at_or_above(self, severity: Severity) -> list[Finding]:
        """Findings that count against a ``--fail-on`` threshold (connection never fails)."""
        return [
            f for f in self.findings
            if f.severity.rank >= severity.rank and f.category not in POSITIVE_CATEGORIES
        ]


__all__ = ["POSITIVE_CATEGORIES", "Applicability", "Claim", "Finding", "Notice", "Report", "Suggestion"]
