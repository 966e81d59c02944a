"""Find first-person identity claims in a parsed post, using the dependency parse.

Constructions covered (each yields :class:`Claim` objects with exact character spans):

- copula: "I'm a nurse", "I am the CEO of Acme", "I'm 22", "I'm from Leeds", "I am Elon Musk"
- ``as``: "As a licensed physician, I ...", "speaking as a 22-year-old model", "I work as a nurse"
- apposition: "I, a nurse of 20 years, ...", "I'm Jane, a registered nurse"
- experience: "my 30 years on Wall Street", "my 10 years at Google", "my 20 years as a nurse"
- speaks-for: "on behalf of the Red Cross", "the official account of Acme", "I represent Acme"
- affiliation and place verbs: "I work at Google", "we at Acme", "I live in Boston", "based in Oslo"
- age: "22 years old", "a 22-year-old", "I just turned 30", "At 45, I ..."

Role words must be in the synonym table, so "I'm a big fan" or "I'm a morning person" are
not claims; negation ("I'm not a doctor") and hedges ("aspiring model") cancel a claim.

This module walks the sentences and sends each token to the constructions anchored on it;
the constructions live in :mod:`~authlint.claims.being` (copula, apposition, sign-on),
:mod:`~authlint.claims.as_role` ("as", experience) and :mod:`~authlint.claims.affiliation`
(verbs, speaks-for, "we at", "at 45"), over the role phrases of :mod:`~authlint.claims.roles`
and the parse questions of :mod:`~authlint.claims.syntax`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from authlint.claims.affiliation import at_age, speaks_for, verb_claims, we_at
from authlint.claims.as_role import as_phrase, experience
from authlint.claims.being import apposition, copula, name_here
from authlint.claims.cues import may_claim
from authlint.claims.lexicon import Lexicon, Vocab, default_lexicon, default_vocab
from authlint.claims.model import Claim
from authlint.claims.syntax import AGE_NOUNS, Words, sentence_initial

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_CACHE_KEY = ("authlint", "claims")


class ClaimExtractor:
    """Turns a parsed Doc into claims. Stateless apart from its (immutable) vocabularies."""

    def __init__(self, lexicon: Lexicon | None = None, vocab: Vocab | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.vocab = vocab or default_vocab()
        self._words = Words(self.lexicon, self.vocab)

    def extract(self, doc: Doc) -> list[Claim]:
        """All claims in ``doc`` in text order. Needs the parser; without it there are none."""
        if not doc.has_annotation("DEP"):
            return []
        seen: set[tuple[str, str, int]] = set()
        out: list[Claim] = []
        for sent in doc.sents:
            if not may_claim(sent.text):
                continue
            for claim in self._sentence(sent):
                key = (claim.kind, claim.value.lower(), claim.start)
                if key not in seen:
                    seen.add(key)
                    out.append(claim)
        out.sort(key=lambda c: (c.start, c.end, c.kind))
        return out

    def _sentence(self, sent: Span) -> Iterator[Claim]:
        """Every construction anchored on each token, in a fixed order (the first of two equal
        claims keeps its form)."""
        words = self._words
        for tok in sent:
            dep = tok.dep_
            if dep in ("attr", "acomp", "oprd") or (tok.lower_ == "from" and dep == "prep"):
                yield from copula(tok, words)
            if tok.lower_ == "as" and dep == "prep":
                yield from as_phrase(tok, words)
            if dep == "appos":
                yield from apposition(tok, words)
            if tok.lower_ in AGE_NOUNS or tok.lemma_ in ("decade",):
                yield from experience(tok, words)
            if tok.lower_ == "behalf" or (tok.lower_ in self.vocab.account_words and tok.pos_ == "NOUN"):
                yield from speaks_for(tok, words)
            if tok.pos_ in ("VERB", "AUX") or (tok.tag_ == "VBN"):
                yield from verb_claims(tok, words)
            if tok.lower_ == "at" and dep == "prep" and tok.head.lower_ in ("we", "us", "here"):
                yield from we_at(tok, words)
            if tok.lower_ == "here" and dep == "advmod" and tok.head.pos_ in ("PROPN", "NOUN"):
                yield from name_here(tok, words)
            if tok.lower_ == "at" and dep == "prep" and sentence_initial(tok):
                yield from at_age(tok, words)


def claims_for(doc: Doc, extractor: ClaimExtractor | None = None) -> list[Claim]:
    """Claims in ``doc``, computed once per Doc and kept in ``doc.user_data`` (rules share them)."""
    key = (*_CACHE_KEY, id(extractor) if extractor is not None else 0)
    cached = doc.user_data.get(key)
    if cached is None:
        cached = (extractor or _default_extractor()).extract(doc)
        doc.user_data[key] = cached
    return list(cached)


@cache
def _default_extractor() -> ClaimExtractor:
    """One shared extractor over the shipped (immutable) vocabularies."""
    return ClaimExtractor()
