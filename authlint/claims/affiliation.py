"""Whom the author works for, speaks for, where they live and how old they are, said with a
verb or a fixed phrase: "I work at Google", "I live in Boston", "I just turned 30", "on behalf
of the Red Cross", "the official account of Acme", "we at Acme", "At 45, I ..."."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from authlint.claims.model import Claim
from authlint.claims.syntax import (
    Words,
    claim,
    first_person,
    hypothetical,
    is_proper,
    negated,
    number,
    pobj,
    proper_span,
    subject,
)
from authlint.nlp.analyzer import entity_type

if TYPE_CHECKING:
    from spacy.tokens import Token

    from authlint.claims.lexicon import Vocab


def speaks_for(tok: Token, words: Words) -> Iterator[Claim]:
    """"on behalf of X" (``tok`` is "behalf") or "the official account of X" (``tok`` is an account word)."""
    if tok.lower_ == "behalf":
        yield from _behalf(tok)
        return
    official = words.vocab.official_words
    if not any(c.lower_ in official for c in tok.lefts):
        return
    first = next((c for c in tok.lefts if c.dep_ == "det"), None) or next(c for c in tok.lefts if c.lower_ in official)
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "for")), None)
    obj = pobj(of) if of is not None else None
    if obj is not None and is_proper(obj):
        yield claim("speaks_for", proper_span(obj).text, first, obj, "official", "official-account")
        return
    # "✅ Verified account": the official word itself is not whom the account speaks for.
    names = [c for c in tok.lefts if c.dep_ in ("compound", "poss") and is_proper(c)
             and c.lower_ not in official and c.lower_ != "verified"]
    if names:
        yield claim("speaks_for", proper_span(names[-1]).text, first, tok, "official", "official-account")


def _behalf(tok: Token) -> Iterator[Claim]:
    on = tok.head
    if on.lower_ != "on":
        return
    of = next((c for c in tok.children if c.lower_ == "of"), None)
    obj = pobj(of) if of is not None else None
    if obj is None or not is_proper(obj):
        return  # "on behalf of our team": nothing checkable
    first = on
    verb = on.head
    if verb.tag_ == "VBG" and verb.i < on.i and verb.dep_ in ("advcl", "ROOT", "csubj"):
        first = verb  # "Posting on behalf of ..."
    yield claim("speaks_for", proper_span(obj).text, first, obj, "official", "behalf")


def verb_claims(verb: Token, words: Words) -> Iterator[Claim]:
    """Affiliation, place and age verbs: "I work at Google", "I live in Boston", "I turned 30"."""
    vocab = words.vocab
    lemma = verb.lemma_.lower()
    org_preps = vocab.org_verbs.get(lemma)
    place_preps = vocab.location_verbs.get(lemma)
    if org_preps is None and place_preps is None and lemma not in ("turn", "represent", "speak"):
        return
    if negated(verb) or hypothetical(verb, vocab):
        return
    if lemma in ("move", "relocate") and verb.tag_ not in ("VBD", "VBN"):
        return  # "I want to move to Chicago" is a wish, "I moved to Leeds" a claim
    subj = subject(verb)
    dangling = subj is None and verb.tag_ in ("VBN", "VBG") and verb.dep_ in ("advcl", "ROOT", "amod", "acomp", "conj")
    if not (first_person(subj) or dangling):
        return
    first = subj if subj is not None and subj.i < verb.i else verb
    if lemma == "turn":
        yield from _turned(verb, first, vocab)
    elif lemma == "speak":
        yield from _speak_for(verb, first)
    else:
        yield from _objects(verb, first, lemma, org_preps, place_preps)


def _turned(verb: Token, first: Token, vocab: Vocab) -> Iterator[Claim]:
    """"I just turned 30"."""
    for child in verb.children:
        age = number(child, vocab) if child.dep_ in ("oprd", "attr", "dobj", "npadvmod") else None
        if age is not None:
            yield claim("age", str(age), first, child, form="verb")


def _speak_for(verb: Token, first: Token) -> Iterator[Claim]:
    """"I speak for Acme"."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "for":
            obj = pobj(prep)
            if obj is not None and is_proper(obj):
                yield claim("speaks_for", proper_span(obj).text, first, obj, "official", "verb")


def _objects(verb: Token, first: Token, lemma: str, org_preps: frozenset[str] | None,
             place_preps: frozenset[str] | None) -> Iterator[Claim]:
    """The names a place or affiliation verb takes: "represent Acme", "work at Google", "live in Oslo"."""
    for child in verb.children:
        if child.dep_ == "dobj" and is_proper(child) and entity_type(child) != "NORP":
            if lemma == "represent":
                yield claim("speaks_for", proper_span(child).text, first, child, "official", "verb")
            elif org_preps is not None and not org_preps:
                yield claim("organization", proper_span(child).text, first, child, form="verb")
        if child.dep_ not in ("prep", "prt", "agent"):
            continue
        obj = pobj(child)
        if obj is None or not is_proper(obj):
            continue
        if org_preps and child.lower_ in org_preps:
            kind = "location" if child.lower_ == "in" and entity_type(obj) in {"GPE", "LOC"} else "organization"
            yield claim(kind, proper_span(obj).text, first, obj, form="verb")
        elif place_preps and child.lower_ in place_preps:
            yield claim("location", proper_span(obj).text, first, obj, form="verb")


def we_at(prep: Token, words: Words) -> Iterator[Claim]:
    """"We at Acme ..." / "here at Acme" (with the author in the sentence)."""
    obj = pobj(prep)
    if obj is None or not is_proper(obj):
        return
    vocab = words.vocab
    if prep.head.lower_ == "here" and not any(t.lower_ in vocab.first_person | vocab.first_person_plural for t in prep.sent):
        return
    yield claim("organization", proper_span(obj).text, prep.head, obj, form="we-at")


def at_age(prep: Token, words: Words) -> Iterator[Claim]:
    """"At 45, I finally learned to code." """
    obj = pobj(prep)
    age = number(obj, words.vocab) if obj is not None and not list(obj.children) else None
    if age is None or obj is None or not first_person(subject(prep.head)):
        return
    yield claim("age", str(age), prep, obj, form="at-age")
