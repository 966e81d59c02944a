"""``phrase``: exact phrase lists via spaCy's PhraseMatcher (fast, token-aligned)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from authlint.detectors.base import BindContext, DetectorBase, Finder, Match
from authlint.gate.prefilter import Prefilter, SurfaceForms, phrases
from authlint.nlp.features import features_for_attr

if TYPE_CHECKING:
    from spacy.tokens import Doc

PhraseAttr = Literal["ORTH", "TEXT", "LOWER", "NORM", "LEMMA", "SHAPE"]


class PhraseDetector(DetectorBase):
    type: Literal["phrase"] = "phrase"
    attr: PhraseAttr = "LOWER"
    phrases: list[str] = Field(min_length=1)

    @field_validator("phrases")
    @classmethod
    def _non_blank(cls, phrases: list[str]) -> list[str]:
        blank = [p for p in phrases if not p.strip()]
        if blank:
            raise ValueError("phrases must not be blank")
        return phrases

    def needs(self) -> frozenset[str]:
        return features_for_attr(self.attr)

    def prefilter_for(self, ctx: BindContext, forms: SurfaceForms) -> Prefilter | None:
        return super().prefilter_for(ctx, forms) or phrases(self.phrases, self.attr, ctx, forms)

    def bind(self, ctx: BindContext, rule_code: str) -> Finder:
        from spacy.matcher import PhraseMatcher

        matcher = PhraseMatcher(ctx.nlp.vocab, attr=self.attr)
        matcher.add(rule_code, ctx.pattern_docs(self.phrases, self.attr))

        def find(doc: Doc) -> list[Match]:
            spans = matcher(doc, as_spans=True)
            return [Match(s.start_char, s.end_char) for s in spans]

        return find
