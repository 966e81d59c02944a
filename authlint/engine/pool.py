"""``--jobs N``: check large inputs in N worker processes; reports come back in input order.

spaCy holds the GIL while it tags and parses, so threads do not help; processes do. Workers
are forked (where the platform allows) so they share the parent's loaded pipeline instead of
loading their own. Small inputs never start a pool: below :data:`MIN_POSTS` posts, starting
workers costs more than it saves. Input is consumed lazily and at most ``2 * jobs`` chunks are
in flight, so memory stays flat however many posts stream through.

Only the Linter's public methods are used: ``prepare`` before forking, ``analyse(...,
pooled=False)`` in a worker, and ``type(linter)(config, **worker_options())`` where workers
are spawned instead of forked.
"""

from __future__ import annotations

import gc
import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from authlint.support.iterx import chunked

if TYPE_CHECKING:
    from authlint.engine.linter import Linter
    from authlint.engine.posts import Post
    from authlint.report.results import Report

#: Posts per task sent to a worker.
CHUNK = 64
#: Fewer posts than this are checked in-process.
MIN_POSTS = 4 * CHUNK

# One Linter per worker process, set by the pool initializer (never in the parent).
_worker_linter: Any = None


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _init(linter: Any) -> None:
    global _worker_linter
    if isinstance(linter, tuple):  # spawned: we were sent (factory, config, options), not a Linter
        factory, config, options = linter
        linter = factory(config, **options)
    _worker_linter = linter


def _work(chunk: Sequence[Post]) -> list[Report]:
    assert _worker_linter is not None
    # A forked worker's Linter still has the parent's ``jobs``: it must not start a pool of its own.
    return list(_worker_linter.analyse(chunk, pooled=False))


def check_posts(linter: Linter, posts: Iterable[Post], jobs: int) -> Iterator[Report]:
    """Reports for ``posts`` in order: in ``jobs`` worker processes if there are enough posts."""
    it = iter(posts)
    head = list(itertools.islice(it, MIN_POSTS))
    if jobs <= 1 or len(head) < MIN_POSTS:
        yield from linter.analyse(itertools.chain(head, it), pooled=False)
        return
    yield from _pooled(linter, itertools.chain(head, it), jobs)


def _pooled(linter: Linter, posts: Iterator[Post], jobs: int) -> Iterator[Report]:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        ctx = multiprocessing.get_context("fork")
        init_arg: Any = linter
        linter.prepare()  # load spaCy once, before forking, so workers share it
    else:  # pragma: no cover - not on Linux
        ctx = multiprocessing.get_context("spawn")
        init_arg = (type(linter), linter.config, linter.worker_options())
    # Objects that exist at fork time move to a permanent generation the cyclic GC never scans:
    # otherwise a collection in a worker writes to every object it visits and copies the
    # shared pages of the loaded pipeline into that worker (memory per worker, not per machine).
    gc.freeze()
    try:
        with ctx.Pool(processes=jobs, initializer=_init, initargs=(init_arg,)) as pool:
            pending: deque[Any] = deque()
            for chunk in chunked(posts, CHUNK):
                pending.append(pool.apply_async(_work, (chunk,)))
                while len(pending) >= 2 * jobs:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
    finally:
        gc.unfreeze()
