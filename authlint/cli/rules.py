"""``authlint rules`` (a table of every rule) and ``authlint rule CODE`` (one rule's docs).

Both are rendered from the rule YAML, so the docs cannot drift from what runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from authlint.cli.common import EXIT_CLEAN, fail
from authlint.errors import AuthlintError
from authlint.ruleset.docs import render_meta, render_rule
from authlint.ruleset.loader import load_rules
from authlint.ruleset.meta import MetaRule, unused_suppression_rule
from authlint.ruleset.schema import Rule
from authlint.settings.config import Config, load_config


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
