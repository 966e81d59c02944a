"""What checking posts needs, built once from a config: the selected rules, the spaCy analyzer,
the rules bound to its matchers, and the gates that decide which posts need which analysis.

Loading is split from the :class:`~authlint.engine.linter.Linter` facade so that a Linter with a
result cache can exist without any of it: a run whose posts all come from the cache never
loads rules, detectors or spaCy.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cached_property
from typing import TYPE_CHECKING, Any

from authlint.claims.cues import PREFILTER_WORDS
from authlint.detectors.context import CheckContext
from authlint.engine.bind import AllowList, BoundRule, bind_rules
from authlint.engine.schedule import Gate
from authlint.nlp.analyzer import Analyzer
from authlint.nlp.language import LanguageDetector
from authlint.report.scoring import PENALTY_CATEGORIES
from authlint.ruleset.loader import load_rules
from authlint.ruleset.meta import meta_severity, unused_suppression_rule, without_meta
from authlint.ruleset.selection import platform_rules, select_rules
from authlint.settings.platforms import get_profile
from authlint.settings.selectors import RuleIndex

if TYPE_CHECKING:
    from authlint.ruleset.schema import Rule
    from authlint.settings.config import Config
    from authlint.settings.platforms import Profile
    from authlint.severity import Severity


class RuleEngine:
    """Rules, analyzer and gates for one config (see the module docstring)."""

    def __init__(self, config: Config, *, prefilter: bool = True, list_claims: bool = True) -> None:
        loaded = load_rules(config.rule_dirs())
        self.unused_suppressions: Severity | None = meta_severity(config)
        """SUP100's severity (None: off); SUP100 is applied after the rules (engine.document)."""
        engine_config = without_meta(config)
        self.rules: list[Rule] = select_rules(loaded, engine_config, also_known=[unused_suppression_rule()])
        # Platform rules run only for posts that have a platform (config, front matter or argument).
        self.platform_rules: list[Rule] = platform_rules(loaded, engine_config, self.rules)
        self.rule_index = RuleIndex.of(self.rules, self.platform_rules)
        """The rules that run, by every selector name (suppressions and per-file ignores use it)."""
        self.default_profile: Profile | None = get_profile(config.platform) if config.platform else None
        running = [*self.rules, *self.platform_rules]
        needs: set[str] = set()
        eager: set[str] = set()
        for rule in running:
            needs |= rule.needs()
            eager |= rule.needs() - rule.deferred()
        # Features no rule reads up front (entity types for claims) load with their first use.
        self.analyzer = Analyzer(config.model, needs, on_demand=needs - eager)
        # Detectors bind against the analyzer plus config they may read (disclosure lists).
        self.context = CheckContext(self.analyzer, disclosure=config.disclosure)
        claim_detectors = [d for r in self.rules for d in r.detectors if d.uses_claims()]
        # Report.claims is filled when asked for and a claim rule runs (the extractor needs the parser).
        self.lists_claims = list_claims and bool(claim_detectors)
        self._claim_detectors = claim_detectors
        self.allow = AllowList(config.allow)
        self.limits = {r.code: r.limit for r in running}
        #: Rules whose findings yield to any other rule's on the same words (learned detectors).
        self.fallback_rules = frozenset(r.code for r in running if all(d.fallback for d in r.detectors))
        self.categories = sorted({*PENALTY_CATEGORIES, *(r.category for r in self.rules if not r.positive)})
        self.language = LanguageDetector.from_file() if config.check_language else None
        self._prefilter = prefilter

    @cached_property
    def bound(self) -> list[BoundRule]:
        return bind_rules(self.rules, self.context)

    @cached_property
    def bound_platform(self) -> list[BoundRule]:
        return bind_rules(self.platform_rules, self.context)

    @cached_property
    def gate(self) -> Gate:
        """Tagger/parser/NER only for posts some rule needing them could match (authlint.engine.schedule)."""
        return Gate([*self.bound, *self.bound_platform], self.analyzer, enabled=self._prefilter, extras=self.extras())

    def extras(self) -> list[tuple[frozenset[str], frozenset[str], Any]]:
        """Analysis needed beyond the rules': Report.claims lists every claim in the post,
        whichever claim rules are selected, so posts with a claim cue get the claim parse."""
        if not self.lists_claims:
            return []
        needs = frozenset().union(*(d.needs() for d in self._claim_detectors))
        deferred = frozenset().union(*(d.deferred() for d in self._claim_detectors))
        return [(needs, deferred, PREFILTER_WORDS)]

    def prepare(self) -> None:
        """Load spaCy and bind the rules now (before forking workers, so they share them)."""
        self.gate  # noqa: B018 - a cached property

    def bounded(self) -> AbstractContextManager[None]:
        """What a batch of posts runs in so a long run keeps flat memory (authlint.nlp.memory).
        The rules are bound and the gate built first, outside any zone: a matcher made inside
        one would lose its strings when the zone closes."""
        self.prepare()
        return self.analyzer.bounded()
