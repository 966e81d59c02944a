"""Cheap lexical prefilters: could a rule match this post at all, before any tagging or parsing?

The tagger, parser and entity recognizer cost ~50x more than tokenizing. Most rules that need
them also name literal words (``LOWER``/``ORTH``/``LEMMA`` values in their patterns), so a post
that contains none of those words cannot match and need not be analysed. Prefilters are
*derived* from the patterns, never hand-maintained, and are sound by construction: each one
is a necessary condition for a match. A detector authlint cannot reason about gets no
prefilter (``None``), which means "always analyse" -- correctness never depends on this module.

A prefilter is a disjunction of clauses; a clause is a conjunction of requirements; a
requirement is a set of lower-cased token texts of which the post must contain at least one.

``LEMMA`` values are mapped to every surface form that the model's own lemmatizer could turn
into that lemma: its exception table, its suffix rules run backwards, and the attribute-ruler
patterns that set lemmas. A model whose lemmatizer is not rule-based gets no LEMMA prefilter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from authlint.nlp.views import sentences, tokens

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from authlint.detectors.base import BindContext
    from authlint.ruleset.schema import Rule

Requirement = frozenset[str]
Clause = tuple[Requirement, ...]
#: What to run on one post: rule code -> indices of the detectors that could match (None: all).
#: A rule missing from the plan cannot match the post.
Plan = dict[str, "tuple[int, ...] | None"]

# Matcher attributes whose literal values name the token's text (case folded below).
_TEXT_ATTRS = frozenset({"ORTH", "TEXT", "LOWER"})
#: Marks the form of a sentence-initial token ("\x00buy"); never part of real text forms.
SENT_START = "\x00"
_REPEAT = re.compile(r"^\{(\d*)(?:,(\d*))?\}$")


@dataclass(frozen=True)
class Prefilter:
    """A necessary condition for a detector or rule to match a post."""

    clauses: tuple[Clause, ...]
    # Requirements every clause shares (e.g. a claim's first-person cue) are tested once; then
    # one set test covers every clause left with one requirement (most of them: single words).
    # Clauses of several requirements are indexed by the words of their smallest one: only
    # clauses one of whose words the post has are tested.
    _common: Clause = field(init=False, repr=False, compare=False)
    _single: frozenset[str] = field(init=False, repr=False, compare=False)
    _multi: dict[str, tuple[Clause, ...]] = field(init=False, repr=False, compare=False)
    _multi_words: frozenset[str] = field(init=False, repr=False, compare=False)
    _always: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        common = set(self.clauses[0]).intersection(*self.clauses[1:]) if self.clauses else set()
        rest = [tuple(r for r in c if r not in common) for c in self.clauses]
        multi: dict[str, list[Clause]] = {}
        for clause in rest:
            if len(clause) > 1:
                for word in min(clause, key=len):
                    multi.setdefault(word, []).append(clause)
        object.__setattr__(self, "_common", tuple(common))
        object.__setattr__(self, "_single", frozenset().union(*(c[0] for c in rest if len(c) == 1)))
        object.__setattr__(self, "_multi", {w: tuple(cs) for w, cs in multi.items()})
        object.__setattr__(self, "_multi_words", frozenset(multi))
        # A clause that is only the common part decides alone.
        object.__setattr__(self, "_always", any(not c for c in rest))

    def admits(self, forms: frozenset[str] | set[str]) -> bool:
        """True if a post whose lower-cased token texts are ``forms`` could match."""
        if not all(not req.isdisjoint(forms) for req in self._common):
            return False
        if self._always or not self._single.isdisjoint(forms):
            return True
        multi = self._multi
        for word in self._multi_words.intersection(forms):
            if any(all(not req.isdisjoint(forms) for req in clause) for clause in multi[word]):
                return True
        return False

    def requiring(self, words: Iterable[str]) -> Prefilter:
        """This prefilter, and one of ``words`` as well."""
        also = frozenset(w.lower() for w in words)
        return Prefilter(tuple((*clause, also) for clause in self.clauses))

    def words(self) -> frozenset[str]:
        """Every word the prefilter mentions (for reporting and tests)."""
        return frozenset(w for clause in self.clauses for req in clause for w in req)


def union(prefilters: Iterable[Prefilter | None]) -> Prefilter | None:
    """A match of any of several detectors: OR of their clauses; one unknown makes it unknown."""
    clauses: list[Clause] = []
    for p in prefilters:
        if p is None:
            return None
        clauses.extend(p.clauses)
    return Prefilter(tuple(clauses))


def from_words(entries: Sequence[str]) -> Prefilter:
    """An explicit ``prefilter:`` list: any entry present; a multi-word entry needs all its words."""
    clauses = []
    for entry in entries:
        words = entry.lower().split()
        clauses.append(tuple(frozenset({w}) for w in words))
    return Prefilter(tuple(clauses))


class SurfaceForms:
    """Maps pattern values to the surface forms a post must contain, using the loaded model."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._lemma_inverse, self._lemma_rules, self._ruler_lemmas, self._lemmas_known = _lemma_tables(nlp)
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


