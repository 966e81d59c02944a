"""A rule's documentation as text, rendered from its YAML: what ``authlint rule CODE`` prints
and what the language server shows on hover, so the two cannot drift apart (or from what runs)."""

from __future__ import annotations

from itertools import groupby
from textwrap import fill, indent
from typing import Any

from authlint.ruleset.meta import MetaRule
from authlint.ruleset.schema import Rule

WIDTH = 88


def _para(text: str) -> str:
    return indent(fill(" ".join(text.split()), WIDTH - 2), "  ")


def _fix_safety(rule: Rule) -> str:
    safety = rule.fix_safety
    if safety == "safe":
        return "Safe: `authlint check --fix` applies it; the meaning of the post does not change."
    if safety == "unsafe":
        return "Unsafe: applied only with `--fix --unsafe-fixes`, because the rewrite can change the meaning; review it."
    return "Not fixable automatically: the suggestions are advice for the writer."


def render_rule(rule: Rule) -> str:
    """Everything ``authlint rule CODE`` prints for a YAML rule."""
    head = f"{rule.code}  {rule.name}"
    facts = (f"category {rule.category} · severity {rule.severity} · weight {rule.weight:g}"
             f" · counts at most {rule.limit}× · {'on by default' if rule.enabled else 'off by default'}")
    out = [head, "=" * len(head), facts, ""]
    out += ["What it does", _para(rule.description or rule.message.replace("{match}", "…").replace("{value}", "N")), ""]
    out += ["Why", _para(rule.why), ""]
    out.append("Example")
    for bad in rule.examples.bad:
        out.append(indent(bad.text, "  ✗ "))
        for e in bad.expect:
            out.append(f"      flags: {e.match!r}" if e.match is not None else "      flags: (any finding of the rule)")
    out += ["", "Use instead"]
    out += [indent(good, "  ✓ ") for good in rule.examples.good]
    out += ["", "Suggestions"]
    for s in rule.suggestions:
        extra = ""
        if s.replacement is not None:
            extra = f"  [{s.applicability} fix → {s.replacement!r}]"
        elif s.swap:
            extra = f"  [{s.applicability} fix: " + ", ".join(f"{k!r} → {v!r}" for k, v in list(s.swap.items())[:3]) + "]"
        out.append("  - " + s.template + extra)
    out += ["", "Fix safety", _para(_fix_safety(rule)), ""]
    found = [(what, len(list(same))) for what, same in groupby(_detector(d) for d in rule.detectors)]
    out += ["Detected by", _para("; ".join(what if n == 1 else f"{what} ×{n}" for what, n in found)), ""]
    if rule.category == "platform":
        out += ["Platforms", _para("Runs only for posts with a platform (--platform, `platform:` in config or front "
                                   "matter); limits come from the platform profiles in authlint/data/platforms/."), ""]
    out += ["Turn it off", f"  ignore: [{rule.code}]   or, for one line:  <!-- authlint-disable-next-line {rule.code} -->"]
    return "\n".join(out)


def _detector(d: Any) -> str:
    """One detector in a few words: its type, what it reads, and a conditional's parts."""
    if d.type == "conditional":
        scope = " in the same sentence" if d.scope == "sentence" else ""
        return f"{_detector(d.when)}, unless {' or '.join(_detector(u) for u in d.unless)}{scope}"
    if d.type == "classifier":
        return f"classifier (model {d.model}, label {d.label})"
    if d.type == "regex" and d.use:
        return f"regex (shared pattern {d.use})"
    return str(d.type)


def render_meta(rule: MetaRule) -> str:
    """The same for a rule the CLI applies itself (``SUP100``)."""
    head = f"{rule.code}  {rule.name}"
    out = [head, "=" * len(head), f"category {rule.category} · severity {rule.severity} · reported by the CLI", ""]
    out += ["What it does", _para("Reports an inline suppression comment that silenced no finding."), ""]
    out += ["Why", _para(rule.why), "", "Example"]
    out += [indent(t, "  ✗ ") for t in rule.examples["bad"]]
    out += ["", "Use instead"] + [indent(t, "  ✓ ") for t in rule.examples["good"]]
    out += ["", "Suggestions", f"  - {rule.suggestion}"]
    return "\n".join(out)


__all__ = ["WIDTH", "render_meta", "render_rule"]
