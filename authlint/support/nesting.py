"""Bounded nesting for data parsed from user files (JSON rows, TOML config, front matter).

Python's JSON and TOML parsers recurse once per level and fail with ``RecursionError`` near
1,000 levels; below that they succeed, and the deep result breaks whatever walks it next
(validation, fingerprints, JSON output). Real settings and rows nest a few levels, so
anything past :data:`MAX_DEPTH` is refused with one clear message, both when a parser hits
its recursion limit and when the parsed value is deeper than the bound.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

MAX_DEPTH = 64
"""Deepest nesting of lists/objects accepted (the same bound as user YAML)."""


class TooDeepError(ValueError):
    """Parsed data nests deeper than :data:`MAX_DEPTH`."""

    def __init__(self) -> None:
        super().__init__(f"nested deeper than {MAX_DEPTH} levels")


def depth(value: Any) -> int:
    """How deeply lists, tuples and dicts nest in ``value`` (a scalar is 0); iterative, and
    stops counting once past :data:`MAX_DEPTH`."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, (list, tuple)):
            children = item
        else:
            continue
        deepest = max(deepest, level + 1)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def bounded(parse: Callable[[str], Any], text: str) -> Any:
    """``parse(text)``, raising :class:`TooDeepError` when the parser recurses too deep or the
    result nests deeper than :data:`MAX_DEPTH`; the parser's own errors pass through."""
    try:
        value = parse(text)
    except RecursionError:
        raise TooDeepError() from None
    if depth(value) > MAX_DEPTH:
        raise TooDeepError()
    return value


def loads_json(text: str) -> Any:
    """``json.loads`` with nesting bounded (:class:`TooDeepError`); ``JSONDecodeError`` as usual,
    also for a number Python refuses to convert (an integer over 4,300 digits raises a plain
    ``ValueError`` from inside the parser, which callers would not expect)."""
    try:
        return bounded(json.loads, text)
    except (json.JSONDecodeError, TooDeepError):
        raise
    except ValueError as exc:
        raise json.JSONDecodeError(" ".join(str(exc).split(";")[0].split()), text, 0) from None


def loads_toml(text: str) -> Any:
    """``tomllib.loads`` with nesting bounded (:class:`TooDeepError`); ``TOMLDecodeError`` as usual."""
    import tomllib

    return bounded(tomllib.loads, text)
