"""``metric``: compare a registered document measure with a threshold.

The finding points at the first contributing token (the first "I", the first hashtag...)
or, for measures without spans such as readability, at the whole post.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from authlint.detectors.base import BindContext, DetectorBase, Finder, Match
from authlint.gate.prefilter import Prefilter, SurfaceForms, lemma_groups
from authlint.measures.metrics import METRICS
from authlint.nlp.views import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

Op = Literal[">", ">=", "<", "<=", "==", "!="]
_OPS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt, ">=": operator.ge, "<": operator.lt,
    "<=": operator.le, "==": operator.eq, "!=": operator.ne,
}


class MetricDetector(DetectorBase):
    type: Literal["metric"] = "metric"
    metric: str
    op: Op = ">="
    threshold: float
    min_words: int = Field(0, ge=0, description="Skip posts shorter than this many words.")

    @field_validator("metric")
    @classmethod
    def _registered(cls, name: str) -> str:
        if name not in METRICS:
            known = ", ".join(sorted(METRICS))
            raise ValueError(f"unknown metric {name!r}; known metrics: {known}")
        return name

    def needs(self) -> frozenset[str]:
        """What the measure reads (and the minimum word count, which is lexical)."""
        return METRICS[self.metric].needs

    def prefilter_for(self, ctx: BindContext, forms: SurfaceForms) -> Prefilter | None:
        """A measure that declares the words it needs is 0 without them; that is a prefilter
        only when 0 itself does not pass the comparison (``>= 1`` yes, ``< 3`` no)."""
        explicit = super().prefilter_for(ctx, forms)
        words = METRICS[self.metric].words
        if explicit is not None or words is None or _OPS[self.op](0.0, self.threshold):
            return explicit
        return lemma_groups(words(), forms)

    def shadow_for(self, ctx: BindContext, forms: SurfaceForms, rule_code: str) -> Finder | None:
        """The measure's own lexical test (:attr:`Measure.could`), where 0 fails the comparison."""
        could = METRICS[self.metric].could
        if could is None or _OPS[self.op](0.0, self.threshold):
            return None
        test = could(forms.lemma)
        if test is None:
            return None

        def shadow(doc: Doc) -> list[Match]:
            return [Match(0, 0, {})] if test(doc) else []

        return shadow

    def bind(self, ctx: BindContext, rule_code: str) -> Finder:
        measure, compare = METRICS[self.metric], _OPS[self.op]
        word_count = METRICS["word_count"]

        def find(doc: Doc) -> list[Match]:
            if self.min_words and word_count(doc).value < self.min_words:
                return []
            result = measure(doc)
            if not compare(result.value, self.threshold):
                return []
            start, end = result.spans[0] if result.spans else _whole(doc)
            if start == end:
                return []
            return [Match(start, end, {"value": _fmt(result.value), "metric": self.metric})]

        return find


def _whole(doc: Doc) -> tuple[int, int]:
    text = doc_text(doc)
    stripped = text.lstrip()
    start = len(text) - len(stripped)
    return start, len(text.rstrip())


def _fmt(value: float) -> str:
    if value.is_integer():
        return str(int(value))
    return f"{value:.0%}" if 0 < value < 1 else f"{value:.1f}"
