"""A stream in runs of a fixed size (what ``itertools.batched`` does from Python 3.12 on)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items in input order (the last may be shorter), read lazily."""
    it = iter(items)
    return iter(lambda: list(itertools.islice(it, size)), [])
