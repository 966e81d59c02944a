"""Identity claims: who a post says its author is, and whether the author's profile agrees.

- :func:`extract_claims` / :func:`claims_for` — first-person role, credential, identity,
  organisation, speaks-for, age and location claims from a parsed Doc (:class:`Claim`).
- :func:`may_claim` — a cheap lexical prefilter: sentences without it cannot hold a claim.
- :func:`check_claim` — supported / unsupported / contradicted against an :class:`AuthorProfile`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .consistency import Verdict, check_claim, describe_claim
    from .extract import ClaimExtractor, claims_for
    from .model import CLAIM_KINDS, Claim, ClaimKind
    from .prefilter import may_claim

# Submodules load on first use, so importing one of them (config reads claims.disclosure)
# does not pull in the extractor and its vocabularies.
_EXPORTS = {
    "Verdict": ".consistency", "check_claim": ".consistency", "describe_claim": ".consistency",
    "ClaimExtractor": ".extract", "claims_for": ".extract",
    "CLAIM_KINDS": ".model", "Claim": ".model", "ClaimKind": ".model",
    "may_claim": ".prefilter",
}


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())


def extract_claims(doc: Doc) -> list[Claim]:
    """Claims in a Doc parsed by authlint's analyzer (needs the parser; shared per Doc)."""
    from .extract import claims_for

    return claims_for(doc)


__all__ = [
    "CLAIM_KINDS",
    "Claim",
    "ClaimExtractor",
    "ClaimKind",
    "Verdict",
    "check_claim",
    "claims_for",
    "describe_claim",
    "extract_claims",
    "may_claim",
]
