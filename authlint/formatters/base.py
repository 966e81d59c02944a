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
class _Tally:
    """Running totals of a run, so a streamed run needs no post once it is printed."""

    posts: int = 0
    checked: int = 0
    score_sum: float = 0.0
    score_min: float | None = None
    by_severity: Counter[str] = field(default_factory=Counter)
    connection: int = 0
    fixable: int = 0
    fixable_unsafe: int = 0
    fixed: int = 0
    failing: list[str] = field(default_factory=list)
    problems: list[PostResult] = field(default_factory=list)
    """Posts that could not be checked, were skipped or were checked only in part (few: kept)."""
    rules: Counter[str] = field(default_factory=Counter)
    rules_fixable: Counter[str] = field(default_factory=Counter)
    rule_meta: dict[str, Finding] = field(default_factory=dict)


@dataclass
class RunResult:
    """The run as formatters see it: its options, the posts kept (``posts``) and running totals
    over every post :meth:`add` ed (a streamed run keeps no posts, see formatters.stream)."""

    posts: list[PostResult] = field(default_factory=list)
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

    def __post_init__(self) -> None:
        self._tally = _Tally()
        for post in self.posts:
            self._count(post)

    def add(self, post: PostResult, *, keep: bool = True) -> None:
        """Count ``post`` in the totals (and keep it in ``posts`` unless ``keep`` is False)."""
        if keep:
            self.posts.append(post)
        self._count(post)

    def _count(self, post: PostResult) -> None:
        t = self._tally
        t.posts += 1
        if post.error is not None or post.skipped is not None or self._partial(post):
            t.problems.append(post)
        t.fixed += post.fixed
        if post.report is None:
            return
        score = post.report.score
        t.checked += 1
        t.score_sum += score
        t.score_min = score if t.score_min is None else min(t.score_min, score)
        if self.failing(post):
            t.failing.append(post.label)
        for f in post.findings:
            if f.category in POSITIVE_CATEGORIES:
                t.connection += 1
            else:
                t.by_severity[str(f.severity)] += 1
            fixes = {s.applicability for s in f.suggestions if s.replacement is not None}
            t.fixable += "safe" in fixes
            t.fixable_unsafe += bool(fixes & {"safe", "unsafe"})
            t.rules[f.rule] += 1
            t.rule_meta.setdefault(f.rule, f)
            t.rules_fixable[f.rule] += bool(fixes - {"display"})

    @staticmethod
    def _partial(post: PostResult) -> bool:
        return post.report is not None and any(str(n.severity) == "error" for n in post.report.notices)

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
    def any_failing(self) -> bool:
        return bool(self._tally.failing)

    @property
    def incomplete(self) -> list[PostResult]:
        """Posts checked only in part: an error notice (a rule failed on them, or too long)."""
        return [p for p in self._tally.problems if self._partial(p)]

    @property
    def errors(self) -> list[PostResult]:
        return [p for p in self._tally.problems if p.error is not None]

    @property
    def skipped(self) -> list[PostResult]:
        return [p for p in self._tally.problems if p.error is None and p.skipped is not None]

    def counts(self) -> Counter[str]:
        """Findings by severity (connection findings excluded: they are praise, not problems)."""
        return Counter(self._tally.by_severity)

    def fixable(self, unsafe: bool = False) -> int:
        return self._tally.fixable_unsafe if unsafe else self._tally.fixable

    def rule_statistics(self) -> list[dict[str, Any]]:
        """Counts per rule, most frequent first (like ``ruff --statistics``)."""
        t = self._tally
        return [
            {"rule": code, "name": t.rule_meta[code].name, "category": t.rule_meta[code].category,
             "severity": str(t.rule_meta[code].severity), "count": n, "fixable": t.rules_fixable[code]}
            for code, n in sorted(t.rules.items(), key=lambda kv: (-kv[1], kv[0]))
        ]

    def summary(self) -> dict[str, Any]:
        t = self._tally
        by_sev = t.by_severity
        return {
            "posts": t.posts,
            "checked": t.checked,
            "findings": sum(by_sev.values()),
            "by_severity": {s.value: by_sev.get(s.value, 0) for s in Severity},
            "connection": t.connection,
            "fixable": t.fixable,
            "fixed": t.fixed,
            "mean_score": round(t.score_sum / t.checked, 1) if t.checked else None,
            "min_score": t.score_min,
            "failing": list(t.failing),
            "errors": [{"path": p.label, "message": p.error} for p in self.errors],
            "incomplete": [p.label for p in self.incomplete],
            "skipped": [{"path": p.label, "message": p.skipped} for p in self.skipped],
            "fail_on": self.fail_on.value if self.fail_on else None,
            "min_score_threshold": self.min_score,
        }


class Stream:
    """A format written post by post, so a run of any size prints in flat memory: ``opening``
    lines, then each post's lines as it is checked (after :meth:`RunResult.add`), then
    ``closing`` lines (the summary, from the run's totals)."""

    def __init__(self, run: RunResult, color: bool = False) -> None:
        self.run, self.color = run, color

    def opening(self) -> list[str]:
        return []

    def post(self, post: PostResult) -> list[str]:
        return []

    def closing(self) -> list[str]:
        return []


def render(stream: Stream) -> str:
    """The whole output of ``stream`` over its run's kept posts, as one string."""
    lines = stream.opening()
    for post in stream.run.posts:
        lines += stream.post(post)
    lines += stream.closing()
    return "\n".join(lines)