def _lemma_tables(nlp: Language) -> tuple[dict[str, set[str]], list[tuple[str, str]], dict[str, frozenset[str] | None], bool]:
    """Invert the rule lemmatizer's tables and the attribute ruler's LEMMA patterns."""
    inverse: dict[str, set[str]] = {}
    rules: set[tuple[str, str]] = set()
    known = True
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", None) != "rule":
            known = False
        else:
            lookups = lemmatizer.lookups
            exc = lookups.get_table("lemma_exc", {})
            for table in exc.values():
                for surface, lemmas in table.items():
                    for lem in lemmas:
                        inverse.setdefault(lem.lower(), set()).add(surface.lower())
            for table in lookups.get_table("lemma_rules", {}).values():
                for old, new in table:
                    rules.add((old.lower(), new.lower()))
    ruler_lemmas: dict[str, frozenset[str] | None] = {}
    if "attribute_ruler" in nlp.pipe_names:
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
                req = _text_requirement(spec)
                if req is None or ruler_lemmas.get(lem, frozenset()) is None:
                    ruler_lemmas[lem] = None
                else:
                    ruler_lemmas[lem] = frozenset(ruler_lemmas.get(lem) or frozenset()) | req
    return inverse, sorted(rules), ruler_lemmas, known


def _literals(value: Any) -> list[str] | None:
    """The literal strings a Matcher value can equal: ``"buy"`` or ``{IN: [...]}``; else None."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping) and isinstance(value.get("IN"), list):
        items = value["IN"]
        if all(isinstance(v, str) for v in items):
            return list(items)
    return None


def _text_requirement(spec: Mapping[str, Any]) -> Requirement | None:
    found: list[Requirement] = []
    for key, value in spec.items():
        if str(key).upper() in _TEXT_ATTRS:
            values = _literals(value)
            if values is not None:
                found.append(frozenset(v.lower() for v in values))
    return min(found, key=len) if found else None


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
    text = _text_requirement(spec)
    if text is not None:
        found.append(text)
    for key, value in spec.items():
        if str(key).upper() == "LEMMA":
            surfaces = _lemma_surfaces(value, forms)
            if surfaces is not None:
                found.append(frozenset(surfaces))
    return min(found, key=len) if found else None


def _required(spec: Mapping[str, Any]) -> bool:
    """Whether a token spec must match at least one token (its ``OP`` allows no zero count)."""
    op = spec.get("OP")
    if op is None or op in ("+", "1"):
        return True
    if op in ("!", "?", "*"):
        return False
    m = _REPEAT.match(str(op))
    if m is None:
        return False
    low = m.group(1)
    return bool(low) and int(low) >= 1


def _clause(requirements: Iterable[Requirement | None]) -> Clause | None:
    reqs = tuple(r for r in requirements if r is not None)
    return reqs or None


def token_patterns(patterns: Sequence[Sequence[Mapping[str, Any]]], forms: SurfaceForms) -> Prefilter | None:
    clauses = []
    for pattern in patterns:
        clause = _clause(spec_requirement(s, forms) for s in pattern if _required(s))
        if clause is None:
            return None
        clauses.append(clause)
    return Prefilter(tuple(clauses))


#: Token attributes that the tokenizer alone decides (lexeme flags and the text itself), plus
#: the sentence starts authlint sets before any statistical component runs (authlint.nlp.sentences).
_LEXICAL_ATTRS = frozenset({
    "ORTH", "TEXT", "LOWER", "LENGTH", "SHAPE", "PREFIX", "SUFFIX", "IS_SENT_START",
    "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE",
    "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY",
    "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
})


def lexical_patterns(
    patterns: Sequence[Sequence[Mapping[str, Any]]], forms: SurfaceForms,
) -> list[list[dict[str, Any]]] | None:
    """The patterns relaxed to what a tokenized post can be tested for: a sequence test that is
    far stricter than a bag of words ("thanks ... to" in that order, not anywhere).

    Each token spec keeps its lexical attributes, and a ``LEMMA`` becomes ``LOWER`` in the
    lemma's surface forms; other attributes (``POS``, ``DEP``, extensions...) are dropped. A
    dropped condition only widens what the spec accepts, so wherever the original pattern
    matches the analysed post the relaxed one matches the tokenized post. A negated spec
    (``OP: "!"``) with a dropped condition would narrow instead: it becomes "any one token".
    None when nothing is left to test (every spec relaxed to "any token").
    """
    relaxed: list[list[dict[str, Any]]] = []
    for pattern in patterns:
        specs = [_lexical_spec(spec, forms) for spec in pattern]
        relaxed.append(specs)
    if all(all(set(spec) <= {"OP"} for spec in pattern) for pattern in relaxed):
        return None
    return relaxed


def _lexical_spec(spec: Mapping[str, Any], forms: SurfaceForms) -> dict[str, Any]:
    kept = {k: v for k, v in spec.items() if str(k).upper() in _LEXICAL_ATTRS}
    dropped = [k for k in spec if str(k).upper() not in _LEXICAL_ATTRS and str(k).upper() != "OP"]
    lemma = next((v for k, v in spec.items() if str(k).upper() == "LEMMA"), None)
    if lemma is not None and not _text_requirement(kept):
        surfaces = _lemma_surfaces(lemma, forms)
        if surfaces is not None:
            kept["LOWER"] = {"IN": sorted(surfaces)}
    op = spec.get("OP")
    if op == "!" and dropped:
        return {}
    if op is not None:
        kept["OP"] = op
    return kept


def _lemma_surfaces(value: Any, forms: SurfaceForms) -> set[str] | None:
    values = _literals(value)
    if values is None:
        return None
    surfaces: set[str] = set()
    for v in values:
        req = forms.lemma(v)
        if req is None:
            return None
        surfaces |= req
    return surfaces


def dependency_patterns(patterns: Sequence[Sequence[Mapping[str, Any]]], forms: SurfaceForms) -> Prefilter | None:
    clauses = []
    for pattern in patterns:
        clause = _clause(spec_requirement(node.get("RIGHT_ATTRS", {}), forms) for node in pattern)
        if clause is None:
            return None
        clauses.append(clause)
    return Prefilter(tuple(clauses))


def phrases(phrase_list: Sequence[str], attr: str, ctx: BindContext, forms: SurfaceForms) -> Prefilter | None:
    attr = attr.upper()
    clauses: list[Clause] = []
    if attr in _TEXT_ATTRS:
        for phrase in phrase_list:
            clause = _clause(frozenset({t}) for t in forms.tokens(phrase))
            if clause is None:
                return None
            clauses.append(clause)
        return Prefilter(tuple(clauses))
    if attr == "LEMMA":
        for doc in ctx.pattern_docs(list(phrase_list), "LEMMA"):
            clause = _clause(forms.lemma(t.lemma_) for t in doc if not t.is_space)
            if clause is None:
                return None
            clauses.append(clause)
        return Prefilter(tuple(clauses))
    return None


def for_detector(detector: Any, ctx: BindContext, forms: SurfaceForms) -> Prefilter | None:
    """A sound prefilter for one detector, or None when it cannot be derived (the detector's own answer)."""
    prefilter: Prefilter | None = detector.prefilter_for(ctx, forms)
    return prefilter


def lemma_groups(groups: Iterable[Iterable[str]], forms: SurfaceForms) -> Prefilter | None:
    """A post must have a surface form of some lemma from every group (None: nothing to test)."""
    requirements = []
    for group in groups:
        surfaces = _lemma_surfaces({"IN": list(group)}, forms)
        if surfaces is not None:
            requirements.append(frozenset(surfaces))
    clause = _clause(requirements)
    return None if clause is None else Prefilter((clause,))


def for_rule(rule: Rule, ctx: BindContext, forms: SurfaceForms) -> Prefilter | None:
    """A rule matches if any of its detectors does; an explicit ``prefilter:`` list wins."""
    explicit = getattr(rule, "prefilter", None)
    if explicit:
        return from_words(explicit)
    return union(for_detector(d, ctx, forms) for d in rule.detectors)


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
