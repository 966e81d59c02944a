"""Run spaCy matchers over bounded windows of a post, so their time is linear in its length
and a time limit can stop them.

spaCy's ``Matcher`` with ``OP: "*"``/``"+"`` tokens and its ``DependencyMatcher`` with
open-ended relations (``.*``, ``>>`` ...) do work that grows with a power of the length of
what they are given -- a relaxed shadow pattern of a shipped rule took 112 s on one 60 KB
post -- and they run in Cython, where neither SIGALRM nor the watcher thread can interrupt
them. Given one sentence at a time (a sentence longer than :data:`WINDOW` tokens in
consecutive windows of that size), each call is bounded, the total is linear in the post's
length, and the watchdog's :class:`~authlint.engine.watchdog.Overrun` lands between two
windows. A match cannot span two sentences (no shipped rule's does: dependency trees never
do), nor the cut inside an over-long sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

WINDOW = 128
"""Most tokens one matcher call sees."""

_VARIABLE_OPS = frozenset({"*", "+"})
_WIDE_RELATIONS = frozenset({".*", ";*", ">>", "<<", ">++", ">--", "<++", "<--"})


def has_variable_tokens(patterns: Iterable[list[Mapping[str, Any]]]) -> bool:
    """Does any Matcher pattern have a token that repeats (``OP`` ``*`` or ``+``)?"""
    return any(isinstance(t, Mapping) and t.get("OP") in _VARIABLE_OPS for p in patterns for t in p)


def has_wide_relations(patterns: Iterable[list[Mapping[str, Any]]]) -> bool:
    """Does any DependencyMatcher pattern use an open-ended relation?"""
    return any(isinstance(n, Mapping) and n.get("REL_OP") in _WIDE_RELATIONS for p in patterns for n in p)


def windows(doc: Doc, size: int = WINDOW) -> Iterator[Span]:
    """The doc's sentences (when it has sentence boundaries), each cut into spans of at most
    ``size`` tokens; without boundaries, consecutive spans of ``size`` tokens."""
    if len(doc) <= size:
        yield doc[:]
        return
    if doc.has_annotation("SENT_START"):
        bounds = [(s.start, s.end) for s in doc.sents]
    else:
        bounds = [(0, len(doc))]
    for start, end in bounds:
        for cut in range(start, end, size):
            yield doc[cut:min(cut + size, end)]


__all__ = ["WINDOW", "has_variable_tokens", "has_wide_relations", "windows"]
