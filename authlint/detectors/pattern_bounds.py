"""Refuse rule patterns whose matching (or compiling) cannot finish, when the rules load.

Time limits cannot stop every runaway: the ``regex`` package *compiles* nested counted
repeats by expanding them (``(?:(?:(?:foo){1000}){1000}){1000}`` is a billion copies: it
exhausts memory before any timeout starts), and spaCy's Matcher and DependencyMatcher run in
Cython, which SIGALRM cannot interrupt, with work that grows with the power of the number of
``OP: "*"``/``"+"`` tokens and of ``.*``/``;*``/``>>``/``<<`` relations in one pattern. So the
shapes are bounded up front, with a one-line error naming the rule (the detectors raise
``ValueError``; the rule loader words it ``path: rule CODE: detectors.N...: problem``).

Together with matching one sentence window at a time (:mod:`authlint.detectors.windows`),
the bounds make every accepted pattern's matching linear in the post's length and each
uninterruptible call short, so the rules' time limit holds. They are what the shipped rules
use (at most 2 ``*`` tokens in a pattern, no ``.*`` relation, counted repeats up to ``{0,60}``).
The loader names the file and line of the refused pattern.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

MAX_PATTERN_CHARS = 5_000
"""Longest regex pattern accepted."""
MAX_REPEAT_COPIES = 10_000
"""Most copies nested counted repeats may expand to (``(?:a{100}){100}`` is 10,000)."""
MAX_VARIABLE_TOKENS = 2
"""Most ``OP: "*"`` or ``"+"`` tokens in one Matcher pattern. Matching runs one sentence
window (at most 128 tokens, :mod:`authlint.detectors.windows`) at a time; on the worst text
for it (every token matching every ``*``) a window took 0.007 s with one such token, 0.37 s
with two and 10.9 s with three -- past the rules' time limit in one call nothing can
interrupt -- so two is the bound (the shipped rules use at most two)."""
MAX_WIDE_RELATIONS = 1
"""Most ``.*``, ``;*``, ``>>`` or ``<<`` relations in one DependencyMatcher pattern: on a
128-token window one took 0.12 s (8,128 matches), two 11.2 s (341,376 matches)."""

_WIDE = frozenset({".*", ";*", ">>", "<<", ">++", ">--", "<++", "<--"})


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` must not be compiled, or None. Scans the text (no compiling): escapes and
    character classes are skipped; a counted repeat ``{m}``/``{m,n}``/``{m,}`` after a group
    multiplies the copies its content already expands to."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return f"regex is {len(pattern):,} characters long (at most {MAX_PATTERN_CHARS:,})"
    copies = _max_copies(pattern)
    if copies > MAX_REPEAT_COPIES:
        return (f"nested counted repeats expand to {copies:,} copies (at most {MAX_REPEAT_COPIES:,}): "
                "compiling it would exhaust memory; use * or + or fewer nested counts")
    return None


def _max_copies(pattern: str) -> int:
    stack = [1]  # per open group: the most copies anything inside it expands to
    last_group = 1  # copies inside the group that just closed (1 after any other atom)
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            last_group = 1
            continue
        if c == "[":
            i = _class_end(pattern, i)
            last_group = 1
            continue
        if c == "(":
            stack.append(1)
        elif c == ")" and len(stack) > 1:
            last_group = stack.pop()
            stack[-1] = max(stack[-1], last_group)
            i += 1
            continue
        elif c == "{":
            count, end = _counted(pattern, i)
            if count is not None:
                stack[-1] = max(stack[-1], last_group * count)
                last_group = last_group * count
                i = end
                continue
        last_group = 1
        i += 1
    return max(stack)


def _class_end(pattern: str, i: int) -> int:
    """Index just past the character class opening at ``i`` (nested classes of ``regex`` V1 too)."""
    depth, j, n = 0, i, len(pattern)
    while j < n:
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            depth += 1
            j += 2 if pattern[j + 1:j + 2] in ("]", "^") and j == i else 1
            continue
        if c == "]":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return n


def _counted(pattern: str, i: int) -> tuple[int | None, int]:
    """The largest count of a ``{m}``, ``{m,n}`` or ``{m,}`` quantifier at ``i`` (``{m,}``: m)."""
    end = pattern.find("}", i)
    if end == -1:
        return None, i + 1
    body = pattern[i + 1:end].replace(" ", "")
    low, _, high = body.partition(",")
    if not (low.isdigit() or (not low and high.isdigit())) or (high and not high.isdigit()):
        return None, i + 1
    return max(int(low or 0), int(high or 0), 1), end + 1


def matcher_problem(patterns: Iterable[list[Mapping[str, Any]]]) -> str | None:
    """Why these Matcher patterns may never finish, or None."""
    for number, pattern in enumerate(patterns):
        variable = sum(1 for token in pattern if isinstance(token, Mapping) and token.get("OP") in ("*", "+"))
        if variable > MAX_VARIABLE_TOKENS:
            return (f"pattern {number} has {variable} tokens with OP '*' or '+' (at most {MAX_VARIABLE_TOKENS}): "
                    "matching could run for hours and cannot be interrupted")
    return None


def dependency_problem(patterns: Iterable[list[Mapping[str, Any]]]) -> str | None:
    """Why these DependencyMatcher patterns may never finish, or None."""
    for number, pattern in enumerate(patterns):
        wide = sum(1 for node in pattern if isinstance(node, Mapping) and node.get("REL_OP") in _WIDE)
        if wide > MAX_WIDE_RELATIONS:
            return (f"pattern {number} chains {wide} open-ended relations (.*, ;*, >>, <<; at most "
                    f"{MAX_WIDE_RELATIONS}): matching could run for hours and cannot be interrupted")
    return None
