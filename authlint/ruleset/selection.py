"""Choose which rules run: select / extend-select / ignore / severity, through one selector resolver."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from authlint.errors import ConfigError
from authlint.ruleset.schema import Rule
from authlint.settings.selectors import RuleIndex, Selectable, selection_conflict

if TYPE_CHECKING:
    from authlint.settings.config import Config

#: Rules of this category measure a post against its platform's limits.
PLATFORM_CATEGORY = "platform"


def check_config_selectors(config: Config, index: RuleIndex) -> None:
    """Every selector in ``config`` must name a known rule (one-line error with a "did you mean")."""
    index.check(config.select or (), "select")
    index.check(config.extend_select, "extend-select")
    index.check(config.ignore, "ignore")
    index.check(config.severity, "severity")
    for glob, selectors in config.per_file_ignores.items():
        index.check(selectors, f"per-file-ignores: {glob}")


def _any(selectors: Iterable[str], rule: Rule, index: RuleIndex) -> bool:
    return any(index.covers(s, rule.code) for s in selectors)


def _with_severity(rule: Rule, config: Config, index: RuleIndex) -> Rule:
    for selector, severity in config.severity.items():
        if index.covers(selector, rule.code):
            rule = rule.with_severity(severity)
    return rule


def select_rules(
    rules: Sequence[Rule], config: Config, extra_ignore: Iterable[str] = (), also_known: Iterable[Selectable] = (),
) -> list[Rule]:
    """The rules to run under ``config``, with severity overrides applied.

    ``also_known`` are rules applied outside the engine (the meta rule SUP100): selectors may
    name them without being typos.
    """
    index = RuleIndex.of(rules, also_known)
    check_config_selectors(config, index)
    conflict = selection_conflict(config.select, config.ignore, config.flags)
    if conflict is not None:
        raise ConfigError(f"'{conflict}' is both selected and ignored")
    extra = list(extra_ignore)
    chosen: list[Rule] = []
    for rule in rules:
        picked = _any(config.select, rule, index) if config.select is not None else rule.enabled
        skipped = index.skips(rule.code, config.ignore, config.flags) or _any(extra, rule, index)
        if (picked or _any(config.extend_select, rule, index)) and not skipped:
            chosen.append(_with_severity(rule, config, index))
    return chosen


def platform_rules(rules: Sequence[Rule], config: Config, selected: Sequence[Rule]) -> list[Rule]:
    """Platform rules that run for posts with a platform though the selection left them out.

    They are off by default (``enabled: false``) because they mean nothing without a
    platform; ``ignore`` still turns them off, and ``severity`` overrides still apply. An
    explicit ``select`` is taken at its word: then only the platform rules it names run.
    """
    if config.select is not None:
        return []
    index = RuleIndex.of(rules)
    chosen = {r.code for r in selected}
    return [
        _with_severity(rule, config, index)
        for rule in rules
        if rule.category == PLATFORM_CATEGORY and rule.code not in chosen and not index.skips(rule.code, config.ignore, config.flags)
    ]
