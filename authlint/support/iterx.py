"""Stream helpers: runs of a fixed size (what ``itertools.batched`` does from Python 3.12 on),
and a source whose failure waits until what it delivered before is used."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items in input order (the last may be shorter), read lazily."""
    it = iter(items)
    return iter(lambda: list(itertools.islice(it, size)), [])


class Guarded(Generic[T]):
    """Iterates ``items`` until they raise, then stops; :meth:`reraise` raises that error.

    Checking reads ahead (a cache window, a pool's first chunks), so an input generator that
    fails after two posts would otherwise lose the reports of those two: the consumer yields
    every report the stream produced, then calls :meth:`reraise`.
    """

    def __init__(self, items: Iterable[T]) -> None:
        self._items = items
        self.error: Exception | None = None

    def __iter__(self) -> Iterator[T]:
        try:
            yield from self._items
        except Exception as exc:  # noqa: BLE001 - kept, and raised again after the reports before it
            self.error = exc

    def reraise(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            raise error
