"""Suggested rewrites for an unsupported claim: drop the appeal to authority, keep the voice.

Swapping "As a nurse" for the author's real title ("As a community manager") keeps the advice
and only changes who vouches for it, which is how a harmful post is made to look clean. A
rewrite therefore removes the authority instead: "As a nurse, I can tell you..." becomes
"In my own experience, I can tell you...", and the reader judges the advice on its merits.
Only the "As a <role>" form can be rewritten without touching the rest of the sentence;
other forms get advice only.
"""

from __future__ import annotations

from authlint.claims.model import Claim
from authlint.settings.profile import AuthorProfile

PLAIN_VOICE = "In my own experience"


def rephrase(claim: Claim, profile: AuthorProfile | None = None) -> str | None:
    """The claim's span rewritten without the appeal to authority, or ``None`` ("remove it"
    is the only advice). ``profile`` is accepted for callers that have one: it is never used
    to put another title in place of the claimed one."""
    del profile
    if claim.kind not in ("role", "credential") or claim.form != "as":
        return None
    if claim.text[:2].lower() != "as":
        return None
    return PLAIN_VOICE if claim.text[:1].isupper() else PLAIN_VOICE[0].lower() + PLAIN_VOICE[1:]
