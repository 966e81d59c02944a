"""Roles held "as" something ("As a licensed physician, I ...", "speaking as a 22-year-old
model", "I work as a nurse") and experience ("my 30 years on Wall Street", "my 20 years as a
nurse", "my 10 years at Google")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from authlint.claims.model import Claim
from authlint.claims.roles import role, role_claims
from authlint.claims.syntax import (
    ORG_PREPS,
    THIRD_PERSON,
    Words,
    claim,
    first_person,
    hypothetical,
    is_proper,
    pobj,
    proper_span,
    sentence_initial,
    subject,
)
from authlint.nlp.analyzer import entity_type
from authlint.nlp.views import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Token


def as_phrase(prep: Token, words: Words) -> Iterator[Claim]:
    """``prep`` is an "as" whose object is a role the author holds."""
    if prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such":
        return
    obj = pobj(prep)
    if obj is None:
        return
    found = role(obj, words)
    if found is None:
        return
    head = prep.head
    if head.pos_ in ("NOUN", "PROPN") and _other_noun(head, words):
        return
    is_verb = head.pos_ in ("VERB", "AUX")
    if is_verb and hypothetical(head, words.vocab):
        return
    subj = subject(head) if is_verb else None
    if is_verb and any(
        c.dep_ in ("dobj", "dative") and c.i < prep.i and c.pos_ in ("PRON", "PROPN") and not first_person(c)
        for c in head.children
    ):
        return  # "I hired her as a consultant" describes her
    if subj is not None and not first_person(subj):
        if subj.lower_ in THIRD_PERSON or is_proper(subj) or subj.lower_ in words.vocab.first_person_plural - {"we"}:
            return
        if not sentence_initial(prep):
            return  # "the app works as a doctor would" etc.
    first = prep
    if head.tag_ == "VBG" and head.i < prep.i and head.dep_ == "advcl" and subj is None:
        first = head  # "Speaking as a 22-year-old model, ..."
    yield from role_claims(found, first, "as", words)


def _other_noun(head: Token, words: Words) -> bool:
    """"a career as a developer", "20 years as a nurse": whether the clause the noun sits in
    is about someone else, hypothetical or a question (then the role is not the author's)."""
    if head.pos_ == "PROPN" or any(c.dep_ == "poss" and c.lower_ not in ("my", "our") for c in head.children):
        return True  # "Obama, as author, ...", "his career as a lawyer"
    verb = head
    for _ in range(len(head.sent)):  # bounded: the parse is a tree, but never trust a loop
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if hypothetical(verb, words.vocab) or verb.sent.text.rstrip().endswith("?"):
        return True
    vsubj = subject(verb)
    if vsubj is not None and not first_person(vsubj) and vsubj.lower_ not in ("it", "this"):
        return head.dep_ != "nsubj"  # "my 20 years as a nurse taught me" keeps its claim
    return False


def experience(noun: Token, words: Words) -> Iterator[Claim]:
    """"my 30 years on Wall Street" / "my 20 years as a nurse" / "my 10 years at Google"."""
    if not any(c.dep_ == "poss" and c.lower_ == "my" for c in noun.children):
        return
    if not any(c.like_num or c.lower_ in ("many", "several") for c in noun.children):
        return
    first = next(c for c in noun.children if c.dep_ == "poss")
    for prep in noun.children:
        if prep.dep_ != "prep":
            continue
        obj = pobj(prep)
        if obj is None:
            continue
        found = role(obj, words)
        if found is not None:
            for found_claim in role_claims(found, first, "experience", words):
                if found_claim.kind in ("role", "credential"):
                    end = max(found_claim.end, obj.right_edge.idx + len(obj.right_edge.text))
                    found_claim = found_claim.replace(end=end, text=doc_text(noun.doc)[found_claim.start:end])
                yield found_claim
        elif is_proper(obj) and prep.lower_ in ORG_PREPS | {"in"}:
            kind = "location" if entity_type(obj) in {"GPE", "LOC"} else "organization"
            yield claim(kind, proper_span(obj).text, first, obj, form="experience")
