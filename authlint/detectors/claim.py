"""``claim``: first-person identity claims, checked against the author's profile.

Python-backed (rules cannot run code): the claim extractor in :mod:`authlint.claims` reads
the dependency parse; this detector picks which claims become findings::

    - type: claim
      kinds: [credential, role]        # which claim kinds (default: all)
      require: unsupported             # unsupported | contradicted | any | no-profile
      stakes: [medical, legal]         # only claims with these stakes (default: any)
      with_advice: true                # only when the post also gives advice or a promise

Captures for messages and suggestions: ``kind``, ``value``, ``claim`` ("to be a nurse"),
``listed`` (what the profile lists), ``what`` ("the credential"), ``stakes``, and
``rewrite`` (the claim rephrased with the profile's own role) when one exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from ..claims.advice import gives_advice
from ..claims.consistency import check_claim, describe_claim
from ..claims.context import author_for
from ..claims.extract import claims_for
from ..claims.model import ClaimKind, Stakes
from ..claims.prefilter import PREFILTER_WORDS
from ..claims.rewrite import rephrase
from ..features import LEMMA, NER, PARSER, TAGGER
from .base import BindContext, DetectorBase, Finder, Match

if TYPE_CHECKING:
    from spacy.tokens import Doc

Requirement = Literal["unsupported", "contradicted", "any", "no-profile"]


class ClaimDetector(DetectorBase):
    type: Literal["claim"] = "claim"
    kinds: list[ClaimKind] | None = Field(None, min_length=1, description="Claim kinds to report; default all.")
    require: Requirement = "unsupported"
    stakes: list[Stakes] | None = Field(None, min_length=1)
    with_advice: bool = False

    def needs(self) -> frozenset[str]:
        return frozenset({TAGGER, LEMMA, PARSER, NER})

    @property
    def prefilter(self) -> list[str]:
        """Words a post must contain for any claim to exist (see :mod:`authlint.claims.prefilter`)."""
        return list(PREFILTER_WORDS)

    def bind(self, ctx: BindContext, rule_code: str) -> Finder:
        kinds = frozenset(self.kinds) if self.kinds else None
        stakes = frozenset(self.stakes) if self.stakes else None
        require = self.require
        with_advice = self.with_advice

        def find(doc: Doc) -> list[Match]:
            author = author_for(doc)
            if require in ("unsupported", "contradicted") and author is None:
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
                    captures.update(listed=verdict.listed, what=verdict.what)
                    rewrite = rephrase(claim, author)
                    if rewrite is not None:
                        captures["rewrite"] = rewrite
                out.append(Match(claim.start, claim.end, captures))
            return out

        return find

