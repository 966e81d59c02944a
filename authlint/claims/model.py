"""A claim a post makes about its author, as structured data (``Report.claims``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from authlint.support.records import Record

ClaimKind = Literal["role", "credential", "identity", "organization", "speaks_for", "age", "location"]
Stakes = Literal["medical", "legal", "financial", "official", "celebrity", "none"]
CLAIM_KINDS: tuple[str, ...] = ("role", "credential", "identity", "organization", "speaks_for", "age", "location")


@dataclass(frozen=True)
class Claim(Record):
    """One first-person claim: what kind, its value, and where it is (``text[start:end] == claim.text``)."""

    kind: ClaimKind
    value: str
    """What is claimed: 'licensed physician', 'Acme', '22', 'Boston'."""
    start: int
    end: int
    text: str
    stakes: Stakes = "none"
    """Which harm a false claim of this kind could do."""
    form: str = ""
    """The construction it came from: copula, as, appos, possessive, experience, ..."""
