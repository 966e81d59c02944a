"""Applying inline suppressions to a post's findings, and reporting the ones that silenced nothing.

The directives themselves are parsed by :mod:`authlint.io.directives` (the syntax is documented there).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from authlint.io.directives import Directive, parse
from authlint.io.positions import LineIndex
from authlint.report.results import Finding, Suggestion
from authlint.ruleset.meta import unused_suppression_rule
from authlint.settings.selectors import RuleIndex


@dataclass
class _Scope:
    directive: Directive
    selector: str | None  # None: every rule
    start: int
    end: int
    used: bool = False

    def covers(self, finding: Finding, index: RuleIndex) -> bool:
        return self.start <= finding.start < self.end and (self.selector is None or index.covers(self.selector, finding.rule))


def _scopes(text: str, directives: Sequence[Directive]) -> list[_Scope]:
    lines = LineIndex(text)
    scopes: list[_Scope] = []
    open_: list[_Scope] = []
    for d in directives:
        if d.action == "disable":
            for sel in d.selectors or (None,):
                scope = _Scope(d, sel, d.end, len(text))
                scopes.append(scope)
                open_.append(scope)
        elif d.action == "enable":
            for scope in list(open_):
                if not d.selectors or scope.selector in d.selectors:
                    scope.end = d.start
                    open_.remove(scope)
        else:
            start, end = _next_line(text, lines, d.end)
            scopes.extend(_Scope(d, sel, start, end) for sel in d.selectors or (None,))
    return scopes


def _next_line(text: str, lines: LineIndex, offset: int) -> tuple[int, int]:
    """Offsets of the first line after ``offset``'s line that has any non-space text."""
    line, _ = lines.position(offset)
    total = lines.lines
    while line < total:
        line += 1
        start, end = lines.line_span(line)
        end = len(text) if end == -1 else end
        if text[start:end].strip():
            return start, end
    return len(text), len(text)


def apply(text: str, findings: Sequence[Finding], index: RuleIndex) -> tuple[list[Finding], list[Finding]]:
    """(findings left after suppression, SUP100 findings for directives that silenced nothing).

    ``index`` holds the rules that ran: selectors resolve through it (codes, prefixes, names,
    aliases, categories), and a directive naming anything else is reported as naming an
    unknown or disabled rule.
    """
    directives = parse(text)
    if not directives:
        return list(findings), []
    scopes = _scopes(text, directives)
    kept = []
    for f in findings:
        hit = [s for s in scopes if s.covers(f, index)]
        for s in hit:
            s.used = True
        if not hit:
            kept.append(f)
    return kept, _unused(text, scopes, index)


def _unused(text: str, scopes: list[_Scope], index: RuleIndex) -> list[Finding]:
    rule = unused_suppression_rule()
    lines = LineIndex(text)
    by_directive: dict[Directive, list[_Scope]] = {}
    for s in scopes:
        by_directive.setdefault(s.directive, []).append(s)
    out = []
    for d, group in by_directive.items():
        idle = [s for s in group if not s.used]
        if not idle:
            continue
        names = [s.selector for s in idle if s.selector is not None]
        unknown = [n for n in names if not index.knows(n)]
        detail = f" ({', '.join(names)})" if names and len(idle) < len(group) else ""
        if unknown:
            detail = f" ({', '.join(unknown)}: not a rule that ran)"
        line, column = lines.position(d.start)
        end_line, end_column = lines.position(d.end)
        out.append(Finding(
            rule=rule.code, name=rule.name, category=rule.category, severity=rule.severity,
            message=rule.message.format(directive=d.text, detail=detail), why=" ".join(rule.why.split()),
            start=d.start, end=d.end, line=line, column=column, end_line=end_line, end_column=end_column,
            text=text[d.start:d.end], weight=rule.weight,
            suggestions=[Suggestion(text=rule.suggestion)],
        ))
    return out

