"""Token patterns relaxed to what a tokenized (untagged) post can be tested for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from authlint.gate.forms import SurfaceForms, lemma_surfaces
from authlint.gate.specs import text_requirement

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
    if lemma is not None and not text_requirement(kept):
        surfaces = lemma_surfaces(lemma, forms)
        if surfaces is not None:
            kept["LOWER"] = {"IN": sorted(surfaces)}
    op = spec.get("OP")
    if op == "!" and dropped:
        return {}
    if op is not None:
        kept["OP"] = op
    return kept
