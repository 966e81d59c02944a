"""Prefilters derived from what a detector matches: token and dependency patterns, phrase
lists, lemma groups; and a rule's prefilter from its detectors (or its explicit list)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from authlint.gate.algebra import Clause, Prefilter, clause, from_words, union
from authlint.gate.forms import SurfaceForms, lemma_surfaces, spec_requirement
from authlint.gate.specs import TEXT_ATTRS, required

if TYPE_CHECKING:
    from authlint.detectors.base import BindContext
    from authlint.ruleset.schema import Rule


def token_patterns(patterns: Sequence[Sequence[Mapping[str, Any]]], forms: SurfaceForms) -> Prefilter | None:
    """Any pattern's required token specs, each by the text it must have."""
    clauses = []
    for pattern in patterns:
        found = clause(spec_requirement(s, forms) for s in pattern if required(s))
        if found is None:
            return None
        clauses.append(found)
    return Prefilter(tuple(clauses))


def dependency_patterns(patterns: Sequence[Sequence[Mapping[str, Any]]], forms: SurfaceForms) -> Prefilter | None:
    """Any pattern's nodes (every node of a DependencyMatcher pattern must match), by text."""
    clauses = []
    for pattern in patterns:
        found = clause(spec_requirement(node.get("RIGHT_ATTRS", {}), forms) for node in pattern)
        if found is None:
            return None
        clauses.append(found)
    return Prefilter(tuple(clauses))


def phrases(phrase_list: Sequence[str], attr: str, ctx: BindContext, forms: SurfaceForms) -> Prefilter | None:
    """Any phrase's tokens, matched on text (``ORTH``/``LOWER``) or through lemmas (``LEMMA``)."""
    attr = attr.upper()
    clauses: list[Clause] = []
    if attr in TEXT_ATTRS:
        for phrase in phrase_list:
            found = clause(frozenset({t}) for t in forms.tokens(phrase))
            if found is None:
                return None
            clauses.append(found)
        return Prefilter(tuple(clauses))
    if attr == "LEMMA":
        for doc in ctx.pattern_docs(list(phrase_list), "LEMMA"):
            found = clause(forms.lemma(t.lemma_) for t in doc if not t.is_space)
            if found is None:
                return None
            clauses.append(found)
        return Prefilter(tuple(clauses))
    return None


def lemma_groups(groups: Iterable[Iterable[str]], forms: SurfaceForms) -> Prefilter | None:
    """A post must have a surface form of some lemma from every group (None: nothing to test)."""
    requirements = []
    for group in groups:
        surfaces = lemma_surfaces({"IN": list(group)}, forms)
        if surfaces is not None:
            requirements.append(frozenset(surfaces))
    found = clause(requirements)
    return None if found is None else Prefilter((found,))


def for_detector(detector: Any, ctx: BindContext, forms: SurfaceForms) -> Prefilter | None:
    """A sound prefilter for one detector, or None when it cannot be derived (the detector's own answer)."""
    prefilter: Prefilter | None = detector.prefilter_for(ctx, forms)
    return prefilter


def for_rule(rule: Rule, ctx: BindContext, forms: SurfaceForms) -> Prefilter | None:
    """A rule matches if any of its detectors does; an explicit ``prefilter:`` list wins."""
    explicit = getattr(rule, "prefilter", None)
    if explicit:
        return from_words(explicit)
    return union(for_detector(d, ctx, forms) for d in rule.detectors)
