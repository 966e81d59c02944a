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
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from authlint.claims.cues import may_claim
from authlint.claims.lexicon import Lexicon, Vocab, default_lexicon, default_vocab, normalize_words
from authlint.claims.model import Claim
from authlint.nlp.analyzer import entity_type
from authlint.nlp.views import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_SUBJ = ("nsubj", "nsubjpass")
_THIRD_PERSON = frozenset({"he", "she", "they", "you", "him", "her", "them"})
_CREDENTIAL_QUALIFIERS = frozenset({"licensed", "certified", "board", "registered", "accredited", "chartered", "qualified", "practicing", "practising"})
_ORG_PREPS = frozenset({"of", "at", "for", "with"})
_PLACE_PREPS = frozenset({"from", "in"})
_AGE_NOUNS = frozenset({"year", "yr", "yrs", "years"})
# Hospital units and specialties written like names ("an ICU nurse", "an ER doctor"): where
# someone works, not an organisation they claim to belong to.
_UNITS = frozenset({"icu", "nicu", "picu", "cvicu", "sicu", "micu", "ccu", "hdu", "er", "ed", "or", "a&e",
                    "l&d", "ob", "ot", "pt", "gp", "ems", "it", "hr", "qa", "ux", "ui", "pr", "seo", "ai", "ml"})
_CACHE_KEY = ("authlint", "claims")


def _forms(tok: Token) -> frozenset[str]:
    out = {"".join(normalize_words(tok.text)), "".join(normalize_words(tok.lemma_))}
    return frozenset(f for f in out if f)


def _is_proper(tok: Token) -> bool:
    """A name: a proper noun or entity written like one ("Acme", "Red Cross"; not "that.yeah").
    How it is written is tested first: it needs no entity types (see entity_type)."""
    first = tok.text[:1]
    if not (first.isupper() or first.isdigit() or first == "@"):
        return False
    return tok.pos_ == "PROPN" or entity_type(tok) in {"ORG", "GPE", "LOC", "PERSON", "FAC", "NORP"}


def _is_person(tok: Token) -> bool:
    """A person's name, as NER sees it ("I am SHOOK" and "Mint here" are not names)."""
    return _is_proper(tok) and entity_type(tok) == "PERSON"


@dataclass(frozen=True)
class _Role:
    head: Token
    start: int  # token index where the role words begin (qualifiers included)
    concepts: tuple[str, ...]
    value: str
    credential: bool
    stakes: str
    speaks_for: bool


