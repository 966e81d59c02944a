"""Surface forms: the token texts a post must contain for a pattern value to match it, read
from the loaded model, and the forms a tokenized post has.

``LEMMA`` values are mapped to every surface form that the model's own lemmatizer could turn
into that lemma: its exception table, its suffix rules run backwards, and the attribute-ruler
patterns that set lemmas. A model whose lemmatizer is not rule-based gets no LEMMA prefilter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from authlint.gate.algebra import SENT_START, Requirement
from authlint.gate.specs import literals, text_requirement
from authlint.nlp.views import sentences, tokens

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_RulerLemmas = dict[str, "frozenset[str] | None"]


class SurfaceForms:
    """Maps pattern values to the surface forms a post must contain, using the loaded model."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._lemma_inverse, self._lemma_rules, self._lemmas_known = _lemmatizer_tables(nlp)
        self._ruler_lemmas = _ruler_lemmas(nlp)
        self._cache: dict[str, Requirement | None] = {}

    def tokens(self, phrase: str) -> list[str]:
        """Lower-cased tokens of ``phrase``, tokenized exactly like posts."""
        return [t.lower_ for t in self._nlp.make_doc(phrase) if not t.is_space]

    def lemma(self, lemma: str) -> Requirement | None:
        """Every lower-cased surface form the pipeline could give lemma ``lemma`` (None: unknown)."""
        key = lemma.lower()
        if key not in self._cache:
            self._cache[key] = self._lemma(key)
        return self._cache[key]

    def _lemma(self, lemma: str) -> Requirement | None:
        if not self._lemmas_known:
            return None
        ruler = self._ruler_lemmas.get(lemma, frozenset())
        if ruler is None:
            return None
        forms = {lemma, *self._lemma_inverse.get(lemma, ()), *ruler}
        for old, new in self._lemma_rules:
            if lemma.endswith(new):
                forms.add(lemma[: len(lemma) - len(new)] + old)
        return frozenset(forms)


def _lemmatizer_tables(nlp: Language) -> tuple[dict[str, set[str]], list[tuple[str, str]], bool]:
    """The rule lemmatizer's exceptions inverted (lemma -> surfaces), its suffix rules, and
    whether lemmas can be inverted at all (False for a lemmatizer that is not rule-based)."""
    inverse: dict[str, set[str]] = {}
    rules: set[tuple[str, str]] = set()
    if "lemmatizer" not in nlp.pipe_names:
        return inverse, [], True
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return inverse, [], False
    lookups = lemmatizer.lookups
    exc = lookups.get_table("lemma_exc", {})
    for table in exc.values():
        for surface, lemmas in table.items():
            for lem in lemmas:
                inverse.setdefault(lem.lower(), set()).add(surface.lower())
    for table in lookups.get_table("lemma_rules", {}).values():
        for old, new in table:
            rules.add((old.lower(), new.lower()))
    return inverse, sorted(rules), True


def _ruler_lemmas(nlp: Language) -> _RulerLemmas:
    """Lemma -> the texts the attribute ruler gives it; None when a ruler pattern names no text."""
    ruler_lemmas: _RulerLemmas = {}
    if "attribute_ruler" not in nlp.pipe_names:
        return ruler_lemmas
    for entry in nlp.get_pipe("attribute_ruler").patterns:
        value = entry.get("attrs", {}).get("LEMMA")
        if value is None:
            continue
        lem = str(value).lower()
        index = entry.get("index", 0)
        for pattern in entry.get("patterns", []):
            try:
                spec = pattern[index]
            except IndexError:
                spec = {}
            req = text_requirement(spec)
            if req is None or ruler_lemmas.get(lem, frozenset()) is None:
                ruler_lemmas[lem] = None
            else:
                ruler_lemmas[lem] = frozenset(ruler_lemmas.get(lem) or frozenset()) | req
    return ruler_lemmas


def lemma_surfaces(value: Any, forms: SurfaceForms) -> set[str] | None:
    """Every surface form of the lemma(s) a Matcher value names; None when any is unknown."""
    values = literals(value)
    if values is None:
        return None
    surfaces: set[str] = set()
    for v in values:
        req = forms.lemma(v)
        if req is None:
            return None
        surfaces |= req
    return surfaces


def spec_requirement(spec: Mapping[str, Any], forms: SurfaceForms) -> Requirement | None:
    """What a token matching ``spec`` must look like, or None if it could be any token.

    A spec with ``IS_SENT_START: true`` must match a sentence-initial token, whose forms carry
    the :data:`SENT_START` marker in :func:`doc_forms`.
    """
    req = _spec_requirement(spec, forms)
    if req is not None and any(str(k).upper() == "IS_SENT_START" and v is True for k, v in spec.items()):
        return frozenset(SENT_START + f for f in req)
    return req


def _spec_requirement(spec: Mapping[str, Any], forms: SurfaceForms) -> Requirement | None:
    found: list[Requirement] = []
    text = text_requirement(spec)
    if text is not None:
        found.append(text)
    for key, value in spec.items():
        if str(key).upper() == "LEMMA":
            surfaces = lemma_surfaces(value, forms)
            if surfaces is not None:
                found.append(frozenset(surfaces))
    return min(found, key=len) if found else None


def sentence_forms(doc: Doc) -> list[frozenset[str]]:
    """:func:`doc_forms` of each sentence, for prefilters whose words must share a sentence."""
    return [frozenset({t.lower for t in s} | {SENT_START + s[0].lower}) for s in sentences(doc) if s]


def doc_forms(doc: Doc) -> frozenset[str]:
    """The lower-cased token texts of ``doc`` (what prefilters test); sentence-initial ones
    also with the :data:`SENT_START` marker."""
    table = tokens(doc)
    forms = {t.lower for t in table}
    forms.update(SENT_START + t.lower for t in table if t.sent_start)
    return frozenset(forms)
