"""Findings, notices and config problems as LSP diagnostics.

A finding keeps everything the CLI shows: its severity (connection findings, which *raise* the
score, are hints), its rule code with a link to the rule's documentation (``codeDescription``),
the message and the first suggestion, as ``= try: ...`` beneath it like the text output.
``data`` carries the finding's code-point span, so code actions find it again without
re-converting positions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lsprotocol import types

from authlint.lsp.configs import ConfigProblem
from authlint.lsp.positions import PositionMap
from authlint.report.results import POSITIVE_CATEGORIES, Finding, Notice
from authlint.severity import Severity

SOURCE = "authlint"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

DocsLink = Callable[[str], str | None]
"""Rule code -> URI of its documentation (or ``None``)."""


def lsp_range(positions: PositionMap, start: int, end: int) -> types.Range:
    (l1, c1), (l2, c2) = positions.range(start, end)
    return types.Range(start=types.Position(line=l1, character=c1), end=types.Position(line=l2, character=c2))


def describe(finding: Finding) -> str:
    """The message as the text output shows it: the finding, then its first suggestion."""
    if not finding.suggestions:
        return finding.message
    s = finding.suggestions[0]
    if s.replacement is not None and s.applicability != "display":
        label = "fix" if s.applicability == "safe" else "fix (unsafe)"
        return f"{finding.message}\n= {label}: {s.text} → {s.replacement!r}"
    return f"{finding.message}\n= try: {s.text}"


def finding_diagnostic(finding: Finding, positions: PositionMap, docs: DocsLink | None = None) -> types.Diagnostic:
    href = docs(finding.rule) if docs is not None else None
    positive = finding.category in POSITIVE_CATEGORIES
    return types.Diagnostic(
        range=lsp_range(positions, finding.start, finding.end),
        message=describe(finding),
        severity=types.DiagnosticSeverity.Hint if positive else _SEVERITY[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        data={"rule": finding.rule, "name": finding.name, "start": finding.start, "end": finding.end},
    )


def notice_diagnostic(notice: Notice, positions: PositionMap) -> types.Diagnostic:
    """A notice is about the whole post: shown on its first line."""
    start, end = positions.line_bounds(0)
    return types.Diagnostic(
        range=lsp_range(positions, start, end), message=notice.message, severity=_SEVERITY[notice.severity],
        code=notice.rule or notice.kind, source=SOURCE,
    )


def error_diagnostic(message: str, positions: PositionMap) -> types.Diagnostic:
    """The document could not be checked (bad front matter, a broken config): one error on line 1."""
    start, end = positions.line_bounds(0)
    return types.Diagnostic(
        range=lsp_range(positions, start, end), message=message,
        severity=types.DiagnosticSeverity.Error, source=SOURCE,
    )


def problem_diagnostic(problem: ConfigProblem) -> types.Diagnostic:
    """One diagnostic on the config or rule file at fault, at the line its error names."""
    where = types.Position(line=problem.line, character=problem.column)
    return types.Diagnostic(
        range=types.Range(start=where, end=types.Position(line=problem.line, character=problem.column + 1)),
        message=problem.message, severity=types.DiagnosticSeverity.Error, code="config", source=SOURCE,
    )


def rule_docs_link(rule_dirs: list[Path]) -> DocsLink:
    """Links to each rule's YAML (what ``authlint rule CODE`` renders), found once per code."""
    found: dict[str, str | None] = {}

    def link(code: str) -> str | None:
        if code not in found:
            found[code] = None
            for folder in rule_dirs:
                hit = next(iter(sorted(folder.glob(f"**/{code}-*.yaml"))), None) if folder.is_dir() else None
                if hit is not None:
                    found[code] = hit.resolve().as_uri()
                    break
        return found[code]

    return link


__all__ = [
    "SOURCE",
    "DocsLink",
    "describe",
    "error_diagnostic",
    "finding_diagnostic",
    "lsp_range",
    "notice_diagnostic",
    "problem_diagnostic",
    "rule_docs_link",
]
