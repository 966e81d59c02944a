"""Which of many literals occur in a post, found in one pass (Aho-Corasick, in C).

Every regex rule first tests the literals one of which each of its matches must contain
(:mod:`authlint.gate.regex_literals`): most posts stop there. Seventy rules each scanning the
post for their own literals cost as much as the regexes the tests let through; one automaton
over all the rules' literals finds every literal a post contains in one pass, and each rule's
test becomes a set intersection (:func:`literal_test`).

The rules bound through one context share a :class:`LiteralScan` per haystack (the folded or
the original text; authlint.detectors.context): each adds its literals while it binds, and
the automaton is built on the first post.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import ahocorasick

from authlint.nlp.views import doc_folded, doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from authlint.gate.regex_literals import Literals, Terms

#: Truthy when a post whose literals are the given set could match.
LiteralTest = Callable[[frozenset[str]], bool]

_EMPTY: frozenset[str] = frozenset()


class LiteralScan:
    """The literals of several rules, and which of them a text contains.

    :meth:`of` scans a post's folded text (``folded``: the literals of case-insensitive
    patterns, authlint.support.text.fold) or its original text, once per Doc, kept in the Doc's
    ``user_data``."""

    def __init__(self, folded: bool = False) -> None:
        self._haystack: Callable[[Doc], str] = doc_folded if folded else doc_text
        self._literals: set[str] = set()
        self._automaton: ahocorasick.Automaton | None = None
        self._key = ""

    def add(self, literals: Iterable[str]) -> None:
        """Also find ``literals`` (the empty string needs no scan: every text contains it)."""
        new = {s for s in literals if s} - self._literals
        if new:
            self._literals |= new
            self._automaton = None

    def present(self, text: str) -> frozenset[str]:
        """Every added literal that occurs in ``text``."""
        if not self._literals:
            return _EMPTY
        automaton = self._automaton if self._automaton is not None else self._build()
        return frozenset([found for _, found in automaton.iter(text)])

    def of(self, doc: Doc) -> frozenset[str]:
        """:meth:`present` for the post ``doc``, scanned once per Doc."""
        if not self._literals:
            return _EMPTY
        if self._automaton is None:
            self._build()  # before the key is read: each build has its own
        key = self._key
        found: frozenset[str] | None = doc.user_data.get(key)
        if found is None:
            found = doc.user_data[key] = self.present(self._haystack(doc))
        return found

    def _build(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for literal in self._literals:
            automaton.add_word(literal, literal)
        automaton.make_automaton()
        self._automaton = automaton
        # a new key per build: a Doc scanned before literals were added is scanned again
        self._key = f"authlint.literals.{id(self)}.{id(automaton)}"
        return automaton


def literal_test(literals: Literals, terms: Terms | None) -> LiteralTest:
    """Whether a post with the literals ``present`` could match: one of ``literals`` is there
    (the quick test) and, if known, every set of one of the finer ``terms`` has one there."""
    anywhere = "" in literals  # the empty string is in every text: the quick test always passes
    # a set holding the empty string always has a literal in the text: it constrains nothing
    terms = None if terms is None else tuple(tuple(s for s in term if "" not in s) for term in terms)
    if terms is None or not all(terms):
        return (lambda present: True) if anywhere else (lambda present: not literals.isdisjoint(present))

    def could_match(present: frozenset[str]) -> bool:
        if not anywhere and literals.isdisjoint(present):
            return False
        for term in terms:  # plain loops: this runs for every post and rule
            for needed in term:
                if needed.isdisjoint(present):
                    break
            else:
                return True
        return False

    return could_match


def all_literals(literals: Literals, terms: Terms | None) -> set[str]:
    """Every literal :func:`literal_test` looks up, for :meth:`LiteralScan.add`."""
    found = set(literals)
    for term in terms or ():
        for needed in term:
            found |= needed
    return found


__all__ = ["LiteralScan", "LiteralTest", "all_literals", "literal_test"]
