"""``token_pattern``: spaCy Matcher patterns, copied verbatim from spaCy's docs format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from authlint.errors import RuleError
from authlint.nlp.features import features_for_patterns
from authlint.detectors.base import BindContext, DetectorBase, Finder, Match
from authlint.gate.prefilter import Prefilter, SurfaceForms, lexical_patterns, token_patterns

if TYPE_CHECKING:
    from spacy.tokens import Doc


class TokenPatternDetector(DetectorBase):
    type: Literal["token_pattern"] = "token_pattern"
    patterns: list[list[dict[str, Any]]] = Field(min_length=1)
    greedy: Literal["FIRST", "LONGEST"] | None = "LONGEST"

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

        def find(doc: Doc) -> list[Match]:
            return [Match(s.start_char, s.end_char) for s in matcher(doc, as_spans=True)]

        return find


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
