"""``dependency_pattern``: spaCy DependencyMatcher patterns, verbatim.

Each ``RIGHT_ID`` becomes a capture usable in messages and suggestions. The reported span
runs from the first to the last matched token, or covers only the ids listed in ``span``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from authlint.detectors.base import BindContext, DetectorBase, Finder, Match
from authlint.detectors.pattern_bounds import dependency_problem
from authlint.detectors.token_pattern import _one_line
from authlint.detectors.windows import has_wide_relations, windows
from authlint.errors import RuleError
from authlint.gate.prefilter import Prefilter, SurfaceForms, dependency_patterns
from authlint.nlp.features import PARSER, features_for_token_spec

if TYPE_CHECKING:
    from spacy.tokens import Doc


class DependencyPatternDetector(DetectorBase):
    type: Literal["dependency_pattern"] = "dependency_pattern"
    patterns: list[list[dict[str, Any]]] = Field(min_length=1)
    span: list[str] | None = None

    @model_validator(mode="after")
    def _bounded(self) -> DependencyPatternDetector:
        problem = dependency_problem(self.patterns)
        if problem is not None:
            raise ValueError(problem)
        return self

    @model_validator(mode="after")
    def _span_ids_exist(self) -> DependencyPatternDetector:
        if self.span:
            ids = {node.get("RIGHT_ID") for pattern in self.patterns for node in pattern}
            unknown = [i for i in self.span if i not in ids]
            if unknown:
                raise ValueError(f"span names unknown RIGHT_ID(s): {', '.join(unknown)}")
        return self

    def prefilter_for(self, ctx: BindContext, forms: SurfaceForms) -> Prefilter | None:
        return super().prefilter_for(ctx, forms) or dependency_patterns(self.patterns, forms)

    def sentence_bound(self) -> bool:
        """Always: a match's tokens are joined by arcs or by order within one sentence (spaCy's
        relations stop at sentence ends), and the parser keeps the sentences set before it
        (authlint.nlp.sentences), so a pattern's words must share a sentence."""
        return True

    def needs(self) -> frozenset[str]:
        needed = {PARSER}
        for pattern in self.patterns:
            for node in pattern:
                needed |= features_for_token_spec(node.get("RIGHT_ATTRS", {}))
        return frozenset(needed)

    def bind(self, ctx: BindContext, rule_code: str) -> Finder:
        from spacy.matcher import DependencyMatcher

        matcher = DependencyMatcher(ctx.nlp.vocab, validate=True)
        ids_per_pattern = [[node["RIGHT_ID"] for node in p] for p in self.patterns]
        try:
            for i, pattern in enumerate(self.patterns):
                matcher.add(f"{rule_code}:{i}", [pattern])
        except Exception as exc:
            raise RuleError(f"rule {rule_code}: invalid dependency_pattern: {_one_line(exc)}") from exc
        keys = {ctx.nlp.vocab.strings[f"{rule_code}:{i}"]: i for i in range(len(self.patterns))}
        wanted = set(self.span or ())

        windowed = has_wide_relations(self.patterns)

        def find(doc: Doc) -> list[Match]:
            matches: list[Match] = []
            # open-ended relations grow with a power of the length: one sentence at a time
            found = (
                [(m, [t + w.start for t in ids]) for w in windows(doc) for m, ids in matcher(w)] if windowed else matcher(doc)
            )
            for match_id, token_ids in found:
                names = ids_per_pattern[keys[match_id]]
                captures = {name: doc[t].text for name, t in zip(names, token_ids)}
                chosen = [t for name, t in zip(names, token_ids) if not wanted or name in wanted]
                first, last = doc[min(chosen)], doc[max(chosen)]
                matches.append(Match(first.idx, last.idx + len(last.text), captures))
            return matches

        return find
