"""What authlint returns: findings, notices and reports, as plain dataclasses
(:class:`~authlint.support.records.Record`). ``to_dict()`` gives the JSON form (the ``--format json``
schema), and :func:`report_from_dict` rebuilds a report from it.

Kept apart from the rule models (:mod:`authlint.ruleset.schema`) so that reading results -- a cached
run, a formatter -- never imports the detectors or spaCy-facing code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from authlint.claims.model import Claim
from authlint.severity import Severity
from authlint.support.records import Record

Applicability = Literal["display", "unsafe", "safe"]
#: Categories whose findings raise the score instead of lowering it.
POSITIVE_CATEGORIES = frozenset({"connection"})


@dataclass
class Suggestion(Record):
    """A concrete proposal for one finding."""

    text: str
    replacement: str | None = None
    applicability: Applicability = "display"


@dataclass
class Finding(Record):
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
    suggestions: list[Suggestion] = field(default_factory=list)


@dataclass
class Notice(Record):
    """Something the writer should know that is not a finding (e.g. the post is not English).

    Kinds: ``language`` (not English: rules skipped, info), ``too-long`` (over the size limit:
    not checked, error) and ``error`` (one rule failed on this post, e.g. a regex timed out:
    its findings are missing, error). Other kinds may be added.
    """

    kind: str
    message: str
    severity: Severity = Severity.INFO
    rule: str | None = None
    """The rule the notice is about, if any."""


@dataclass
class Report(Record):
    """The result of checking one post: a score from 0 to 100, per category too."""

    score: float
    categories: dict[str, float]
    findings: list[Finding] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    """Identity claims the post makes about its author."""

    def __post_init__(self) -> None:
        self.score = float(self.score)  # 80 and 80.0 are the same score, and one JSON form

    def at_or_above(self, severity: Severity) -> list[Finding]:
        """Findings that count against a ``--fail-on`` threshold (connection never fails)."""
        return [
            f for f in self.findings
            if f.severity.rank >= severity.rank and f.category not in POSITIVE_CATEGORIES
        ]


def report_from_dict(data: dict[str, Any]) -> Report:
    """The :class:`Report` whose ``to_dict()`` is ``data`` (as authlint wrote it: not validated)."""
    return Report(
        score=data["score"],
        categories=data["categories"],
        findings=[_finding(f) for f in data["findings"]],
        notices=[Notice(**{**n, "severity": _severity(n["severity"])}) for n in data["notices"]],
        claims=[Claim(**c) for c in data["claims"]],
    )


def _finding(data: dict[str, Any]) -> Finding:
    fields = dict(data)
    fields["severity"] = _severity(data["severity"])
    fields["suggestions"] = [Suggestion(**s) for s in data["suggestions"]]
    return Finding(**fields)


_SEVERITIES = {str(s.value): s for s in Severity}


def _severity(value: Any) -> Severity:
    """``Severity(value)`` by a dict lookup first: a re-run rebuilds thousands of findings."""
    found = _SEVERITIES.get(value) if isinstance(value, str) else None
    return found if found is not None else Severity(value)


__all__ = ["POSITIVE_CATEGORIES", "Applicability", "Claim", "Finding", "Notice", "Report", "Suggestion", "report_from_dict"]
