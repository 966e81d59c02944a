"""The whole-post watchdog covers tokenizing and analysis, not only the rules: a post that
takes longer than its bound is not checked (an error notice), the posts around it are."""

from __future__ import annotations

import time

import pytest

from authlint import Linter
from authlint.engine import run
from authlint.severity import Severity

SENTENCE = "Thanks to everyone who helped us ship the new release this week, we could not have done it alone. "


def test_analysis_time_limit_grows_with_length() -> None:
    assert run.analysis_limit(0) == run.ANALYSIS_BASE_SECONDS
    assert run.analysis_limit(100_000) > run.analysis_limit(1_000) > run.analysis_limit(0)


def test_a_post_past_its_analysis_bound_gets_a_notice_and_the_others_are_checked(
    linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = "Buy now!!! Link in bio."
    expected = linter.check(small)
    big = SENTENCE * 900  # ~88,000 characters: seconds of analysis, far past a 0.4 s bound
    monkeypatch.setattr(run, "ANALYSIS_BASE_SECONDS", 0.4)
    monkeypatch.setattr(run, "ANALYSIS_SECONDS_PER_CHAR", 0.0)
    started = time.monotonic()
    first, slow, last = linter.check_many([small, big, small])
    elapsed = time.monotonic() - started
    assert first == expected and last == expected
    [notice] = slow.notices
    assert notice.kind == "error" and notice.severity == Severity.ERROR
    assert "took longer than 0.4s" in notice.message and "not checked" in notice.message
    assert slow.findings == []
    # the batch's limit once, then the slow post's own limit once, plus the small posts' checks
    assert elapsed < 0.4 * 2 + 10


def test_the_watchdog_stops_analysis_in_a_worker_thread_too(linter: Linter, monkeypatch: pytest.MonkeyPatch) -> None:
    # a Dask or Ray task runs in a thread, where SIGALRM cannot be used: the watcher thread stops it
    import threading

    monkeypatch.setattr(run, "ANALYSIS_BASE_SECONDS", 0.4)
    monkeypatch.setattr(run, "ANALYSIS_SECONDS_PER_CHAR", 0.0)
    out: list[object] = []
    worker = threading.Thread(target=lambda: out.append(linter.check(SENTENCE * 900)))
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()
    [report] = out
    assert [n.kind for n in report.notices] == ["error"]  # type: ignore[attr-defined]


def _swallow_once_then_stop(limit: float) -> list[float]:
    """A block that drops the first Overrun (as Python does when one lands in a gc callback or
    a ``__del__``) and carries on: when each Overrun came, in seconds after the start."""
    from authlint.engine.watchdog import Overrun, time_limit

    started = time.monotonic()
    hits: list[float] = []
    with pytest.raises(Overrun), time_limit(limit):
        while True:
            try:
                while time.monotonic() - started < 10:
                    time.sleep(0.005)
                raise AssertionError("the block ran 10 s past a 0.2 s limit")
            except Overrun:
                hits.append(time.monotonic() - started)
                if len(hits) > 1:
                    raise
    time.sleep(0.3)  # the block is over: nothing more may arrive
    return hits


@pytest.mark.parametrize("where", ["main thread", "worker thread"])
def test_an_overrun_that_is_dropped_is_raised_again(where: str) -> None:
    import threading

    from authlint.engine import watchdog

    if where == "main thread":
        hits = _swallow_once_then_stop(0.2)
    else:
        out: list[object] = []

        def work() -> None:
            try:
                out.append(_swallow_once_then_stop(0.2))
            except BaseException as exc:
                out.append(exc)

        worker = threading.Thread(target=work)
        worker.start()
        worker.join(timeout=20)
        [hits] = out  # type: ignore[assignment]
        assert isinstance(hits, list), hits
    assert len(hits) == 2
    first, second = hits
    assert 0.15 < first < 1.0
    assert 0.5 * watchdog.REPEAT_SECONDS < second - first < 1.0


def _finish_late_swallowing_every_overrun(limit: float) -> int:
    """A block that drops every Overrun (as Python does when each lands in a gc callback: a long
    C call that collects garbage runs the callback before any other bytecode) and finishes at
    twice its limit; how many it dropped."""
    from authlint.engine.watchdog import Overrun

    dropped = 0
    ends = time.monotonic() + 2 * limit
    while time.monotonic() < ends:
        try:
            time.sleep(0.005)
        except Overrun:
            dropped += 1
    return dropped


@pytest.mark.parametrize("where", ["main thread", "worker thread"])
def test_a_block_that_finishes_past_its_limit_still_overruns(where: str) -> None:
    """Dropping every Overrun does not sneak a late result past the limit: the block's end raises."""
    import threading

    from authlint.engine.watchdog import Overrun, time_limit

    def run_block() -> object:
        dropped = -1
        try:
            with time_limit(0.2):
                dropped = _finish_late_swallowing_every_overrun(0.2)
        except Overrun as exc:
            return ("overrun", str(exc), dropped)
        return ("finished", dropped)

    if where == "main thread":
        outcome = run_block()
    else:
        out: list[object] = []
        worker = threading.Thread(target=lambda: out.append(run_block()))
        worker.start()
        worker.join(timeout=20)
        [outcome] = out
    assert outcome[:2] == ("overrun", "took longer than 0.2s")
    time.sleep(0.3)  # and nothing arrives after the block is over


def test_a_block_within_its_limit_is_left_alone() -> None:
    from authlint.engine.watchdog import time_limit

    with time_limit(1.0):
        time.sleep(0.05)
    time.sleep(0.1)