class ClaimExtractor:
    """Turns a parsed Doc into claims. Stateless apart from its (immutable) vocabularies."""

    def __init__(self, lexicon: Lexicon | None = None, vocab: Vocab | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.vocab = vocab or default_vocab()

    # --- public -----------------------------------------------------------------------------

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

    # --- helpers ----------------------------------------------------------------------------

    def _first_person(self, tok: Token | None) -> bool:
        return tok is not None and tok.lower_ in {"i", "me", "myself"}

    def _subject(self, verb: Token) -> Token | None:
        """The subject of ``verb``, inherited through conjunctions ("I ... and just turned 30")."""
        seen = 0
        while seen < 4:
            for child in verb.children:
                if child.dep_ in _SUBJ:
                    return child
            if verb.dep_ in ("conj", "xcomp", "acomp") and verb.head.i != verb.i:
                verb = verb.head
                seen += 1
                continue
            return None
        return None

    def _hypothetical(self, verb: Token) -> bool:
        """Not a statement about the author as they are: a modal ("I could live there"), a
        condition ("if I were a doctor"), a wish or plan ("I want to be a doctor", "I wish I
        was a lawyer") or a question ("Am I a nurse?")."""
        for _ in range(4):
            if any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ not in ("can", "ca") for c in verb.children):
                return True  # "I could be", "I'd work", "I will be" -- but "I can tell you" is a statement
            if any(c.dep_ == "mark" and c.lower_ in self.vocab.irrealis_marks for c in verb.children):
                return True
            subj = next((c for c in verb.children if c.dep_ in _SUBJ), None)
            if subj is not None and subj.lower_ == "i" and verb.lower_ == "were":
                return True
            if subj is not None and subj.i > verb.i and verb.sent.text.rstrip().endswith("?"):
                return True
            if verb.dep_ not in ("xcomp", "ccomp", "conj") or verb.head.i == verb.i:
                return False
            if verb.dep_ != "conj" and verb.head.lemma_.lower() in self.vocab.irrealis_verbs:
                return True
            verb = verb.head
        return False

    def _negated(self, tok: Token) -> bool:
        return any(c.dep_ == "neg" or c.lower_ in {"no", "never"} for c in tok.children)

    def _role(self, noun: Token) -> _Role | None:
        """If ``noun`` heads a role phrase in the synonym table, the role it names."""
        if noun.pos_ not in ("NOUN", "PROPN"):
            return None
        left = [t for t in noun.lefts if t.dep_ in ("compound", "amod", "nmod")]
        begin = min([noun.i, *(t.left_edge.i for t in left)])
        tokens = [t for t in noun.doc[begin:noun.i + 1] if not t.is_punct]
        if any(t.lower_ in self.vocab.not_a_claim for t in tokens):
            return None
        if any(t.tag_ in ("JJS", "RBS") for t in tokens):
            return None  # "the fastest latte artist", "the best mum": a brag, not a job title
        words = tuple(w for t in tokens for w in normalize_words(t.text))
        if any(words[-len(f):] == f for f in self.vocab.false_roles if len(f) <= len(words)):
            return None
        role_tokens = [t for t in tokens if not (t.like_num or t.lower_ in ("old", "year") or self._is_age_part(t))]
        forms = [_forms(t) for t in role_tokens]
        hits = [h for h in self.lexicon.find(forms) if h.end == len(role_tokens)]
        if not hits:
            return None
        hit = hits[-1]
        term_start = role_tokens[hit.start].i
        qualifiers = [t for t in role_tokens[:hit.start] if t.lower_ in _CREDENTIAL_QUALIFIERS or (t.pos_ == "ADJ" and not _is_proper(t))]
        start = qualifiers[0].i if qualifiers else term_start
        concept = self.lexicon.concepts[hit.concept]
        value_tokens = [t for t in role_tokens if t.i >= start and not (t.is_punct and t.text != "-")]
        value = "".join(t.text + t.whitespace_ for t in value_tokens).strip()
        credential = concept.credential or any(t.lower_ in _CREDENTIAL_QUALIFIERS for t in qualifiers)
        return _Role(noun, start, (hit.concept,), value, credential, concept.stakes, concept.speaks_for)

    def _is_age_part(self, tok: Token) -> bool:
        return self._age_value(tok) is not None or (tok.lower_ in _AGE_NOUNS and any(c.like_num for c in tok.children))

    def _age_value(self, tok: Token) -> int | None:
        """The age in "22 years old" / "22-year-old" when ``tok`` is its "old"."""
        if tok.lower_ != "old":
            return None
        for child in tok.children:
            if child.lower_ in _AGE_NOUNS:
                for num in child.children:
                    age = self._number(num)
                    if age is not None:
                        return age
        return None

    def _number(self, tok: Token) -> int | None:
        if not tok.like_num:
            return None
        try:
            value = int(tok.text.replace(",", ""))
        except ValueError:
            return None
        low, high = self.vocab.age_range
        return value if low <= value <= high else None

    def _proper_span(self, tok: Token) -> Span:
        """The proper-name span headed by ``tok`` ("the Red Cross" -> "Red Cross")."""
        parts = [t for t in tok.subtree if t.dep_ in ("compound", "flat") or t.i == tok.i]
        parts = [t for t in parts if t.i <= tok.i and t.i >= tok.left_edge.i]
        start = min(t.i for t in parts)
        while start < tok.i and (tok.doc[start].dep_ == "det" or not tok.doc[start].text[:1].isalnum()):
            start += 1  # "the Red Cross" -> "Red Cross"; "🤑 Mint" -> "Mint"
        return tok.doc[start:tok.i + 1]

    def _claim(self, kind: str, value: str, first: Token, last: Token, stakes: str = "none", form: str = "") -> Claim:
        span = first.doc[first.i:last.i + 1]
        return Claim(kind=kind, value=value, start=span.start_char, end=span.end_char, text=span.text, stakes=stakes, form=form)  # type: ignore[arg-type]

    def _role_claims(self, role: _Role, first: Token, form: str) -> Iterator[Claim]:
        """The role claim plus what hangs off the role noun: its organisation, place and age."""
        noun = role.head
        doc = noun.doc
        last = noun
        extras: list[Claim] = []
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in _ORG_PREPS | _PLACE_PREPS:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is None or not _is_proper(pobj):
                    continue
                name = self._proper_span(pobj)
                if child.lower_ in _PLACE_PREPS and (child.lower_ == "from" or entity_type(pobj) in {"GPE", "LOC"}):
                    extras.append(self._claim("location", name.text, first, pobj, form=form))
                else:
                    kind = "speaks_for" if role.speaks_for else "organization"
                    extras.append(self._claim(kind, name.text, first, pobj, "official" if role.speaks_for else "none", form))
                last = max(last, pobj.right_edge, key=lambda t: t.i)
        for child in noun.lefts:
            if child.dep_ in ("compound", "poss") and _is_proper(child) and child.i < role.start and child.lower_ not in _UNITS:
                name = self._proper_span(child)
                kind = "speaks_for" if role.speaks_for else "organization"
                extras.append(self._claim(kind, name.text, first, noun, "official" if role.speaks_for else "none", form))
            if child.dep_ == "amod":
                age = self._age_value(child)
                if age is not None:
                    extras.append(self._claim("age", str(age), first, noun, form=form))
        kind = "credential" if role.credential else "role"
        yield Claim(
            kind=kind, value=role.value, start=first.idx, end=doc[last.i:last.i + 1].end_char,
            text=doc_text(doc)[first.idx:doc[last.i:last.i + 1].end_char], stakes=role.stakes, form=form,  # type: ignore[arg-type]
        )
        yield from extras

    # --- constructions ----------------------------------------------------------------------

    def _sentence(self, sent: Span) -> Iterator[Claim]:
        for tok in sent:
            dep = tok.dep_
            if dep in ("attr", "acomp", "oprd") or (tok.lower_ == "from" and dep == "prep"):
                yield from self._copula(tok)
            if tok.lower_ == "as" and dep == "prep":
                yield from self._as_phrase(tok)
            if dep == "appos":
                yield from self._apposition(tok)
            if tok.lower_ in _AGE_NOUNS or tok.lemma_ in ("decade",):
                yield from self._experience(tok)
            if tok.lower_ == "behalf" or (tok.lower_ in self.vocab.account_words and tok.pos_ == "NOUN"):
                yield from self._speaks_for(tok)
            if tok.pos_ in ("VERB", "AUX") or (tok.tag_ == "VBN"):
                yield from self._verb_claims(tok)
            if tok.lower_ == "at" and dep == "prep" and tok.head.lower_ in ("we", "us", "here"):
                yield from self._we_at(tok)
            if tok.lower_ == "here" and dep == "advmod" and tok.head.pos_ in ("PROPN", "NOUN"):
                yield from self._name_here(tok)
            if tok.lower_ == "at" and dep == "prep" and self._sentence_initial(tok):
                yield from self._at_age(tok)

    def _copula(self, tok: Token) -> Iterator[Claim]:
        verb = tok.head
        if verb.lemma_ not in ("be", "become") or self._negated(verb) or self._hypothetical(verb):
            return
        subj = self._subject(verb)
        if subj is not None and subj.lower_ == "name" and any(c.lower_ == "my" for c in subj.children):
            if _is_proper(tok):
                name = self._proper_span(tok)
                yield self._identity(name, subj.left_edge, tok)
            return
        if not self._first_person(subj):
            return
        assert subj is not None
        if tok.lower_ == "from":
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None and _is_proper(pobj):
                yield self._claim("location", self._proper_span(pobj).text, subj, pobj, form="copula")
            return
        if self._negated(tok):
            return
        age = self._number(tok) if tok.dep_ == "attr" and tok.pos_ == "NUM" else self._age_value(tok)
        if age is not None and verb.tag_ in ("VBP", "VBZ"):  # "I'm 22", not "when I was 17"
            yield self._claim("age", str(age), subj, tok, form="copula")
            return
        role = self._role(tok)
        if role is not None:
            yield from self._role_claims(role, subj, "copula")
            return
        if tok.dep_ == "attr" and not any(c.dep_ == "det" for c in tok.children):
            name = self._proper_span(tok)
            if _is_person(tok) or self.vocab.is_celebrity(name.text):
                yield self._identity(name, subj, tok)

    def _identity(self, name: Span, first: Token, last: Token) -> Claim:
        stakes = "celebrity" if self.vocab.is_celebrity(name.text) else "none"
        return self._claim("identity", name.text, first, last, stakes, "identity")

    def _as_phrase(self, prep: Token) -> Iterator[Claim]:
        if prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such":
            return
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return
        role = self._role(pobj)
        if role is None:
            return
        head = prep.head
        if head.pos_ in ("NOUN", "PROPN"):
            # "a career as a developer", "20 years as a nurse": judge by the clause it sits in
            if head.pos_ == "PROPN" or any(c.dep_ == "poss" and c.lower_ not in ("my", "our") for c in head.children):
                return  # "Obama, as author, ...", "his career as a lawyer"
            verb = head
            for _ in range(len(head.sent)):  # bounded: the parse is a tree, but never trust a loop
                if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                    break
                verb = verb.head
            if verb.pos_ in ("VERB", "AUX"):
                if self._hypothetical(verb) or verb.sent.text.rstrip().endswith("?"):
                    return
                vsubj = self._subject(verb)
                if vsubj is not None and not self._first_person(vsubj) and vsubj.lower_ not in ("it", "this"):
                    if head.dep_ != "nsubj":  # "my 20 years as a nurse taught me" keeps its claim
                        return
        if head.pos_ in ("VERB", "AUX") and self._hypothetical(head):
            return
        subj = self._subject(head) if head.pos_ in ("VERB", "AUX") else None
        if head.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("dobj", "dative") and c.i < prep.i and c.pos_ in ("PRON", "PROPN") and not self._first_person(c)
            for c in head.children
        ):
            return  # "I hired her as a consultant" describes her
        if subj is not None and not self._first_person(subj):
            if subj.lower_ in _THIRD_PERSON or _is_proper(subj) or subj.lower_ in self.vocab.first_person_plural - {"we"}:
                return
            if not self._sentence_initial(prep):
                return  # "the app works as a doctor would" etc.
        first = prep
        if head.tag_ == "VBG" and head.i < prep.i and head.dep_ == "advcl" and subj is None:
            first = head  # "Speaking as a 22-year-old model, ..."
        yield from self._role_claims(role, first, "as")

    def _sentence_initial(self, tok: Token) -> bool:
        sent = tok.sent
        lead = [t for t in sent if t.i < tok.i and not (t.is_punct or t.is_space)]
        return not lead or (len(lead) == 1 and lead[0].tag_ == "VBG")

    def _apposition(self, tok: Token) -> Iterator[Claim]:
        head = tok.head
        anchor = head
        if not self._first_person(head):
            # "I'm Jane, a registered nurse": the apposition renames the author's own name.
            verb = head.head
            if not (head.dep_ == "attr" and verb.lemma_ == "be" and self._first_person(self._subject(verb))):
                return
            anchor = head
        role = self._role(tok)
        if role is not None:
            yield from self._role_claims(role, anchor, "appos")

    def _experience(self, noun: Token) -> Iterator[Claim]:
        """"my 30 years on Wall Street" / "my 20 years as a nurse" / "my 10 years at Google"."""
        if not any(c.dep_ == "poss" and c.lower_ == "my" for c in noun.children):
            return
        if not any(c.like_num or c.lower_ in ("many", "several") for c in noun.children):
            return
        first = next(c for c in noun.children if c.dep_ == "poss")
        for prep in noun.children:
            if prep.dep_ != "prep":
                continue
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            role = self._role(pobj)
            if role is not None:
                for claim in self._role_claims(role, first, "experience"):
                    if claim.kind in ("role", "credential"):
                        end = max(claim.end, pobj.right_edge.idx + len(pobj.right_edge.text))
                        claim = claim.replace(end=end, text=doc_text(noun.doc)[claim.start:end])
                    yield claim
            elif _is_proper(pobj) and prep.lower_ in _ORG_PREPS | {"in"}:
                name = self._proper_span(pobj)
                kind = "location" if entity_type(pobj) in {"GPE", "LOC"} else "organization"
                yield self._claim(kind, name.text, first, pobj, form="experience")

    def _speaks_for(self, tok: Token) -> Iterator[Claim]:
        if tok.lower_ == "behalf":
            on = tok.head
            if on.lower_ != "on":
                return
            of = next((c for c in tok.children if c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if pobj is None or not _is_proper(pobj):
                return  # "on behalf of our team": nothing checkable
            first = on
            verb = on.head
            if verb.tag_ == "VBG" and verb.i < on.i and verb.dep_ in ("advcl", "ROOT", "csubj"):
                first = verb  # "Posting on behalf of ..."
            yield self._claim("speaks_for", self._proper_span(pobj).text, first, pobj, "official", "behalf")
            return
        # "the official account of Acme", "the official Acme account"
        if not any(c.lower_ in self.vocab.official_words for c in tok.lefts):
            return
        first = next((c for c in tok.lefts if c.dep_ == "det"), None) or next(c for c in tok.lefts if c.lower_ in self.vocab.official_words)
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "for")), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None and _is_proper(pobj):
            yield self._claim("speaks_for", self._proper_span(pobj).text, first, pobj, "official", "official-account")
            return
        # "✅ Verified account": the official word itself is not whom the account speaks for.
        names = [c for c in tok.lefts if c.dep_ in ("compound", "poss") and _is_proper(c)
                 and c.lower_ not in self.vocab.official_words and c.lower_ != "verified"]
        if names:
            yield self._claim("speaks_for", self._proper_span(names[-1]).text, first, tok, "official", "official-account")

    def _verb_claims(self, verb: Token) -> Iterator[Claim]:
        """Affiliation, place and age verbs: "I work at Google", "I live in Boston", "I turned 30"."""
        lemma = verb.lemma_.lower()
        org_preps = self.vocab.org_verbs.get(lemma)
        place_preps = self.vocab.location_verbs.get(lemma)
        if org_preps is None and place_preps is None and lemma not in ("turn", "represent", "speak"):
            return
        if self._negated(verb) or self._hypothetical(verb):
            return
        if lemma in ("move", "relocate") and verb.tag_ not in ("VBD", "VBN"):
            return  # "I want to move to Chicago" is a wish, "I moved to Leeds" a claim
        subj = self._subject(verb)
        dangling = subj is None and verb.tag_ in ("VBN", "VBG") and verb.dep_ in ("advcl", "ROOT", "amod", "acomp", "conj")
        if not (self._first_person(subj) or dangling):
            return
        first = subj if subj is not None and subj.i < verb.i else verb
        if lemma == "turn":
            for child in verb.children:
                age = self._number(child) if child.dep_ in ("oprd", "attr", "dobj", "npadvmod") else None
                if age is not None:
                    yield self._claim("age", str(age), first, child, form="verb")
            return
        if lemma == "speak":
            for prep in verb.children:
                if prep.dep_ == "prep" and prep.lower_ == "for":
                    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if pobj is not None and _is_proper(pobj):
                        yield self._claim("speaks_for", self._proper_span(pobj).text, first, pobj, "official", "verb")
            return
        for child in verb.children:
            if child.dep_ == "dobj" and _is_proper(child) and entity_type(child) != "NORP":
                if lemma == "represent":
                    yield self._claim("speaks_for", self._proper_span(child).text, first, child, "official", "verb")
                elif org_preps is not None and not org_preps:
                    yield self._claim("organization", self._proper_span(child).text, first, child, form="verb")
            if child.dep_ not in ("prep", "prt", "agent"):
                continue
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is None or not _is_proper(pobj):
                continue
            if org_preps and child.lower_ in org_preps:
                kind = "location" if child.lower_ == "in" and entity_type(pobj) in {"GPE", "LOC"} else "organization"
                yield self._claim(kind, self._proper_span(pobj).text, first, pobj, form="verb")
            elif place_preps and child.lower_ in place_preps:
                yield self._claim("location", self._proper_span(pobj).text, first, pobj, form="verb")

    def _we_at(self, prep: Token) -> Iterator[Claim]:
        """"We at Acme ..." / "here at Acme" (with the author in the sentence)."""
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None or not _is_proper(pobj):
            return
        if prep.head.lower_ == "here" and not any(t.lower_ in self.vocab.first_person | self.vocab.first_person_plural for t in prep.sent):
            return
        yield self._claim("organization", self._proper_span(pobj).text, prep.head, pobj, form="we-at")

    def _at_age(self, prep: Token) -> Iterator[Claim]:
        """"At 45, I finally learned to code." """
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        age = self._number(pobj) if pobj is not None and not list(pobj.children) else None
        if age is None or not self._first_person(self._subject(prep.head)):
            return
        yield self._claim("age", str(age), prep, pobj, form="at-age")  # type: ignore[arg-type]

    def _name_here(self, here: Token) -> Iterator[Claim]:
        """"Elon here." / "Acme's CEO here:" — a sign-on that claims a name or a role."""
        head = here.head
        lead = [t for t in here.sent if t.i < head.left_edge.i and not t.is_punct]
        if here.i != head.i + 1 or any(t.pos_ != "INTJ" for t in lead):
            return
        nxt = here.doc[here.i + 1] if here.i + 1 < len(here.doc) else None
        if nxt is not None and not (nxt.is_punct or (nxt.is_space and "\n" in nxt.text)):
            return  # "Elon here." / "Elon here:" / "Elon here" at a line end, not "Register here https://..."
        role = self._role(head)
        if role is not None:
            yield from self._role_claims(role, head.left_edge, "sign-on")
            return
        name = self._proper_span(head)
        if not (_is_person(head) or self.vocab.is_celebrity(name.text)):
            return
        role = self._role(here.head)
        if role is not None:
            yield from self._role_claims(role, name[0], "sign-on")
            return
        yield self._identity(name, name[0], here)


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
