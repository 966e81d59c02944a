"""Does a post give advice or make a promise? A high-stakes credential next to advice is what
makes a false claim harmful ("as a doctor, I recommend ...", "trust me, you'll double it")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from authlint.claims.lexicon import Vocab, default_vocab
from authlint.nlp.views import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc


def gives_advice(doc: Doc, vocab: Vocab | None = None) -> bool:
    """True for advice phrases, imperative sentences, or "I recommend"-style first-person advice verbs."""
    vocab = vocab or default_vocab()
    lower = " ".join(doc_text(doc).lower().replace("’", "'").split())
    if any(_has_phrase(lower, p) for p in vocab.advice_phrases):
        return True
    for token in doc:
        if token.pos_ != "VERB":
            continue
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        imperative = (
            token.tag_ == "VB" and not subjects and token.dep_ in ("ROOT", "xcomp", "conj")
            and not any(c.dep_ == "aux" for c in token.children)
        )
        if imperative and (token.dep_ == "ROOT" or token.lemma_ in vocab.advice_lemmas):
            return True
        if token.lemma_ in vocab.advice_lemmas and any(s.lower_ in ("i", "we") for s in subjects):
            return True
    return False


def _has_phrase(text: str, phrase: str) -> bool:
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        start = text.find(phrase, start + 1)
    return False
