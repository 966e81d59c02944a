"""Hover on a finding: the rule's documentation, exactly what ``authlint rule CODE`` prints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from authlint.report.results import Finding
from authlint.ruleset.docs import render_meta, render_rule
from authlint.ruleset.meta import unused_suppression_rule

if TYPE_CHECKING:
    from authlint.engine.linter import Linter


def rule_text(code: str, linter: Linter) -> str | None:
    """``authlint rule CODE`` for a rule this Linter runs (or SUP100)."""
    meta = unused_suppression_rule()
    if code == meta.code:
        return render_meta(meta)
    for rule in [*linter.rules, *linter.platform_rules]:
        if rule.code == code:
            return render_rule(rule)
    return None


def hover_text(findings: Sequence[Finding], linter: Linter) -> str:
    """Markdown: per rule under the cursor, the finding's message and the rule's docs as text."""
    parts = []
    for code in dict.fromkeys(f.rule for f in findings):
        finding = next(f for f in findings if f.rule == code)
        docs = rule_text(code, linter)
        parts.append(f"**{finding.rule}** {finding.message}")
        if docs is not None:
            parts.append(f"```text\n{docs}\n```")
    return "\n\n".join(parts)


__all__ = ["hover_text", "rule_text"]
