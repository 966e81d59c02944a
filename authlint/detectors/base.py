"""What every detector shares: the match it yields and the interface it implements.

A detector is a pydantic model (its YAML options) that can ``bind`` itself to a loaded
analyzer, producing a pure function ``Doc -> list[Match]``. Binding is where spaCy
matchers are compiled; loading rules never imports spaCy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ConfigDict

from authlint.gate.prefilter import Prefilter, SurfaceForms, from_words
from authlint.severity import Severity

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Match:
    """A span of the analysed text that a detector flags, with named captures.

    ``severity`` overrides the rule's for this match (a learned detector's borderline score
    is an ``info`` note); ``unsure`` marks a match the detector is not confident about: it
    costs no points, and no rewrite (unsafe fix) is applied to its post by ``--fix``.
    """

    start: int
    end: int
    captures: dict[str, str] = field(default_factory=dict)
    severity: Severity | None = None
    unsure: bool = False


class BindContext(Protocol):
    """What detectors may use from the analyzer when they compile."""

    @property
    def nlp(self) -> Language: ...

    def pattern_docs(self, phrases: list[str], attr: str) -> list[Doc]: ...


Finder = Callable[["Doc"], list[Match]]


class DetectorBase(BaseModel):
    """Options common to all detectors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def needs(self) -> frozenset[str]:
        """Linguistic features (see :mod:`authlint.nlp.features`) this detector reads."""
        return frozenset()

    def deferred(self) -> frozenset[str]:
        """Those of :meth:`needs` read only on demand, through :func:`authlint.nlp.analyzer.entity_type`
        and friends: the analyzer runs them on a post only if the detector asks."""
        return frozenset()

    # --- what the gate asks (authlint.engine.schedule): each detector type answers for itself ---

    def prefilter_for(self, ctx: BindContext, forms: SurfaceForms) -> Prefilter | None:
        """A sound test on a tokenized post: False means this detector cannot match it (None: no
        test can be derived). Explicit ``prefilter:`` words (and ``prefilter_cues``) win."""
        explicit = getattr(self, "prefilter", None)
        if not explicit:
            return None
        cues = getattr(self, "prefilter_cues", None)
        return from_words(explicit).requiring(cues) if cues else from_words(explicit)

    def shadow_for(self, ctx: BindContext, forms: SurfaceForms, rule_code: str) -> Finder | None:
        """A lexical finder that matches every tokenized post this detector could match once
        analysed, or None when there is none."""
        return None

    def sentence_bound(self) -> bool:
        """Whether the prefilter's words must share a sentence (``prefilter_scope``)."""
        return getattr(self, "prefilter_scope", "post") == "sentence"

    def vetoes_for(self, ctx: BindContext, rule_code: str) -> tuple[Finder, ...]:
        """Finders that, when any matches a tokenized post, prove this detector cannot match it."""
        return ()

    @property
    def fallback(self) -> bool:
        """True for a detector whose findings yield to the rules' on the same words (learned ones)."""
        return False

    def leaves(self) -> Iterator[DetectorBase]:
        """This detector and every detector nested in it (a ``conditional``'s cue and requirements)."""
        yield self

    def uses_claims(self) -> bool:
        """Whether this detector reads identity claims (so ``Report.claims`` needs the claim parse)."""
        return False

    @property
    def needs_profile(self) -> bool:
        """True when the detector can only match for a post whose author has a profile."""
        return False

    def bind(self, ctx: BindContext, rule_code: str) -> Finder:  # pragma: no cover - abstract
        raise NotImplementedError


def span_match(doc: Doc, start_token: int, end_token: int, captures: dict[str, Any] | None = None) -> Match:
    """A match covering tokens ``[start_token, end_token)`` of ``doc``."""
    span = doc[start_token:end_token]
    return Match(span.start_char, span.end_char, {k: str(v) for k, v in (captures or {}).items()})
