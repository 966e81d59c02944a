"""Claims by being or naming: the copula ("I'm a nurse", "I'm 22", "I'm from Leeds", "I am
Elon Musk"), apposition ("I, a nurse of 20 years", "I'm Jane, a registered nurse") and the
sign-on ("Elon here.", "Acme's CEO here:")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from authlint.claims.model import Claim
from authlint.claims.roles import role, role_claims
from authlint.claims.syntax import (
    Words,
    age_value,
    claim,
    first_person,
    hypothetical,
    identity,
    is_person,
    is_proper,
    negated,
    number,
    pobj,
    proper_span,
    subject,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


def copula(tok: Token, words: Words) -> Iterator[Claim]:
    """``tok`` is the complement of "be"/"become" (or its "from"): what the subject is."""
    verb = tok.head
    vocab = words.vocab
    if verb.lemma_ not in ("be", "become") or negated(verb) or hypothetical(verb, vocab):
        return
    subj = subject(verb)
    if subj is not None and subj.lower_ == "name" and any(c.lower_ == "my" for c in subj.children):
        if is_proper(tok):  # "My name is Jane Doe"
            yield identity(proper_span(tok), subj.left_edge, tok, vocab)
        return
    if subj is None or not first_person(subj):
        return
    if tok.lower_ == "from":
        obj = pobj(tok)
        if obj is not None and is_proper(obj):
            yield claim("location", proper_span(obj).text, subj, obj, form="copula")
        return
    if negated(tok):
        return
    age = number(tok, vocab) if tok.dep_ == "attr" and tok.pos_ == "NUM" else age_value(tok, vocab)
    if age is not None and verb.tag_ in ("VBP", "VBZ"):  # "I'm 22", not "when I was 17"
        yield claim("age", str(age), subj, tok, form="copula")
        return
    found = role(tok, words)
    if found is not None:
        yield from role_claims(found, subj, "copula", words)
        return
    if tok.dep_ == "attr" and not any(c.dep_ == "det" for c in tok.children):
        name = proper_span(tok)
        if is_person(tok) or vocab.is_celebrity(name.text):
            yield identity(name, subj, tok, vocab)


def apposition(tok: Token, words: Words) -> Iterator[Claim]:
    """``tok`` renames the author ("I, a nurse") or the author's own name ("I'm Jane, a nurse")."""
    head = tok.head
    if not first_person(head):
        verb = head.head
        if not (head.dep_ == "attr" and verb.lemma_ == "be" and first_person(subject(verb))):
            return
    found = role(tok, words)
    if found is not None:
        yield from role_claims(found, head, "appos", words)


def name_here(here: Token, words: Words) -> Iterator[Claim]:
    """"Elon here." / "Acme's CEO here:" — a sign-on that claims a name or a role."""
    head = here.head
    lead = [t for t in here.sent if t.i < head.left_edge.i and not t.is_punct]
    if here.i != head.i + 1 or any(t.pos_ != "INTJ" for t in lead):
        return
    nxt = here.doc[here.i + 1] if here.i + 1 < len(here.doc) else None
    if nxt is not None and not (nxt.is_punct or (nxt.is_space and "\n" in nxt.text)):
        return  # "Elon here." / "Elon here:" / "Elon here" at a line end, not "Register here https://..."
    found = role(head, words)
    if found is not None:
        yield from role_claims(found, head.left_edge, "sign-on", words)
        return
    name = proper_span(head)
    if is_person(head) or words.vocab.is_celebrity(name.text):
        yield identity(name, name[0], here, words.vocab)
