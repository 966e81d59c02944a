"""What every formatter receives: the finished run, post by post, plus its summary numbers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from authlint.report.results import POSITIVE_CATEGORIES, Finding, Report
from authlint.severity import Severity


@dataclass
class PostResult:
    """One post as checked: a file, stdin, or one row of a JSONL/CSV export."""

    path: str
    """The path as the user gave or discovered it (``<stdin>`` for stdin)."""
    text: str = ""
    """The original text; positions in findings index into it."""
    report: Report | None = None
    """``None`` when the post could not be checked (see ``error``) or was skipped."""
    id: str | None = None
    """The row id for bulk input (``--input-format jsonl|csv``)."""
    platform: str | None = None
    error: str | None = None
    """Why the post could not be checked (an input error: exit code 2)."""
    skipped: str | None = None
    """Why the post was skipped on purpose (e.g. a binary file); not an error."""
    fixed: int = 0
    """Fixes applied (or, with ``--diff``, that would be applied)."""
    thresholds: tuple[Severity | None, float | None] | None = None
    """This post's own ``(fail_on, min_score)`` from its config; the run's when ``None``."""

    @property
    def label(self) -> str:
        """How the post is named in output: ``path`` or ``path#id`` for a row."""
        return f"{self.path}#{self.id}" if self.id is not None else self.path

    @property
    def findings(self) -> list[Finding]:
        return self.report.findings if self.report else []


@dataclass
class RunResult:
    posts: list[PostResult]
    fail_on: Severity | None = Severity.WARNING
    min_score: float | None = None
    statistics: bool = False
    diff: str | None = None
    """The unified diff, when ``--diff`` was asked for."""
    tool_version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    min_severity: Severity | None = None
    """``--min-severity``: problems below it are not shown (text, concise, github)."""
    quiet: bool = False
    """``--quiet``: clean posts and connection ("+ good") findings are not shown (text, concise)."""

    def shown(self, post: PostResult) -> list[Finding]:
        """The findings of ``post`` the reader asked to see (the exit code still counts all)."""
        return [f for f in post.findings if self.visible(f)]

    def visible(self, finding: Finding) -> bool:
        if finding.category in POSITIVE_CATEGORIES:
            return not self.quiet
        return self.min_severity is None or Severity(finding.severity).rank >= self.min_severity.rank

    def failing(self, post: PostResult) -> bool:
        """Does this post fail the run (findings at/above ``fail_on`` or a score below ``min_score``)?"""
        if post.report is None:
            return False
        fail_on, min_score = post.thresholds if post.thresholds is not None else (self.fail_on, self.min_score)
        if fail_on is not None and post.report.at_or_above(fail_on):
            return True
        return min_score is not None and post.report.score < min_score

    @property
    def checked(self) -> list[PostResult]:
        return [p for p in self.posts if p.report is not None]

    @property
    def incomplete(self) -> list[PostResult]:
        """Posts checked only in part: an error notice (a rule failed on them, or too long)."""
        return [p for p in self.posts if p.report is not None
                and any(str(n.severity) == "error" for n in p.report.notices)]

    @property
    def errors(self) -> list[PostResult]:
        return [p for p in self.posts if p.error is not None]

    def counts(self) -> Counter[str]:
        """Findings by severity (connection findings excluded: they are praise, not problems)."""
        return Counter(str(f.severity) for p in self.posts for f in p.findings if f.category not in POSITIVE_CATEGORIES)

    def fixable(self, unsafe: bool = False) -> int:
        allowed = {"safe", "unsafe"} if unsafe else {"safe"}
        return sum(
            1 for p in self.posts for f in p.findings
            if any(s.applicability in allowed and s.replacement is not None for s in f.suggestions)
        )

    def rule_statistics(self) -> list[dict[str, Any]]:
        """Counts per rule, most frequent first (like ``ruff --statistics``)."""
        counts: Counter[str] = Counter()
        meta: dict[str, Finding] = {}
        fixable: Counter[str] = Counter()
        for p in self.posts:
            for f in p.findings:
                counts[f.rule] += 1
                meta.setdefault(f.rule, f)
                if any(s.replacement is not None and s.applicability != "display" for s in f.suggestions):
                    fixable[f.rule] += 1
        return [
            {"rule": code, "name": meta[code].name, "category": meta[code].category,
             "severity": str(meta[code].severity), "count": n, "fixable": fixable[code]}
            for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]

    def summary(self) -> dict[str, Any]:
        checked = self.checked
        scores = [p.report.score for p in checked if p.report is not None]
        by_sev = self.counts()
        return {
            "posts": len(self.posts),
            "checked": len(checked),
            "findings": sum(by_sev.values()),
            "by_severity": {s.value: by_sev.get(s.value, 0) for s in Severity},
            "connection": sum(1 for p in self.posts for f in p.findings if f.category in POSITIVE_CATEGORIES),
            "fixable": self.fixable(),
            "fixed": sum(p.fixed for p in self.posts),
            "mean_score": round(sum(scores) / len(scores), 1) if scores else None,
            "min_score": min(scores) if scores else None,
            "failing": [p.label for p in self.posts if self.failing(p)],
            "errors": [{"path": p.label, "message": p.error} for p in self.errors],
            "incomplete": [p.label for p in self.incomplete],
            "skipped": [{"path": p.label, "message": p.skipped} for p in self.posts if p.skipped],
            "fail_on": self.fail_on.value if self.fail_on else None,
            "min_score_threshold": self.min_score,
        }
