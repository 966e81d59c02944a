"""A cheap lexical test for "could this sentence hold an identity claim?".

Dependency parsing is the costly step; a sentence without any of these words cannot yield a
claim, so callers (the extractor itself, and the analyzer's per-sentence prefilter) can skip
it. It must never say no to a sentence the extractor would find a claim in: every construction
that :mod:`authlint.claims.extract` calls is anchored on one of these words.
"""

from __future__ import annotations

import regex as re_

_CUES = re_.compile(
    r"(?<![\w'])(?:"
    r"i|i'm|im|i've|ive|i'd|i'll|me|my|myself|we|we're"  # the author speaking
    r"|as|behalf|official|officially|verified|represent(?:s|ing)?|here"  # role, speaks-for, sign-on
    r"|born|raised|based|live[sd]?|living"  # place participles that dangle without "I"
    r")(?![\w'])",
    re_.IGNORECASE | re_.VERSION1,
)


def may_claim(text: str) -> bool:
    """True when ``text`` has a word every claim construction needs (first person, "as", "behalf"...)."""
    return _CUES.search(text.replace("’", "'")) is not None


__all__ = ["may_claim"]

#: The same cues as lower-cased tokens, for token-set prefilters (``authlint.gate.prefilter``):
#: a post none of whose tokens is one of these has no claim.
PREFILTER_WORDS: tuple[str, ...] = (
    "i", "im", "me", "my", "myself", "we",
    "as", "behalf", "official", "officially", "verified", "represent", "represents", "representing", "here",
    "born", "raised", "based", "live", "lives", "lived", "living",
)

#: Words every speaks-for construction is anchored on ("on behalf of", "I represent", "speaking for").
SPEAKS_FOR_WORDS: frozenset[str] = frozenset(
    {"behalf", "represent", "represents", "represented", "representing", "speak", "speaks", "spoke", "speaking"}
)
