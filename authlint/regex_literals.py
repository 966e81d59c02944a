"""Necessary literals of a regular expression: a cheap test that lets a regex rule skip a post.

Most rule regexes are alternations of phrases ("use my code", "dm me", "link in bio"). Every
match of such a pattern contains one of a few literal strings, and a substring test for those
(`str.__contains__`, in C) costs far less than running the regex with its time limit. This
module reads a pattern with the standard library's regex parser and returns a set of literals
of which every match must contain at least one, or ``None`` when it cannot prove such a set
(a construct it does not understand, an optional part, a character class...). ``None`` only
means "always run the regex": the answer is never wrong, only sometimes unhelpful.

Case-insensitive patterns give lower-case literals, to be searched in :func:`fold` of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as sre  # the standard library's own regex opcodes
from re import _parser as sre_parse
from typing import Any

Literals = frozenset[str]

#: Characters outside ASCII that case-insensitively match an ASCII letter (``regex``'s simple
#: case folding), with the ASCII letter ``str.lower()`` does not give for them. Found by
#: scanning every code point; ``tests/test_regex_literals.py`` repeats the scan.
_ODD_FOLDS = {"\u0130": "i", "\u017f": "s"}  # İ (lower() gives i + U+0307), ſ; Kelvin K lowers to k
_FOLD_TABLE = str.maketrans({**_ODD_FOLDS, "\u0307": None})
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))


def fold(text: str) -> str:
    """``text`` lower-cased so that a case-insensitive match of an ASCII literal in ``text``
    is a plain substring of the result."""
    lowered = text.lower()
    return lowered.translate(_FOLD_TABLE) if not lowered.isascii() else lowered


@dataclass(frozen=True)
class Outline:
    """What the standard library's parser tells about a pattern without compiling it."""

    literals: Literals | None  # see necessary_literals
    group_names: frozenset[str]
    groups: int  # number of capture groups


def outline(pattern: str, ignore_case: bool) -> Outline | None:
    """The pattern's :class:`Outline`, or ``None`` if the standard library cannot parse it
    (syntax only the ``regex`` package knows, or a syntax error)."""
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE if ignore_case else 0)
    except Exception:  # noqa: BLE001 - any parse failure: the caller compiles with `regex` instead
        return None
    if not ignore_case and parsed.state.flags & re.IGNORECASE:
        ignore_case = True  # an inline (?i) for the whole pattern
    found = _sequence(list(parsed), ignore_case)
    return Outline(frozenset(found) if found else None, frozenset(parsed.state.groupdict), parsed.state.groups - 1)


def necessary_literals(pattern: str, ignore_case: bool) -> Literals | None:
    """Literals one of which every match of ``pattern`` contains (lower-case if the match is
    case-insensitive), or ``None`` if no such set can be shown."""
    shape = outline(pattern, ignore_case)
    return shape.literals if shape is not None else None


def _sequence(items: list[tuple[Any, Any]], ci: bool) -> set[str] | None:
    """Every match of the concatenation contains each literal run and satisfies each item's
    own set: return the most selective of those candidates."""
    candidates: list[set[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            candidates.append({"".join(run)})
            run.clear()

    for op, av in items:
        if op is sre.LITERAL:
            char = chr(av)
            if char.isascii():
                run.append(char.lower() if ci else char)
                continue
            close_run()  # a non-ASCII literal: folding is not simple, leave it out
            continue
        close_run()
        found = _item(op, av, ci)
        if found:
            candidates.append(found)
    close_run()
    return max(candidates, key=_selectivity, default=None)


def _item(op: Any, av: Any, ci: bool) -> set[str] | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if (add_flags | del_flags) & re.IGNORECASE:
            return None  # case sensitivity changes inside: keep it simple
        return _sequence(list(sub), ci)
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _sequence(list(branch), ci)
            if not found:
                return None  # one branch without a literal: the alternation has none
            union |= found
        return union
    if op in _REPEATS:
        low, _high, sub = av
        return _sequence(list(sub), ci) if low >= 1 else None
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(list(av), ci)
    return None  # classes, any-char, anchors, lookarounds, backreferences: no literal


def _selectivity(literals: set[str]) -> tuple[int, int]:
    """Longer shortest literal first, then fewer alternatives."""
    return (min(len(s) for s in literals), -len(literals))
