"""``token_pattern``: spaCy Matcher patterns, copied verbatim from spaCy's docs format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from authlint.detectors.base import BindContext, DetectorBase, Finder, Match
from authlint.detectors.pattern_bounds import matcher_problem
from authlint.detectors.windows import has_variable_tokens, windows
from authlint.errors import RuleError
from authlint.gate.prefilter import Prefilter, SurfaceForms, lexical_patterns, token_patterns
from authlint.nlp.features import features_for_patterns

if TYPE_CHECKING:
    from spacy.tokens import Doc


class TokenPatternDetector(DetectorBase):
    type: Literal["token_pattern"] = "token_pattern"
    patterns: list[list[dict[str, Any]]] = Field(min_length=1)
    greedy: Literal["FIRST", "LONGEST"] | None = "LONGEST"

    @model_validator(mode="after")
    def _bounded(self) -> TokenPatternDetector:
        problem = matcher_problem(self.patterns)
        if problem is not None:
            raise ValueError(problem)
        return self

    def needs(self) -> frozenset[str]:
        return features_for_patterns(self.patterns)

    def prefilter_for(self, ctx: BindContext, forms: SurfaceForms) -> Prefilter | None:
        return super().prefilter_for(ctx, forms) or token_patterns(self.patterns, forms)

    def shadow_for(self, ctx: BindContext, forms: SurfaceForms, rule_code: str) -> Finder | None:
        """The patterns relaxed to their lexical attributes (:func:`~authlint.gate.prefilter.lexical_patterns`)."""
        if not self.needs():
            return None
        patterns = lexical_patterns(self.patterns, forms)
        if patterns is None:
            return None
        return TokenPatternDetector(patterns=patterns, greedy=None).bind(ctx, rule_code)

    def bind(self, ctx: BindContext, rule_code: str) -> Finder:
        from spacy.matcher import Matcher

        matcher = Matcher(ctx.nlp.vocab, validate=True)
        try:
            matcher.add(rule_code, self.patterns, greedy=self.greedy)
        except Exception as exc:  # spaCy raises MatchPatternError / ValueError with its own text
            raise RuleError(f"rule {rule_code}: invalid token_pattern: {_one_line(exc)}") from exc

        if not has_variable_tokens(self.patterns):
            def find(doc: Doc) -> list[Match]:
                return [Match(s.start_char, s.end_char) for s in matcher(doc, as_spans=True)]

            return find

        def find_windowed(doc: Doc) -> list[Match]:
            # repeated tokens make matching grow with a power of the length: one sentence at a time
            return [Match(s.start_char, s.end_char) for window in windows(doc) for s in matcher(window, as_spans=True)]

        return find_windowed


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
