"""spaCy's rule lemmatizer, made faster without changing a lemma.

Two costs of ``Lemmatizer.rule_lemmatize`` dominate whenever posts are lemmatized (about a fifth
of the CPU of a run where many posts need lemmas):

* its ``lemma_index`` tables are lists (57,528 nouns, 20,993 adjectives, ...), and every
  suffix rule tried on a word tests ``form in index``: a linear scan per rule and word. The
  same words in a frozenset answer the same test by hashing.
* it caches only the words that reach the rule tables; a word it returns early (a base form,
  which ``is_base_form`` decides by reading the token's morphology, or a part of speech without
  tables) is worked out again at every occurrence. The result depends only on the token's text,
  part of speech and morphology -- the cache key spaCy already uses -- so every result is
  cached under it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.lookups import Lookups

INDEX_TABLE = "lemma_index"


def speed_up(lemmatizer: Any) -> bool:
    """Make a rule-mode spaCy ``Lemmatizer`` faster, in place, with the same lemmas; True if it
    was one (any other component is left alone)."""
    if getattr(lemmatizer, "mode", None) != "rule" or not isinstance(getattr(lemmatizer, "lookups", None), Lookups):
        return False
    lemmatizer.lookups = _with_set_index(lemmatizer.lookups)
    lemmatizer.lemmatize = _cached(lemmatizer.rule_lemmatize, lemmatizer.cache)
    return True


def _with_set_index(lookups: Lookups) -> Lookups:
    """A copy of ``lookups`` whose index tables hold frozensets (the other tables are shared)."""
    faster = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == INDEX_TABLE:
            faster.add_table(name, {key: frozenset(words) for key, words in table.items()})
        else:
            faster.set_table(name, table)
    return faster


def _cached(rule_lemmatize: Callable[[Any], list[str]], cache: dict[Any, list[str]]) -> Callable[[Any], list[str]]:
    """``rule_lemmatize`` with every result cached in ``cache`` under spaCy's own key (the
    lemmatizer's cache, so whatever bounds it bounds this: authlint.nlp.memory)."""
    get = cache.get

    def lemmatize(token: Any) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        forms = get(key)
        if forms is None:
            forms = cache[key] = rule_lemmatize(token)
        return forms

    return lemmatize
