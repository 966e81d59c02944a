"""Inline suppressions: let a writer silence one finding without turning a rule off everywhere.

Markdown (HTML comments, invisible when rendered)::

    <!-- authlint-disable SNK101,PRO102 -->   ... <!-- authlint-enable -->
    <!-- authlint-disable-next-line SNK101 -->

Plain text (a line of its own): ``authlint-disable SNK101``, ``authlint-enable``,
``authlint-disable-next-line SNK101``. Selectors are codes, code prefixes, rule names or
categories; none means every rule. A directive that suppresses nothing is itself reported
as ``SUP100 unused-suppression`` (like ruff's RUF100), so stale comments do not pile up.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import regex as re_

from authlint.support.data import data_path
from authlint.report.results import Finding, Suggestion
from authlint.io.positions import LineIndex
from authlint.severity import Severity

Action = Literal["disable", "enable", "disable-next-line"]

_BODY = r"authlint-(?P<action>disable-next-line|disable|enable)(?:[ \t]+(?P<codes>[\w-]+(?:[ \t]*,[ \t]*[\w-]+)*))?[ \t]*"
COMMENT_DIRECTIVE = re_.compile(r"<!--[ \t]*" + _BODY + r"-->")
PLAIN_DIRECTIVE = re_.compile(r"(?m)^[ \t]*" + _BODY + r"(?=\r\n|\r|\n|\Z)")
_LINE_BREAK = re_.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Directive:
    action: Action
    selectors: tuple[str, ...]
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class MetaRule:
    """A rule the CLI applies itself; it has the fields selectors and formatters look at."""

    code: str
    name: str
    category: str
    severity: Severity
    message: str
    why: str
    suggestion: str
    examples: dict[str, list[str]]
    aliases: tuple[str, ...] = ()
    weight: float = 0.0
    fixable: bool = False


@lru_cache(maxsize=1)
def unused_suppression_rule() -> MetaRule:
    # JSON, not YAML like the rules: every `authlint check` reads it, and PyYAML's import would
    # be a tenth of a cached run.
    data = json.loads(data_path("unused-suppression.json").read_text(encoding="utf-8"))
    data["severity"] = Severity(data["severity"])
    return MetaRule(**data)


def parse(text: str) -> list[Directive]:
    """Every suppression directive in ``text``, in order."""
    found = [*COMMENT_DIRECTIVE.finditer(text), *PLAIN_DIRECTIVE.finditer(text)]
    directives = []
    for m in sorted(found, key=lambda m: m.start()):
        codes = m.group("codes")
        selectors = tuple(c.strip() for c in codes.split(",")) if codes else ()
        directives.append(Directive(m.group("action"), selectors, m.start(), m.end(), m.group().strip()))
    return directives


def matches(selector: str, finding: Finding) -> bool:
    """``SNK101``, ``SNK``, ``sarcastic-marker``, ``snark`` or ``ALL``."""
    return (
        selector in ("ALL", finding.rule, finding.name, finding.category)
        or (selector.isupper() and finding.rule.startswith(selector))
    )


@dataclass
class _Scope:
    directive: Directive
    selector: str | None  # None: every rule
    start: int
    end: int
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        return self.start <= finding.start < self.end and (self.selector is None or matches(self.selector, finding))


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
    total = len(_LINE_BREAK.findall(text)) + 1
    while line < total:
        line += 1
        start, end = lines.line_span(line)
        end = len(text) if end == -1 else end
        if text[start:end].strip():
            return start, end
    return len(text), len(text)


def apply(text: str, findings: Sequence[Finding], known: frozenset[str] = frozenset()) -> tuple[list[Finding], list[Finding]]:
    """(findings left after suppression, SUP100 findings for directives that silenced nothing).

    ``known`` holds the codes, names and categories of the rules that ran: a directive naming
    something else is reported as naming an unknown or disabled rule.
    """
    directives = parse(text)
    if not directives:
        return list(findings), []
    scopes = _scopes(text, directives)
    kept = []
    for f in findings:
        hit = [s for s in scopes if s.covers(f)]
        for s in hit:
            s.used = True
        if not hit:
            kept.append(f)
    return kept, _unused(text, scopes, known)


def _unused(text: str, scopes: list[_Scope], known: frozenset[str]) -> list[Finding]:
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
        unknown = [n for n in names if known and not _known(n, known)]
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


def _known(selector: str, known: frozenset[str]) -> bool:
    return selector == "ALL" or selector in known or (selector.isupper() and any(k.startswith(selector) for k in known))
