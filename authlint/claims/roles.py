"""Role phrases: whether a noun names a role in the synonym table ("a licensed physician"),
and the claims a role noun carries with it (its organisation, place and age)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from authlint.claims.lexicon import normalize_words
from authlint.claims.model import Claim
from authlint.claims.syntax import (
    CREDENTIAL_QUALIFIERS,
    ORG_PREPS,
    PLACE_PREPS,
    UNITS,
    Words,
    age_value,
    claim,
    forms,
    is_age_part,
    is_proper,
    pobj,
    proper_span,
)
from authlint.nlp.analyzer import entity_type
from authlint.nlp.views import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(frozen=True)
class Role:
    """A role phrase found in a parse, headed by ``head``."""

    head: Token
    start: int  # token index where the role words begin (qualifiers included)
    concepts: tuple[str, ...]
    value: str
    credential: bool
    stakes: str
    speaks_for: bool


def role(noun: Token, words: Words) -> Role | None:
    """If ``noun`` heads a role phrase in the synonym table, the role it names."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    vocab = words.vocab
    left = [t for t in noun.lefts if t.dep_ in ("compound", "amod", "nmod")]
    begin = min([noun.i, *(t.left_edge.i for t in left)])
    tokens = [t for t in noun.doc[begin:noun.i + 1] if not t.is_punct]
    if any(t.lower_ in vocab.not_a_claim for t in tokens):
        return None
    if any(t.tag_ in ("JJS", "RBS") for t in tokens):
        return None  # "the fastest latte artist", "the best mum": a brag, not a job title
    normal = tuple(w for t in tokens for w in normalize_words(t.text))
    if any(normal[-len(f):] == f for f in vocab.false_roles if len(f) <= len(normal)):
        return None
    role_tokens = [t for t in tokens if not (t.like_num or t.lower_ in ("old", "year") or is_age_part(t, vocab))]
    hits = [h for h in words.lexicon.find([forms(t) for t in role_tokens]) if h.end == len(role_tokens)]
    if not hits:
        return None
    hit = hits[-1]
    term_start = role_tokens[hit.start].i
    qualifiers = [t for t in role_tokens[:hit.start] if t.lower_ in CREDENTIAL_QUALIFIERS or (t.pos_ == "ADJ" and not is_proper(t))]
    start = qualifiers[0].i if qualifiers else term_start
    concept = words.lexicon.concepts[hit.concept]
    value_tokens = [t for t in role_tokens if t.i >= start and not (t.is_punct and t.text != "-")]
    value = "".join(t.text + t.whitespace_ for t in value_tokens).strip()
    credential = concept.credential or any(t.lower_ in CREDENTIAL_QUALIFIERS for t in qualifiers)
    return Role(noun, start, (hit.concept,), value, credential, concept.stakes, concept.speaks_for)


def role_claims(found: Role, first: Token, form: str, words: Words) -> Iterator[Claim]:
    """The role claim plus what hangs off the role noun: its organisation, place and age."""
    noun = found.head
    doc = noun.doc
    last, extras = _attached(found, first, form)
    extras += _premodifiers(found, first, form, words)
    kind = "credential" if found.credential else "role"
    end = doc[last.i:last.i + 1].end_char
    yield Claim(
        kind=kind, value=found.value, start=first.idx, end=end,  # type: ignore[arg-type]
        text=doc_text(doc)[first.idx:end], stakes=found.stakes, form=form,  # type: ignore[arg-type]
    )
    yield from extras


def _attached(found: Role, first: Token, form: str) -> tuple[Token, list[Claim]]:
    """Organisations and places after the role noun ("nurse at Mercy", "CEO of Acme"), and the
    last token the role claim reaches."""
    noun = found.head
    last = noun
    extras: list[Claim] = []
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ORG_PREPS | PLACE_PREPS:
            obj = pobj(child)
            if obj is None or not is_proper(obj):
                continue
            name = proper_span(obj)
            if child.lower_ in PLACE_PREPS and (child.lower_ == "from" or entity_type(obj) in {"GPE", "LOC"}):
                extras.append(claim("location", name.text, first, obj, form=form))
            else:
                kind = "speaks_for" if found.speaks_for else "organization"
                extras.append(claim(kind, name.text, first, obj, "official" if found.speaks_for else "none", form))
            last = max(last, obj.right_edge, key=lambda t: t.i)
    return last, extras


def _premodifiers(found: Role, first: Token, form: str, words: Words) -> list[Claim]:
    """Names and ages before the role noun ("an Acme engineer", "a 22-year-old model")."""
    noun = found.head
    extras: list[Claim] = []
    for child in noun.lefts:
        if child.dep_ in ("compound", "poss") and is_proper(child) and child.i < found.start and child.lower_ not in UNITS:
            name = proper_span(child)
            kind = "speaks_for" if found.speaks_for else "organization"
            extras.append(claim(kind, name.text, first, noun, "official" if found.speaks_for else "none", form))
        if child.dep_ == "amod":
            age = age_value(child, words.vocab)
            if age is not None:
                extras.append(claim("age", str(age), first, noun, form=form))
    return extras
