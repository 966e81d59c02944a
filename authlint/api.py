"""The library entry point: :class:`Linter` holds config, rules and the spaCy pipeline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from collections import deque
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from .analyzer import Analyzer
from .config import Config, config_from_mapping, load_config
from .engine import AllowList, BoundRule, bind_rules, findings_for
from .loader import load_rules
from .models import Finding, Report, Rule
from .ruleset import select_rules
from .scoring import PENALTY_CATEGORIES, score

BATCH_SIZE = 64


def _as_config(config: Config | Mapping[str, Any] | str | Path | None) -> Config:
    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    if isinstance(config, (str, Path)):
        return load_config(config)
    return config_from_mapping(dict(config), "config")


class Linter:
    """Checks posts against the selected rules.

    Rules are loaded and validated when the Linter is created (so a bad rule fails fast);
    spaCy is loaded on the first check, with only the components those rules need.
    """

    def __init__(self, config: Config | Mapping[str, Any] | str | Path | None = None) -> None:
        self.config = _as_config(config)
        self.rules: list[Rule] = select_rules(load_rules(self.config.rule_dirs()), self.config)
        needs: set[str] = set()
        for rule in self.rules:
            needs |= rule.needs()
        self.analyzer = Analyzer(self.config.model, needs)
        self._allow = AllowList(self.config.allow)
        self._limits = {r.code: r.limit for r in self.rules}
        self._categories = sorted({*PENALTY_CATEGORIES, *(r.category for r in self.rules if not r.positive)})

    @cached_property
    def _bound(self) -> list[BoundRule]:
        return bind_rules(self.rules, self.analyzer)

    def check(self, text: str) -> Report:
        """Check one post."""
        return next(self.check_many([text]))

    def check_many(self, texts: Iterable[str]) -> Iterator[Report]:
        """Check many posts, batched through spaCy; reports come back in input order."""
        bound = self._bound
        originals: deque[str] = deque()

        def remember(items: Iterable[str]) -> Iterator[str]:
            for item in items:
                if not isinstance(item, str):
                    raise TypeError(f"expected str, got {type(item).__name__}")
                originals.append(item)
                yield item

        for doc in self.analyzer.pipe(remember(texts), batch_size=BATCH_SIZE):
            text = originals.popleft()
            yield self._report(findings_for(doc, text, bound, self._allow))

    def _report(self, findings: list[Finding]) -> Report:
        total, subscores = score(findings, self._limits, self._categories)
        return Report(score=total, categories=subscores, findings=findings)


def check(text: str) -> Report:
    """Check one post with the default configuration (the Linter is created once and reused)."""
    return _default_linter().check(text)


@lru_cache(maxsize=1)
def _default_linter() -> Linter:
    return Linter()
