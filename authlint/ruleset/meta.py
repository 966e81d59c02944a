"""The meta rule SUP100 (unused-suppression): a rule about suppression comments, not posts.

It is applied after the rules ran (by :mod:`authlint.engine.document`), so the rule engine never
sees it; these helpers take it out of a config before the engine reads it and work out whether
(and how severely) it is on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from authlint.settings.selectors import selector_matches
from authlint.severity import Severity
from authlint.support.data import data_path

if TYPE_CHECKING:
    from authlint.settings.config import Config


@dataclass(frozen=True)
class MetaRule:
    """A rule applied outside the engine; it has the fields selectors and formatters look at."""

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
    data["aliases"] = tuple(data.get("aliases", ()))
    return MetaRule(**data)


def _names_only_meta(selector: str) -> bool:
    """``selector`` names SUP100 and nothing else (its code, name, category or code prefix)."""
    rule = unused_suppression_rule()
    return selector.strip() in (rule.code, rule.name, rule.category, rule.code[:3], *rule.aliases)


def without_meta(config: Config) -> Config:
    """The config the rule engine sees: selectors that only name SUP100 are applied afterwards."""
    update: dict[str, Any] = {
        "extend_select": [s for s in config.extend_select if not _names_only_meta(s)],
        "ignore": [s for s in config.ignore if not _names_only_meta(s)],
        "severity": {k: v for k, v in config.severity.items() if not _names_only_meta(k)},
        "per_file_ignores": {
            glob: [s for s in selectors if not _names_only_meta(s)] for glob, selectors in config.per_file_ignores.items()
        },
    }
    if config.select is not None:
        update["select"] = [s for s in config.select if not _names_only_meta(s)]
    return config.replace(**update)


def meta_severity(config: Config) -> Severity | None:
    """SUP100's severity under ``config``, or ``None`` when the selection turns it off."""
    rule = unused_suppression_rule()

    def named(selectors: Any) -> bool:
        return any(selector_matches(s, rule) for s in selectors)

    on = config.select is None or named(config.select)
    ignored = named(config.ignore)
    flags = config.flags
    if ignored and flags is not None and named(flags.select) and not named(flags.ignore):
        ignored = False  # flags win over the file
    if not (on or named(config.extend_select)) or ignored:
        return None
    severity = rule.severity
    for selector, override in config.severity.items():
        if selector_matches(selector, rule):
            severity = override
    return severity
