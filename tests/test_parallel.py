"""``jobs`` > 1: worker processes give the same reports, in input order, as one process."""

from __future__ import annotations

import pytest

from authlint import Linter
from authlint.cache import results as cache
from authlint.engine import pool as parallel

POSTS = [
    "Buy now!!! Link in bio.",
    "Huge thanks to @maria for reviewing every chapter.",
    "I crushed my targets this quarter and I achieved everything.",
    "Trust me, I'm a doctor: this supplement works.",
    "Oh great, another Monday of waiting for the bus in the rain.",
    "We got this wrong in the first beta. It's fixed now.",
    "What should we build next?",
    "The weather is mild today.",
    "#ad Use my code GLOW15 for 15% off!",
    "Bonjour tout le monde, comment allez-vous aujourd'hui ?",
]


@pytest.fixture()
def small_pool(monkeypatch):
    """Start a pool for a few dozen posts (forked workers inherit the patched sizes)."""
    monkeypatch.setattr(parallel, "CHUNK", 3)
    monkeypatch.setattr(parallel, "MIN_POSTS", 6)


def _dump(reports):
    return [r.to_dict() for r in reports]


def test_jobs_give_identical_reports_in_order(linter: Linter, small_pool, monkeypatch):
    texts = [f"{p} (post {i})" for i, p in enumerate(POSTS * 4)]
    started = []
    real = parallel._pooled

    def spy(*args, **kwargs):
        started.append(1)
        yield from real(*args, **kwargs)

    monkeypatch.setattr(parallel, "_pooled", spy)
    serial = _dump(linter.check_many(texts))
    pooled = _dump(Linter(jobs=2).check_many(iter(texts)))
    assert started, "a pool should have been used"
    assert pooled == serial
    assert [r["findings"][0]["text"] for r in pooled[:2]] == ["Buy now", "thanks to @maria"]


def test_small_inputs_stay_in_process(small_pool, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("no pool for a handful of posts")

    monkeypatch.setattr(parallel, "_pooled", no_pool)
    reports = list(Linter(jobs=4).check_many(POSTS[:5]))
    assert [len(r.findings) > 0 for r in reports][:2] == [True, True]


def test_jobs_with_per_post_platforms_and_authors(linter: Linter, small_pool):
    texts = POSTS * 2
    platforms = ["x" if i % 2 else None for i in range(len(texts))]
    authors = [{"name": "Sam", "roles": ["nurse"]} if i % 3 == 0 else None for i in range(len(texts))]
    serial = _dump(linter.check_many(texts, platforms=platforms, authors=authors))
    pooled = _dump(Linter(jobs=2).check_many(texts, platforms=platforms, authors=authors))
    assert pooled == serial


def test_workers_never_start_pools_of_their_own(linter: Linter, monkeypatch):
    # Chunks as large as the pool threshold: a worker handed one must still check it in-process.
    monkeypatch.setattr(parallel, "CHUNK", 6)
    monkeypatch.setattr(parallel, "MIN_POSTS", 6)
    texts = POSTS * 2
    assert _dump(Linter(jobs=2).check_many(texts)) == _dump(linter.check_many(texts))


def test_worker_errors_reach_the_caller(small_pool):
    with pytest.raises(TypeError):
        list(Linter(jobs=2).check_many([*POSTS, 42, *POSTS]))


def test_default_jobs_is_the_core_count():
    assert parallel.default_jobs() >= 1


def test_an_endless_stream_is_checked_as_it_arrives(small_pool, tmp_path):
    # Input is consumed lazily through the cache window and the pool: the first reports come
    # back from a stream that never ends, and only a bounded number of posts was read ahead.
    read = 0

    def endless():
        nonlocal read
        while True:
            read += 1
            yield f"{POSTS[read % len(POSTS)]} (post {read})"

    stream = Linter(jobs=2, cache_dir=tmp_path).check_many(endless())
    first = [next(stream) for _ in range(20)]
    assert [len(r.findings) > 0 for r in first[:2]] == [True, True]
    assert read <= 2 * cache.WINDOW  # posts are looked up a window at a time
