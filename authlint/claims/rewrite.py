"""Suggested rewrites for an unsupported claim: say what the profile does support instead."""

from __future__ import annotations

import regex as re_

from authlint.settings.profile import AuthorProfile
from authlint.claims.consistency import article
from authlint.claims.model import Claim

_ARTICLE_BEFORE = re_.compile(r"\b(a|an)(\s+)$", re_.IGNORECASE)


def rephrase(claim: Claim, profile: AuthorProfile) -> str | None:
    """The claim text with the role swapped for the profile's own ("I'm a nurse" -> "I'm a community manager").

    Only role and credential claims can be rephrased; ``None`` means "remove it" is the only advice.
    """
    if claim.kind not in ("role", "credential") or claim.form == "experience":
        return None
    real = next(iter([*profile.credentials, *profile.roles] if claim.kind == "credential" else [*profile.roles, *profile.credentials]), None)
    if real is None:
        return None
    at = claim.text.rfind(claim.value)
    if at < 0:
        return None
    before, after = claim.text[:at], claim.text[at + len(claim.value):]
    m = _ARTICLE_BEFORE.search(before)
    if m is not None:
        art = article(real)
        art = art.capitalize() if m.group(1)[0].isupper() else art
        before = before[: m.start()] + art + m.group(2)
    return before + real + after
