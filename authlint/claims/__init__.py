"""Identity claims: who a post says its author is, and whether the author's profile agrees.

- :func:`extract_claims` / :func:`claims_for` — first-person role, credential, identity,
  organisation, speaks-for, age and location claims from a parsed Doc (:class:`Claim`).
- :func:`may_claim` — a cheap lexical prefilter: sentences without it cannot hold a claim.
- :func:`check_claim` — supported / unsupported / contradicted against an :class:`AuthorProfile`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authlint.support.lazy import lazy_exports

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from authlint.claims.consistency import Verdict, check_claim, describe_claim
    from authlint.claims.cues import may_claim
    from authlint.claims.extract import ClaimExtractor, claims_for
    from authlint.claims.model import CLAIM_KINDS, Claim, ClaimKind

# Submodules load on first use, so importing one of them (config reads claims.disclosure)
# does not pull in the extractor and its vocabularies.
_EXPORTS = {
    "Verdict": "authlint.claims.consistency", "check_claim": "authlint.claims.consistency", "describe_claim": "authlint.claims.consistency",
    "ClaimExtractor": "authlint.claims.extract", "claims_for": "authlint.claims.extract",
    "CLAIM_KINDS": "authlint.claims.model", "Claim": "authlint.claims.model", "ClaimKind": "authlint.claims.model",
    "may_claim": "authlint.claims.cues",
}


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())


def extract_claims(doc: Doc) -> list[Claim]:
    """Claims in a Doc parsed by authlint's analyzer (needs the parser; shared per Doc)."""
    from authlint.claims.extract import claims_for

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
