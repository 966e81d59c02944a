"""Cheap lexical prefilters: could a rule match this post at all, before any tagging or parsing?

The tagger, parser and entity recognizer cost ~50x more than tokenizing. Most rules that need
them also name literal words (``LOWER``/``ORTH``/``LEMMA`` values in their patterns), so a post
that contains none of those words cannot match and need not be analysed. Prefilters are
*derived* from the patterns, never hand-maintained, and are sound by construction: each one
is a necessary condition for a match. A detector authlint cannot reason about gets no
prefilter (``None``), which means "always analyse" -- correctness never depends on this module.

This module is the kit's one import point; the parts live beside it:

- :mod:`~authlint.gate.algebra` -- :class:`Prefilter` (clauses of requirements), ``union``, ``from_words``
- :mod:`~authlint.gate.specs` -- what one Matcher token spec says about its text, without a model
- :mod:`~authlint.gate.forms` -- :class:`SurfaceForms` (lemmas inverted through the model's
  lemmatizer and attribute ruler) and the forms a tokenized post has
- :mod:`~authlint.gate.derive` -- prefilters derived from patterns, phrases, lemma groups and rules
- :mod:`~authlint.gate.lexical` -- token patterns relaxed to their lexical attributes
"""

from __future__ import annotations

from authlint.gate.algebra import SENT_START, Clause, Plan, Prefilter, Requirement, from_words, union
from authlint.gate.derive import dependency_patterns, for_detector, for_rule, lemma_groups, phrases, token_patterns
from authlint.gate.forms import SurfaceForms, doc_forms, sentence_forms, spec_requirement
from authlint.gate.lexical import lexical_patterns

__all__ = [
    "SENT_START",
    "Clause",
    "Plan",
    "Prefilter",
    "Requirement",
    "SurfaceForms",
    "dependency_patterns",
    "doc_forms",
    "for_detector",
    "for_rule",
    "from_words",
    "lemma_groups",
    "lexical_patterns",
    "phrases",
    "sentence_forms",
    "spec_requirement",
    "token_patterns",
    "union",
]
