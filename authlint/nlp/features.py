"""Linguistic features a rule can need, and the spaCy token attributes that imply them.

Rules never name pipeline components; they use attributes (``POS``, ``DEP``...). The analyzer
turns the union of needed features into the smallest set of components to load.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

TAGGER = "tagger"  # TAG, POS, MORPH
LEMMA = "lemma"  # LEMMA (needs the tagger too)
PARSER = "parser"  # DEP, HEAD, noun chunks
NER = "ner"  # ENT_TYPE, ENT_IOB, ENT_ID

ALL_FEATURES = frozenset({TAGGER, LEMMA, PARSER, NER})

_ATTR_FEATURES: Mapping[str, frozenset[str]] = {
    "POS": frozenset({TAGGER}),
    "TAG": frozenset({TAGGER}),
    "MORPH": frozenset({TAGGER}),
    "LEMMA": frozenset({TAGGER, LEMMA}),
    "DEP": frozenset({PARSER}),
    "HEAD": frozenset({PARSER}),
    "ENT_TYPE": frozenset({NER}),
    "ENT_IOB": frozenset({NER}),
    "ENT_ID": frozenset({NER}),
    "ENT_KB_ID": frozenset({NER}),
}


def features_for_attr(attr: str) -> frozenset[str]:
    """Features needed to fill one token attribute (``"LOWER"`` needs none)."""
    return _ATTR_FEATURES.get(attr.upper(), frozenset())


def features_for_token_spec(spec: Mapping[str, Any]) -> frozenset[str]:
    """Features used by one Matcher token spec (``{"LEMMA": "buy", "POS": "VERB"}``)."""
    needed: set[str] = set()
    for key in spec:
        needed |= features_for_attr(str(key))
    return frozenset(needed)


def features_for_patterns(patterns: Iterable[Iterable[Mapping[str, Any]]]) -> frozenset[str]:
    """Features used by a list of Matcher patterns."""
    needed: set[str] = set()
    for pattern in patterns:
        for spec in pattern:
            needed |= features_for_token_spec(spec)
    return frozenset(needed)
