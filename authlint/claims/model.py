"""A claim a post makes about its author, as structured data (``Report.claims``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ClaimKind = Literal["role", "credential", "identity", "organization", "speaks_for", "age", "location"]
Stakes = Literal["medical", "legal", "financial", "official", "celebrity", "none"]
CLAIM_KINDS: tuple[str, ...] = ("role", "credential", "identity", "organization", "speaks_for", "age", "location")


class Claim(BaseModel):
    """One first-person claim: what kind, its value, and where it is (``text[start:end] == claim.text``)."""

    model_config = ConfigDict(frozen=True, defer_build=True)  # built on first validation, not import

    kind: ClaimKind
    value: str = Field(description="What is claimed: 'licensed physician', 'Acme', '22', 'Boston'.")
    start: int
    end: int
    text: str
    stakes: Stakes = Field("none", description="Which harm a false claim of this kind could do.")
    form: str = Field("", description="The construction it came from: copula, as, appos, possessive, experience, ...")
