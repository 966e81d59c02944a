"""The role/credential synonym table and the claim vocabulary, loaded from data files.

Everything here is plain Python over word lists (no spaCy), so the consistency check and
the lexical prefilter work without a loaded pipeline. Matching is whole-word, longest term
first, on lower-case text or a token's lemma, with a naive plural fallback for profile text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import regex as re_

from authlint.support.data import data_path
from authlint.support.wordlists import WordListError, load_word_data

STAKES = ("medical", "legal", "financial", "official", "celebrity")
_WORD = re_.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")


def normalize_words(text: str) -> tuple[str, ...]:
    """Lower-case words with dots dropped and hyphens split: 'M.D.' -> ('md',), 'co-founder' -> ('co', 'founder')."""
    return tuple(w.replace("’", "'") for w in _WORD.findall(text.lower().replace(".", "")))


def singular(word: str) -> str:
    """A naive singular for profile text ('nurses' -> 'nurse'); claims use spaCy lemmas instead."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Concept:
    """One role or credential and what it implies."""

    id: str
    terms: tuple[tuple[str, ...], ...]
    broader: tuple[str, ...] = ()
    stakes: str = "none"
    credential: bool = False
    speaks_for: bool = False


@dataclass(frozen=True)
class TermHit:
    """A term found in a word sequence: words ``[start, end)`` name ``concept``."""

    start: int
    end: int
    concept: str


@dataclass(frozen=True)
class Lexicon:
    concepts: dict[str, Concept]
    places: dict[str, frozenset[tuple[str, ...]]]
    _index: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Lexicon:
        concepts: dict[str, Concept] = {}
        for cid, spec in (data.get("roles") or {}).items():
            terms = tuple(normalize_words(str(t)) for t in spec.get("terms") or [cid])
            concepts[str(cid)] = Concept(
                id=str(cid), terms=tuple(t for t in terms if t), broader=tuple(spec.get("broader") or ()),
                stakes=str(spec.get("stakes") or "none"), credential=bool(spec.get("credential")),
                speaks_for=bool(spec.get("speaks_for")),
            )
        for concept in concepts.values():
            unknown = [b for b in concept.broader if b not in concepts]
            if unknown:
                raise ValueError(f"synonyms: {concept.id}: broader concept(s) {unknown} are not defined")
        index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for concept in concepts.values():
            for term in concept.terms:
                index.setdefault(term[0], []).append((term, concept.id))
        for entries in index.values():
            entries.sort(key=lambda e: -len(e[0]))
        places = {
            str(k): frozenset(normalize_words(str(v)) for v in values)
            for k, values in (data.get("places") or {}).items()
        }
        return cls(concepts, places, index)

    def find(self, words: Sequence[Iterable[str]]) -> list[TermHit]:
        """Terms in ``words`` (each position: the forms it may take), longest first, no overlaps."""
        forms = [frozenset(f) for f in words]
        hits: list[TermHit] = []
        i = 0
        while i < len(forms):
            best: TermHit | None = None
            for first in forms[i]:
                for term, cid in self._index.get(first, ()):
                    n = len(term)
                    if (best is None or n > best.end - best.start) and i + n <= len(forms) and all(
                        term[k] in forms[i + k] for k in range(n)
                    ):
                        best = TermHit(i, i + n, cid)
                        break
            if best is not None:
                hits.append(best)
                i = best.end
            else:
                i += 1
        return hits

    def phrase_forms(self, text: str) -> list[frozenset[str]]:
        return [frozenset({w, singular(w)}) for w in normalize_words(text)]

    def head_concepts(self, text: str) -> frozenset[str]:
        """What a role phrase names: the concept covering its last word ('licensed physician' -> physician).

        A phrase with no known term names itself ('word:beekeeper'), so unknown roles can
        still be supported by a profile that lists the same word.
        """
        forms = self.phrase_forms(text)
        if not forms:
            return frozenset()
        hits = self.find(forms)
        last = [h.concept for h in hits if h.end == len(forms)]
        if last:
            return frozenset(last)
        if hits:
            return frozenset(h.concept for h in hits)
        return frozenset({"word:" + singular(normalize_words(text)[-1])})

    def closure(self, concepts: Iterable[str]) -> frozenset[str]:
        """Concepts with everything they imply (a surgeon is a physician)."""
        out: set[str] = set()
        todo = list(concepts)
        while todo:
            cid = todo.pop()
            if cid in out:
                continue
            out.add(cid)
            concept = self.concepts.get(cid)
            if concept is not None:
                todo.extend(concept.broader)
        return frozenset(out)

    def all_concepts(self, text: str) -> frozenset[str]:
        """Every concept a profile entry names, with broader ones."""
        forms = self.phrase_forms(text)
        direct = {h.concept for h in self.find(forms)} | set(self.head_concepts(text))
        return self.closure(direct)

    def surface_words(self, stakes: Iterable[str] | None = None, speaks_for: bool = False) -> frozenset[str]:
        """Entries (words, with plurals of the head) a post must contain for a role term of these stakes.

        For token-set prefilters, where a multi-word entry needs all its words: a term matches
        only if all its words are tokens of the post.
        ``speaks_for`` selects the roles that speak for an organisation instead.
        """
        wanted = None if stakes is None else frozenset(stakes)
        words: set[str] = set()
        for concept in self.concepts.values():
            if speaks_for and not concept.speaks_for:
                continue
            if not speaks_for and wanted is not None and concept.stakes not in wanted:
                continue
            for term in concept.terms:
                # every word of a term must be there ("fund manager" needs "fund" too), and the
                # head may be inflected ("fund managers")
                prefix = " ".join(term[:-1])
                words |= {f"{prefix} {form}".strip() for form in {term[-1], *_plurals(term[-1])}}
        return frozenset(words)

    def place_keys(self, text: str) -> frozenset[str]:
        """Canonical places named in ``text`` ('NYC' and 'New York City' share 'new york')."""
        words = normalize_words(text)
        keys = {k for k, names in self.places.items() for n in names if _contains(words, n)}
        return frozenset(keys)


