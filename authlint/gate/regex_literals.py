"""Necessary literals of a regular expression: a cheap test that lets a regex rule skip a post.

Most rule regexes are alternations of phrases ("use my code", "dm me", "link in bio"). Every
match of such a pattern contains one of a few literal strings, and looking those up in the
literals a post contains (:mod:`authlint.gate.literal_scan`, one pass for all rules) costs far
less than running the regex with its time limit. This
module reads a pattern with the standard library's regex parser and returns a set of literals
of which every match must contain at least one, or ``None`` when it cannot prove such a set
(a construct it does not understand, an optional part, a character class...). ``None`` only
means "always run the regex": the answer is never wrong, only sometimes unhelpful.

Case-insensitive patterns give lower-case literals, to be searched in :func:`fold` of the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from re import _constants as sre  # the standard library's own regex opcodes
from re import _parser as sre_parse
from typing import Any

Literals = frozenset[str]

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))


#: One way a match can happen: every set in the term has a literal in the text.
Term = tuple[Literals, ...]
#: Terms one of which holds for every match ("disjunctive normal form" over literal sets).
Terms = tuple[Term, ...]
#: A sequence of alternations multiplies terms; past this many, an alternation is folded into
#: one set (a weaker test, never a wrong one).
MAX_TERMS = 32


def caseless_symbol(char: str) -> bool:
    """A symbol or punctuation mark with no case (emoji, curly quotes, arrows): under
    IGNORECASE it matches only itself, and :func:`fold` leaves it as it is. Circled letters
    (Ⓐ, ⓐ) are symbols with case, hence the mapping test; ``tests/test_regex_literals.py``
    checks every code point."""
    return unicodedata.category(char)[0] in "SP" and char.lower() == char == char.upper() == char.casefold()


@dataclass(frozen=True)
class Outline:
    """What the standard library's parser tells about a pattern without compiling it."""

    literals: Literals | None  # see necessary_literals
    group_names: frozenset[str]
    groups: int  # number of capture groups
    terms: Terms | None = None  # see necessary_terms


def outline(pattern: str, ignore_case: bool) -> Outline | None:
    """The pattern's :class:`Outline`, or ``None`` if the standard library cannot parse it
    (syntax only the ``regex`` package knows, or a syntax error)."""
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE if ignore_case else 0)
    except Exception:  # noqa: BLE001 - any parse failure: the caller compiles with `regex` instead
        return None
    if not ignore_case and parsed.state.flags & re.IGNORECASE:
        ignore_case = True  # an inline (?i) for the whole pattern
    need = _sequence(list(parsed), ignore_case)
    literals = need.literals or None
    terms = need.terms if literals is not None else None
    return Outline(literals, frozenset(parsed.state.groupdict), parsed.state.groups - 1, terms)


def necessary_literals(pattern: str, ignore_case: bool) -> Literals | None:
    """Literals one of which every match of ``pattern`` contains (lower-case if the match is
    case-insensitive), or ``None`` if no such set can be shown."""
    shape = outline(pattern, ignore_case)
    return shape.literals if shape is not None else None


#: A Unicode property class of the ``regex`` package (``\p{L}``, ``\P{N}``, ``\pL``), or an
#: escaped backslash (matched first, so ``\\p`` stays a backslash and a "p").
_PROPERTY = re.compile(r"\\\\|\\[pP](?:\{[^}]*\}|[A-Za-z])")


def regex_package_literals(pattern: str, ignore_case: bool) -> Literals | None:
    r""":func:`necessary_literals` of a pattern written for the ``regex`` package: its property
    classes read as ``\w``, a class the standard parser knows, and like them no literal of
    its own, so the literals found are necessary for the pattern as written."""
    return necessary_literals(_PROPERTY.sub(lambda m: m.group() if m.group() == "\\\\" else r"\w", pattern), ignore_case)


def necessary_terms(pattern: str, ignore_case: bool) -> Terms | None:
    r"""A finer test than :func:`necessary_literals`: every match satisfies one of the terms,
    that is, contains a literal of each of that term's sets. ``like\s+and\s+share|tag\s+someone``
    gives ``(({"share"}, {"like"}, {"and"}), ({"someone"}, {"tag"}))`` (most selective set first)."""
    shape = outline(pattern, ignore_case)
    return shape.terms if shape is not None else None


@dataclass(frozen=True)
class _Need:
    """What every match of a piece of pattern contains."""

    literals: Literals | None  # one of these (the quick test)
    terms: Terms | None  # one of these terms (the finer test)


_NOTHING = _Need(None, None)


def _sequence(items: list[tuple[Any, Any]], ci: bool) -> _Need:
    """A concatenation matches only if each of its items does. Its quick test is the most
    selective of its items' sets; its terms are the items' terms, joined."""
    candidates: list[Literals] = []
    terms: list[Term] = [()]
    run: list[str] = []

    def join(found: Terms | None) -> None:
        nonlocal terms
        if not found:
            return
        if len(found) == 1:
            terms = [(*t, *found[0]) for t in terms]
        elif all(len(t) == 1 for t in found):  # an alternation of single literals: one set
            terms = [(*t, frozenset().union(*(f[0] for f in found))) for t in terms]
        elif len(terms) * len(found) <= MAX_TERMS:
            terms = [(*t, *f) for t in terms for f in found]
        else:
            terms = [(*t, frozenset().union(*(_best(f) for f in found))) for t in terms]

    def close_run() -> None:
        if run:
            literal = frozenset({"".join(run)})
            candidates.append(literal)
            join(((literal,),))
            run.clear()

    for op, av in items:
        if op is sre.LITERAL:
            char = chr(av)
            if char.isascii() or not ci or caseless_symbol(char):
                run.append(char.lower() if ci else char)
                continue
            close_run()  # a non-ASCII letter under IGNORECASE: folding is not simple, leave it out
            continue
        close_run()
        need = _item(op, av, ci)
        if need.literals:
            candidates.append(need.literals)
        join(need.terms)
    close_run()
    literals = max(candidates, key=_selectivity, default=None)
    if any(not term for term in terms):
        return _Need(literals, None)
    return _Need(literals, tuple(tuple(sorted(set(term), key=_selectivity, reverse=True)) for term in terms))


def _item(op: Any, av: Any, ci: bool) -> _Need:
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if (add_flags | del_flags) & re.IGNORECASE:
            return _NOTHING  # case sensitivity changes inside: keep it simple
        return _sequence(list(sub), ci)
    if op is sre.BRANCH:
        branches = [_sequence(list(branch), ci) for branch in av[1]]
        if any(not b.literals for b in branches):
            return _NOTHING  # one branch without a literal: the alternation has none
        terms = None if any(b.terms is None for b in branches) else tuple(t for b in branches for t in b.terms or ())
        return _Need(frozenset().union(*(b.literals or () for b in branches)), terms)
    if op in _REPEATS:
        low, _high, sub = av
        return _sequence(list(sub), ci) if low >= 1 else _NOTHING
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(list(av), ci)
    return _NOTHING  # classes, any-char, anchors, lookarounds, backreferences: no literal


def _best(term: Term) -> Literals:
    """The most selective set of a term (what the one-set test keeps)."""
    return max(term, key=_selectivity)


def _selectivity(literals: Literals) -> tuple[int, int]:
    """Longer shortest literal first, then fewer alternatives."""
    return (min(len(s) for s in literals), -len(literals))
