"""Run bound rules over an analysed Doc and turn matches into Findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex as re_

from authlint.detectors import Finder, Match
from authlint.engine.suggest import render, suggestions_for
from authlint.io.positions import LineIndex
from authlint.ruleset.schema import Finding, Rule

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from authlint.detectors.base import BindContext


@dataclass(frozen=True)
class BoundRule:
    rule: Rule
    finders: tuple[Finder, ...]

    def matches(self, doc: Doc) -> list[Match]:
        found = [m for finder in self.finders for m in finder(doc)]
        if found and self.rule.skip_quoted:
            found = _unquoted(found, doc)
        return _drop_overlaps(found)

    def only(self, detectors: tuple[int, ...] | None) -> BoundRule:
        """This rule with only the given detectors (None: all), for a post the others cannot match."""
        if detectors is None:
            return self
        return BoundRule(self.rule, tuple(self.finders[i] for i in detectors))


def bind_rules(rules: Sequence[Rule], ctx: BindContext) -> list[BoundRule]:
    return [BoundRule(r, tuple(d.bind(ctx, r.code) for d in r.detectors)) for r in rules]


def _unquoted(matches: list[Match], doc: Doc) -> list[Match]:
    """Matches that are not inside quoted text: quoting sarcasm to answer it is not sarcasm."""
    from authlint.nlp.views import quoted_spans

    quoted = quoted_spans(doc)
    if not quoted:
        return matches
    return [m for m in matches if not any(start <= m.start and m.end <= end for start, end in quoted)]


def _drop_overlaps(matches: list[Match]) -> list[Match]:
    """One finding per place: among overlapping matches keep the earliest, then the longest."""
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


class AllowList:
    """Silences findings whose text contains an allowed word or phrase (whole words, any case)."""

    def __init__(self, entries: Sequence[str]) -> None:
        self._pattern = (
            re_.compile(r"(?<!\w)(?:" + "|".join(re_.escape(" ".join(e.split())) for e in entries) + r")(?!\w)", re_.IGNORECASE)
            if entries else None
        )

    def allows(self, text: str) -> bool:
        return self._pattern is not None and self._pattern.search(" ".join(text.split())) is not None


def findings_for(
    doc: Doc, text: str, rules: Sequence[BoundRule], allow: AllowList, progress: list[int] | None = None,
) -> list[Finding]:
    """All findings for one post. ``text`` is the original input, aligned with ``doc.text``.
    ``progress``: its first item is set to the index of the rule running, so a caller whose
    time limit interrupted the call knows which rule was at fault."""
    lines = LineIndex(text)
    findings: list[Finding] = []
    unsure = False
    for number, bound in enumerate(rules):
        if progress is not None:
            progress[0] = number
        rule = bound.rule
        for m in bound.matches(doc):
            matched = text[m.start:m.end]
            if allow.allows(matched):
                continue
            unsure = unsure or m.unsure
            values = {**m.captures, "match": matched}
            line, column = lines.position(m.start)
            end_line, end_column = lines.position(m.end)
            findings.append(
                Finding(
                    rule=rule.code, name=rule.name, category=rule.category, severity=m.severity or rule.severity,
                    message=render(rule.message, values), why=rule.why,
                    start=m.start, end=m.end, line=line, column=column,
                    end_line=end_line, end_column=end_column, text=matched, weight=0.0 if m.unsure else rule.weight,
                    suggestions=suggestions_for(rule, values),
                )
            )
    if unsure:
        findings = [_display_only(f) for f in findings]
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings


def _display_only(finding: Finding) -> Finding:
    """``finding`` with its rewrites shown but not applicable: a post a detector is unsure about
    (a borderline model score) never gets its wording rewritten by ``--fix --unsafe-fixes``.
    Safe fixes (mechanical, meaning-preserving: "!!!" -> "!") still apply."""
    if all(s.applicability != "unsafe" for s in finding.suggestions):
        return finding
    return finding.replace(suggestions=[
        s.replace(applicability="display") if s.applicability == "unsafe" else s for s in finding.suggestions
    ])
