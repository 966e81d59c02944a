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
