"""Choose which rules run: select / extend-select / ignore by code, name, alias, category or prefix."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from authlint.settings.config import Config
from authlint.errors import ConfigError
from authlint.ruleset.schema import Rule


def selector_matches(selector: str, rule: Rule) -> bool:
    """``PRO101``, ``PRO``, ``hard-sell-call-to-action``, an alias or ``self-promotion``."""
    s = selector.strip()
    return (
        s == "ALL"
        or rule.code == s
        or (s.isupper() and rule.code.startswith(s))
        or rule.name == s
        or s in rule.aliases
        or rule.category == s
    )


def _any(selectors: Iterable[str], rule: Rule) -> bool:
    return any(selector_matches(s, rule) for s in selectors)


def check_selectors(selectors: Iterable[str], rules: Sequence[Rule], setting: str) -> None:
    """An unknown selector is a typo the user wants to hear about."""
    for s in selectors:
        if not any(selector_matches(s, r) for r in rules):
            raise ConfigError(f"{setting}: '{s}' matches no rule code, name, alias or category")


def select_rules(rules: Sequence[Rule], config: Config, extra_ignore: Iterable[str] = ()) -> list[Rule]:
    """The rules to run under ``config``, with severity overrides applied."""
    check_selectors(config.select or (), rules, "select")
    check_selectors(config.extend_select, rules, "extend-select")
    check_selectors(config.ignore, rules, "ignore")
    check_selectors(config.severity, rules, "severity")
    conflicts = set(config.select or ()) & set(config.ignore)
    if conflicts:
        raise ConfigError(f"'{sorted(conflicts)[0]}' is both selected and ignored")
    ignore = list(config.ignore) + list(extra_ignore)
    chosen: list[Rule] = []
    for rule in rules:
        if config.select is not None:
            picked = _any(config.select, rule)
        else:
            picked = rule.enabled
        picked = (picked or _any(config.extend_select, rule)) and not _any(ignore, rule)
        if not picked:
            continue
        for selector, severity in config.severity.items():
            if selector_matches(selector, rule):
                rule = rule.with_severity(severity)
        chosen.append(rule)
    return chosen