def _plurals(word: str) -> set[str]:
    """Surface forms whose lemma may be ``word`` (nurses, attorneys, spokesmen, m.d.)."""
    forms = {word + "es" if word.endswith(("s", "x", "z", "ch", "sh")) else word + "s"}
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        forms.add(word[:-1] + "ies")
    if word.endswith("man"):
        forms.add(word[:-3] + "men")
    if word.isalpha() and len(word) <= 3:
        forms.add(".".join(word) + ".")  # "md" is written "m.d."
    return forms


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return n > 0 and any(words[i:i + n] == part for i in range(len(words) - n + 1))


@dataclass(frozen=True)
class Vocab:
    """Grammar words around claims (``data/claims.yaml``)."""

    first_person: frozenset[str]
    first_person_plural: frozenset[str]
    not_a_claim: frozenset[str]
    false_roles: frozenset[tuple[str, ...]]
    as_verbs: frozenset[str]
    irrealis_verbs: frozenset[str]
    irrealis_marks: frozenset[str]
    org_verbs: dict[str, frozenset[str]]
    location_verbs: dict[str, frozenset[str]]
    speaks_for_phrases: tuple[tuple[str, ...], ...]
    official_words: frozenset[str]
    account_words: frozenset[str]
    advice_lemmas: frozenset[str]
    advice_phrases: tuple[str, ...]
    celebrities: frozenset[tuple[str, ...]]
    age_range: tuple[int, int]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Vocab:
        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data.get(key) or ())

        def verb_map(key: str) -> dict[str, frozenset[str]]:
            return {str(k): frozenset(v or ()) for k, v in (data.get(key) or {}).items()}

        low, high = data.get("age_range") or (13, 110)
        return cls(
            first_person=words("first_person"), first_person_plural=words("first_person_plural"),
            not_a_claim=words("not_a_claim"),
            false_roles=frozenset(normalize_words(str(p)) for p in data.get("false_roles") or ()),
            as_verbs=words("as_verbs"), irrealis_verbs=words("irrealis_verbs"), irrealis_marks=words("irrealis_marks"),
            org_verbs=verb_map("org_verbs"), location_verbs=verb_map("location_verbs"),
            speaks_for_phrases=tuple(normalize_words(str(p)) for p in data.get("speaks_for_phrases") or ()),
            official_words=words("official_words"), account_words=words("account_words"),
            advice_lemmas=words("advice_lemmas"), advice_phrases=tuple(str(p).lower() for p in data.get("advice_phrases") or ()),
            celebrities=frozenset(normalize_words(str(p)) for p in data.get("celebrities") or ()),
            age_range=(int(low), int(high)),
        )

    def is_celebrity(self, name: str) -> bool:
        return normalize_words(name) in self.celebrities


def _read_data(name: str) -> dict[str, Any]:
    data = load_word_data(data_path(name), numeric={"age_range"})
    if not isinstance(data, dict):
        raise WordListError(f"authlint/data/{name}: expected a mapping")
    return data


@cache
def default_lexicon() -> Lexicon:
    """The shipped synonym table (read once; immutable)."""
    return Lexicon.from_data(_read_data("synonyms.yaml"))


@cache
def default_vocab() -> Vocab:
    """The shipped claim vocabulary (read once; immutable)."""
    return Vocab.from_data(_read_data("claims.yaml"))
