"""``claim``: first-person identity claims, checked against the author's profile.

Python-backed (rules cannot run code): the claim extractor in :mod:`authlint.claims` reads
the dependency parse; this detector picks which claims become findings::

    - type: claim
      kinds: [credential, role]        # which claim kinds (default: all)
      require: unsupported             # unsupported | contradicted | supported | any | no-profile
      stakes: [medical, legal]         # only claims with these stakes (default: any)
      with_advice: true                # only when the post also gives advice or a promise

``require: supported`` lets a profile-blind rule stand down when the profile backs the claim:
``unless: [{type: claim, require: supported}]`` inside a ``conditional`` with ``scope: sentence``.

Captures for messages and suggestions: ``kind``, ``value``, ``claim`` ("to be a nurse"),
``listed`` (what the profile lists), ``what`` ("the credential"), ``stakes``, and
``rewrite`` (the claim rephrased with the profile's own role) when one exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field

from authlint.claims.advice import gives_advice
from authlint.claims.consistency import check_claim, describe_claim
from authlint.claims.cues import PREFILTER_WORDS, SPEAKS_FOR_WORDS
from authlint.claims.extract import claims_for
from authlint.claims.lexicon import default_lexicon, default_vocab
from authlint.claims.model import CLAIM_KINDS, ClaimKind, Stakes
from authlint.claims.rewrite import rephrase
from authlint.detectors.base import BindContext, DetectorBase, Finder, Match
from authlint.detectors.context import author_for
from authlint.nlp.features import LEMMA, NER, PARSER, TAGGER

if TYPE_CHECKING:
    from spacy.tokens import Doc

Requirement = Literal["unsupported", "contradicted", "supported", "any", "no-profile"]


class ClaimDetector(DetectorBase):
    type: Literal["claim"] = "claim"
    kinds: list[ClaimKind] | None = Field(None, min_length=1, description="Claim kinds to report; default all.")
    require: Requirement = "unsupported"
    stakes: list[Stakes] | None = Field(None, min_length=1)
    with_advice: bool = False

    def needs(self) -> frozenset[str]:
        return frozenset({TAGGER, LEMMA, PARSER, NER})

    def deferred(self) -> frozenset[str]:
        """Entity types matter only once a claim construction is found (most parsed posts have none)."""
        return frozenset({NER})

    def uses_claims(self) -> bool:
        return True

    @property
    def needs_profile(self) -> bool:
        """True when the detector can only match for a post whose author has a profile."""
        return self.require in ("unsupported", "contradicted", "supported")

    @property
    def prefilter(self) -> list[str]:
        """Words a post must contain for this detector to match (one of them; a sound, cheap test).

        Any claim needs a first-person or claim word (:data:`PREFILTER_WORDS`). A detector limited
        to high-stakes roles, celebrity names or speaking for others needs one of those words,
        which is far rarer: that keeps the parser off most posts when no profile is set.
        """
        kinds = set(self.kinds or CLAIM_KINDS)
        stakes = set(self.stakes or ())
        if not stakes or "none" in stakes or kinds & {"organization", "age", "location"}:
            return list(PREFILTER_WORDS)
        lexicon, vocab = default_lexicon(), default_vocab()
        words: set[str] = set()
        if kinds & {"role", "credential"}:
            words |= lexicon.surface_words(stakes)
        if "identity" in kinds and "celebrity" in stakes:
            # A celebrity identity claim names the whole name ("Elon Musk"): every word of it.
            words |= {" ".join(name) for name in vocab.celebrities}
        if (kinds & {"speaks_for", "role", "credential"}) and "official" in stakes:
            words |= lexicon.surface_words(speaks_for=True) | SPEAKS_FOR_WORDS
            # "the official account of X" needs both words (a multi-word entry needs all of them)
            accounts = {a for w in vocab.account_words for a in (w, w + "s")}
            words |= {f"{o} {a}" for o in vocab.official_words for a in accounts}
        return sorted(words) if words else list(PREFILTER_WORDS)

    @property
    def prefilter_cues(self) -> list[str]:
        """And one of these as well: every claim construction is anchored on one of them."""
        return list(PREFILTER_WORDS)

    #: A claim lies within one sentence (dependency arcs never cross one), so a post passes the
    #: prefilter only if one sentence has both a word of :attr:`prefilter` and a cue.
    prefilter_scope: ClassVar[str] = "sentence"

    def bind(self, ctx: BindContext, rule_code: str) -> Finder:
        kinds = frozenset(self.kinds) if self.kinds else None
        stakes = frozenset(self.stakes) if self.stakes else None
        require = self.require
        with_advice = self.with_advice

        def find(doc: Doc) -> list[Match]:
            author = author_for(doc)
            if require in ("unsupported", "contradicted", "supported") and author is None:
                return []
            if require == "no-profile" and author is not None:
                return []
            claims = [
                c for c in claims_for(doc)
                if (kinds is None or c.kind in kinds) and (stakes is None or c.stakes in stakes)
            ]
            if not claims or (with_advice and not gives_advice(doc)):
                return []
            out: list[Match] = []
            for claim in claims:
                captures = {
                    "kind": claim.kind.replace("_", "-"), "value": claim.value,
                    "claim": describe_claim(claim), "stakes": claim.stakes,
                }
                if author is not None:
                    verdict = check_claim(claim, author)
                    if require == "unsupported" and verdict.supported:
                        continue
                    if require == "contradicted" and verdict.status != "contradicted":
                        continue
                    if require == "supported" and not verdict.supported:
                        continue
                    captures.update(listed=verdict.listed, what=verdict.what)
                    rewrite = rephrase(claim, author)
                    if rewrite is not None:
                        captures["rewrite"] = rewrite
                out.append(Match(claim.start, claim.end, captures))
            return out

        return find

