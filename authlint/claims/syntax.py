"""Questions the claim constructions ask of a parse: is this token the author, a name, a
number that could be an age, negated, hypothetical? Plain functions over spaCy tokens (no
state); the vocabularies they consult are passed in as :class:`Words`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from authlint.claims.lexicon import Lexicon, Vocab, normalize_words
from authlint.claims.model import Claim
from authlint.nlp.analyzer import entity_type

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

SUBJ = ("nsubj", "nsubjpass")
THIRD_PERSON = frozenset({"he", "she", "they", "you", "him", "her", "them"})
CREDENTIAL_QUALIFIERS = frozenset({"licensed", "certified", "board", "registered", "accredited", "chartered", "qualified", "practicing", "practising"})
ORG_PREPS = frozenset({"of", "at", "for", "with"})
PLACE_PREPS = frozenset({"from", "in"})
AGE_NOUNS = frozenset({"year", "yr", "yrs", "years"})
# Hospital units and specialties written like names ("an ICU nurse", "an ER doctor"): where
# someone works, not an organisation they claim to belong to.
UNITS = frozenset({"icu", "nicu", "picu", "cvicu", "sicu", "micu", "ccu", "hdu", "er", "ed", "or", "a&e",
                   "l&d", "ob", "ot", "pt", "gp", "ems", "it", "hr", "qa", "ux", "ui", "pr", "seo", "ai", "ml"})


@dataclass(frozen=True, eq=False)
class Words:
    """The two vocabularies every construction reads: role terms and claim words."""

    lexicon: Lexicon
    vocab: Vocab


def forms(tok: Token) -> frozenset[str]:
    """The normalised text and lemma of ``tok``, as the synonym table looks words up."""
    out = {"".join(normalize_words(tok.text)), "".join(normalize_words(tok.lemma_))}
    return frozenset(f for f in out if f)


def is_proper(tok: Token) -> bool:
    """A name: a proper noun or entity written like one ("Acme", "Red Cross"; not "that.yeah").
    How it is written is tested first: it needs no entity types (see entity_type)."""
    first = tok.text[:1]
    if not (first.isupper() or first.isdigit() or first == "@"):
        return False
    return tok.pos_ == "PROPN" or entity_type(tok) in {"ORG", "GPE", "LOC", "PERSON", "FAC", "NORP"}


def is_person(tok: Token) -> bool:
    """A person's name, as NER sees it ("I am SHOOK" and "Mint here" are not names)."""
    return is_proper(tok) and entity_type(tok) == "PERSON"


def first_person(tok: Token | None) -> bool:
    """``tok`` is the author speaking of themselves."""
    return tok is not None and tok.lower_ in {"i", "me", "myself"}


def pobj(tok: Token) -> Token | None:
    """The object of the preposition ``tok``, if the parse gives it one."""
    return next((c for c in tok.children if c.dep_ == "pobj"), None)


def subject(verb: Token) -> Token | None:
    """The subject of ``verb``, inherited through conjunctions ("I ... and just turned 30")."""
    seen = 0
    while seen < 4:
        for child in verb.children:
            if child.dep_ in SUBJ:
                return child
        if verb.dep_ in ("conj", "xcomp", "acomp") and verb.head.i != verb.i:
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def hypothetical(verb: Token, vocab: Vocab) -> bool:
    """Not a statement about the author as they are: a modal ("I could live there"), a
    condition ("if I were a doctor"), a wish or plan ("I want to be a doctor", "I wish I
    was a lawyer") or a question ("Am I a nurse?")."""
    for _ in range(4):
        if any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ not in ("can", "ca") for c in verb.children):
            return True  # "I could be", "I'd work", "I will be" -- but "I can tell you" is a statement
        if any(c.dep_ == "mark" and c.lower_ in vocab.irrealis_marks for c in verb.children):
            return True
        subj = next((c for c in verb.children if c.dep_ in SUBJ), None)
        if subj is not None and subj.lower_ == "i" and verb.lower_ == "were":
            return True
        if subj is not None and subj.i > verb.i and verb.sent.text.rstrip().endswith("?"):
            return True
        if verb.dep_ not in ("xcomp", "ccomp", "conj") or verb.head.i == verb.i:
            return False
        if verb.dep_ != "conj" and verb.head.lemma_.lower() in vocab.irrealis_verbs:
            return True
        verb = verb.head
    return False


def negated(tok: Token) -> bool:
    """``tok`` carries a negation ("I'm not a doctor", "never a nurse")."""
    return any(c.dep_ == "neg" or c.lower_ in {"no", "never"} for c in tok.children)


def number(tok: Token | None, vocab: Vocab) -> int | None:
    """``tok`` as an integer in the plausible age range, else None."""
    if tok is None or not tok.like_num:
        return None
    try:
        value = int(tok.text.replace(",", ""))
    except ValueError:
        return None
    low, high = vocab.age_range
    return value if low <= value <= high else None


def age_value(tok: Token, vocab: Vocab) -> int | None:
    """The age in "22 years old" / "22-year-old" when ``tok`` is its "old"."""
    if tok.lower_ != "old":
        return None
    for child in tok.children:
        if child.lower_ in AGE_NOUNS:
            for num in child.children:
                age = number(num, vocab)
                if age is not None:
                    return age
    return None


def is_age_part(tok: Token, vocab: Vocab) -> bool:
    """``tok`` belongs to an age phrase ("22", "years", "old"), not to a role's words."""
    return age_value(tok, vocab) is not None or (tok.lower_ in AGE_NOUNS and any(c.like_num for c in tok.children))


def proper_span(tok: Token) -> Span:
    """The proper-name span headed by ``tok`` ("the Red Cross" -> "Red Cross")."""
    parts = [t for t in tok.subtree if t.dep_ in ("compound", "flat") or t.i == tok.i]
    parts = [t for t in parts if t.i <= tok.i and t.i >= tok.left_edge.i]
    start = min(t.i for t in parts)
    while start < tok.i and (tok.doc[start].dep_ == "det" or not tok.doc[start].text[:1].isalnum()):
        start += 1  # "the Red Cross" -> "Red Cross"; "🤑 Mint" -> "Mint"
    return tok.doc[start:tok.i + 1]


def sentence_initial(tok: Token) -> bool:
    """``tok`` opens its sentence, or follows only a lone participle ("Speaking as ...")."""
    sent = tok.sent
    lead = [t for t in sent if t.i < tok.i and not (t.is_punct or t.is_space)]
    return not lead or (len(lead) == 1 and lead[0].tag_ == "VBG")


def claim(kind: str, value: str, first: Token, last: Token, stakes: str = "none", form: str = "") -> Claim:
    """A claim spanning tokens ``first`` .. ``last`` (inclusive)."""
    span = first.doc[first.i:last.i + 1]
    return Claim(kind=kind, value=value, start=span.start_char, end=span.end_char, text=span.text, stakes=stakes, form=form)  # type: ignore[arg-type]


def identity(name: Span, first: Token, last: Token, vocab: Vocab) -> Claim:
    """An identity claim ("I am Elon Musk"); a celebrity's name raises its stakes."""
    stakes = "celebrity" if vocab.is_celebrity(name.text) else "none"
    return claim("identity", name.text, first, last, stakes, "identity")
