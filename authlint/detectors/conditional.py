"""``conditional``: a cue is present while a required element is absent.

Vale's ``conditional`` in spaCy terms: e.g. a sponsorship cue ("use my code") with no
disclosure (``#ad``) anywhere in the post, or in the same sentence with ``scope: sentence``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from authlint.detectors.base import BindContext, DetectorBase, Finder, Match
from authlint.nlp.views import sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from authlint.detectors import Detector
    from authlint.gate.prefilter import Prefilter, SurfaceForms


class ConditionalDetector(DetectorBase):
    type: Literal["conditional"] = "conditional"
    when: Detector
    unless: list[Detector] = Field(min_length=1)
    scope: Literal["post", "sentence"] = "post"

    def needs(self) -> frozenset[str]:
        needed = set(self.when.needs())
        for detector in self.unless:
            needed |= detector.needs()
        return frozenset(needed)

    def deferred(self) -> frozenset[str]:
        parts = [self.when, *self.unless]
        eager = frozenset().union(*(d.needs() - d.deferred() for d in parts))
        return frozenset().union(*(d.deferred() for d in parts)) - eager

    # Every finding of a conditional is a match of its cue: the gate asks the cue.
    def prefilter_for(self, ctx: BindContext, forms: SurfaceForms) -> Prefilter | None:
        return super().prefilter_for(ctx, forms) or self.when.prefilter_for(ctx, forms)

    def shadow_for(self, ctx: BindContext, forms: SurfaceForms, rule_code: str) -> Finder | None:
        """Every finding is a match of the cue. A lexical cue (a regex, a phrase list) answers the
        same before analysis as after, so it is its own exact shadow: where the requirement needs
        the parser (IMP101: the author's profile), only posts the cue matches are parsed."""
        if not self.when.needs():
            return self.when.bind(ctx, rule_code)
        return self.when.shadow_for(ctx, forms, rule_code)

    def sentence_bound(self) -> bool:
        return self.when.sentence_bound()

    def vetoes_for(self, ctx: BindContext, rule_code: str) -> tuple[Finder, ...]:
        """A post-wide conditional cannot fire where a lexical ``unless`` matches: those read no
        annotation, so they answer the same before analysis as after."""
        if self.scope != "post":
            return ()
        return tuple(d.bind(ctx, rule_code) for d in self.unless if not d.needs())

    def uses_claims(self) -> bool:
        return self.when.uses_claims() or any(d.uses_claims() for d in self.unless)

    @property
    def fallback(self) -> bool:
        """Every finding is the cue's: a learned cue's findings yield like the model's own."""
        return self.when.fallback

    def leaves(self) -> Iterator[DetectorBase]:
        yield self
        for part in (self.when, *self.unless):
            yield from part.leaves()

    def bind(self, ctx: BindContext, rule_code: str) -> Finder:
        cue = self.when.bind(ctx, rule_code)
        required = [d.bind(ctx, rule_code) for d in self.unless]
        by_sentence = self.scope == "sentence"

        def find(doc: Doc) -> list[Match]:
            cues = cue(doc)
            if not cues:
                return []
            present = [m for finder in required for m in finder(doc)]
            if not by_sentence:
                return [] if present else cues
            bounds = [(s[0].idx, s[-1].end) for s in sentences(doc)]
            return [m for m in cues if not any(_same_sentence(m, p, bounds) for p in present)]

        return find


def _same_sentence(a: Match, b: Match, bounds: list[tuple[int, int]]) -> bool:
    for start, end in bounds:
        if start <= a.start < end:
            return start <= b.start < end
    return False
