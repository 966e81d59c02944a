"""Identity claims: who a post says its author is, and whether the author's profile agrees.

- :func:`extract_claims` / :func:`claims_for` — first-person role, credential, identity,
  organisation, speaks-for, age and location claims from a parsed Doc (:class:`Claim`).
- :func:`may_claim` — a cheap lexical prefilter: sentences without it cannot hold a claim.
- :func:`check_claim` — supported / unsupported / contradicted against an :class:`AuthorProfile`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .consistency import Verdict, check_claim, describe_claim
from .extract import ClaimExtractor, claims_for
from .model import CLAIM_KINDS, Claim, ClaimKind
from .prefilter import may_claim

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_claims(doc: Doc) -> list[Claim]:
    """Claims in a Doc parsed by authlint's analyzer (needs the parser; shared per Doc)."""
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
