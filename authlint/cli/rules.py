"""``authlint rules`` (a table of every rule) and ``authlint rule CODE`` (one rule's docs).

Both are rendered from the rule YAML, so the docs cannot drift from what runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from textwrap import fill, indent
from typing import Any

import click

from authlint.settings.config import Config, load_config
from authlint.errors import AuthlintError
from authlint.ruleset.loader import load_rules
from authlint.ruleset.schema import Rule
from authlint.ruleset.meta import MetaRule, unused_suppression_rule
from authlint.cli.common import EXIT_CLEAN, fail

WIDTH = 88


def _all_rules(config_path: str | None, rule_dirs: tuple[str, ...]) -> list[Rule]:
    config = load_config(config_path) if config_path else Config()
    dirs = [*config.rule_dirs(), *map(Path, rule_dirs)]
    return sorted(load_rules(dirs), key=lambda r: r.code)


def _row(rule: Rule | MetaRule) -> dict[str, Any]:
    enabled = getattr(rule, "enabled", True)
    return {
        "code": rule.code, "name": rule.name, "category": rule.category,
        "severity": str(rule.severity), "fixable": rule.fixable,
        "fix": getattr(rule, "fix_safety", None) or ("safe" if rule.fixable else None),
        "default": "platform" if rule.category == "platform" else ("on" if enabled else "off"),
    }


@click.command(name="rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--category", default=None, help="Only rules of this category.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config whose rule folders to include.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra folder of YAML rules.")
def rules_command(fmt: str, category: str | None, config_path: str | None, rule_dirs: tuple[str, ...]) -> None:
    """List every rule: code, name, category, severity and its fix (safe, unsafe or none)."""
    try:
        rules: list[Rule | MetaRule] = [*_all_rules(config_path, rule_dirs), unused_suppression_rule()]
    except AuthlintError as exc:
        fail(str(exc))
    rows = [_row(r) for r in rules if category is None or r.category == category]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        raise SystemExit(EXIT_CLEAN)
    click.echo(f"{'code':<8}{'name':<34}{'category':<16}{'severity':<10}{'fix':<9}default")
    for r in rows:
        click.echo(f"{r['code']:<8}{r['name']:<34}{r['category']:<16}{r['severity']:<10}"
                   f"{r['fix'] or '-':<9}{r['default']}")
    click.echo(f"\n{len(rows)} rules. `authlint rule CODE` explains one; platform rules run when a post has a platform.")
    raise SystemExit(EXIT_CLEAN)


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
            out.append(f"      flags: {e.match!r}")
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
    out += ["Detected by", "  " + ", ".join(d.type for d in rule.detectors), ""]
    if rule.category == "platform":
        out += ["Platforms", _para("Runs only for posts with a platform (--platform, `platform:` in config or front "
                                   "matter); limits come from the platform profiles in authlint/data/platforms/."), ""]
    out += ["Turn it off", f"  ignore: [{rule.code}]   or, for one line:  <!-- authlint-disable-next-line {rule.code} -->"]
    return "\n".join(out)


def render_meta(rule: MetaRule) -> str:
    head = f"{rule.code}  {rule.name}"
    out = [head, "=" * len(head), f"category {rule.category} · severity {rule.severity} · reported by the CLI", ""]
    out += ["What it does", _para("Reports an inline suppression comment that silenced no finding."), ""]
    out += ["Why", _para(rule.why), "", "Example"]
    out += [indent(t, "  ✗ ") for t in rule.examples["bad"]]
    out += ["", "Use instead"] + [indent(t, "  ✓ ") for t in rule.examples["good"]]
    out += ["", "Suggestions", f"  - {rule.suggestion}"]
    return "\n".join(out)


@click.command(name="rule")
@click.argument("code")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config whose rule folders to include.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra folder of YAML rules.")
def rule_command(code: str, config_path: str | None, rule_dirs: tuple[str, ...]) -> None:
    """Explain one rule (by code or name): what it does, why, examples, suggestions, fix safety."""
    try:
        rules = _all_rules(config_path, rule_dirs)
    except AuthlintError as exc:
        fail(str(exc))
    meta = unused_suppression_rule()
    if code.upper() == meta.code or code == meta.name:
        click.echo(render_meta(meta))
        raise SystemExit(EXIT_CLEAN)
    for rule in rules:
        if code.upper() == rule.code or code == rule.name or code in rule.aliases:
            click.echo(render_rule(rule))
            raise SystemExit(EXIT_CLEAN)
    import difflib

    names = [r.code for r in rules] + [r.name for r in rules]
    hint = difflib.get_close_matches(code, names, n=1)
    fail(f"no rule '{code}'" + (f"; did you mean '{hint[0]}'?" if hint else "; `authlint rules` lists them"))
