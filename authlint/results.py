"""What authlint returns: findings, notices and reports (pydantic models, JSON-serialisable).

Kept apart from the rule models (:mod:`authlint.models`) so that reading results -- a cached
run, a formatter -- never imports the detectors or spaCy-facing code.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .claims.model import Claim
from .severity import Severity

Applicability = Literal["display", "unsafe", "safe"]
#: Categories whose findings raise the score instead of lowering it.
POSITIVE_CATEGORIES = frozenset({"connection"})


class _Result(BaseModel):
    # Validators are built on first validation, not at import: a cached run only reads results.
    model_config = ConfigDict(defer_build=True)


class Suggestion(_Result):
    """A concrete proposal for one finding."""

    text: str
    replacement: str | None = None
    applicability: Applicability = "display"


class Finding(_Result):
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


class Notice(_Result):
    """Something the writer should know that is not a finding (e.g. the post is not English).

    Kinds: ``language`` (not English: rules skipped, info), ``too-long`` (over the size limit:
    not checked, error) and ``error`` (one rule failed on this post, e.g. a regex timed out:
    its findings are missing, error). Other kinds may be added.
    """

    kind: str
    message: str
    severity: Severity = Severity.INFO
    rule: str | None = Field(None, description="The rule the notice is about, if any.")


class Report(_Result):
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


def report_from_dump(data: dict[str, Any]) -> Report:
    """A :class:`Report` from ``report.model_dump(mode="json")`` of a valid report, without validating.

    For data authlint wrote itself and checked for damage (the result cache): rebuilding it this
    way needs no validators, so a run served from the cache never builds them.
    """
    return Report.model_construct(
        score=data["score"],
        categories=data["categories"],
        findings=[_finding(f) for f in data["findings"]],
        notices=[Notice.model_construct(**{**n, "severity": Severity(n["severity"])}) for n in data["notices"]],
        claims=[Claim.model_construct(**c) for c in data["claims"]],
    )


def _finding(data: dict[str, Any]) -> Finding:
    return Finding.model_construct(**{
        **data,
        "severity": Severity(data["severity"]),
        "suggestions": [Suggestion.model_construct(**s) for s in data["suggestions"]],
    })


__all__ = ["POSITIVE_CATEGORIES", "Applicability", "Claim", "Finding", "Notice", "Report", "Suggestion"]
