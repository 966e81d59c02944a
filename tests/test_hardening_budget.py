"""Time limits add up to a bound: a failing rule costs a post the limit once, failures are
remembered across a pool worker's chunks, and a run stops paying for failures past its budget."""

from __future__ import annotations

import pytest

from authlint import Linter
from authlint.engine.bind import BoundRule

AD = "Buy now! Link in bio."


def _hung_linter(monkeypatch: pytest.MonkeyPatch, limit: float = 0.2) -> tuple[Linter, list[int], str]:
    import authlint.engine.run as run_module

    calls = [0]

    def loops_forever(doc: object) -> list[object]:
        calls[0] += 1
        while True:
            sum(range(1000))

    linter = Linter({"select": ["PRO101", "PRO102"]})
    bound = linter.engine.bound
    hung = BoundRule(bound[0].rule, (loops_forever,))
    monkeypatch.setattr(linter.engine, "bound", [hung, *bound[1:]], raising=False)
    linter.engine.__dict__.pop("gate", None)
    monkeypatch.setattr(run_module, "RULE_TIME_LIMIT", limit)
    return linter, calls, hung.rule.code


def test_a_failing_rule_costs_each_post_the_limit_once_and_the_others_still_run(monkeypatch: pytest.MonkeyPatch) -> None:
    linter, calls, code = _hung_linter(monkeypatch)
    reports = list(linter.check_many([AD] * 5))
    assert calls[0] == 3  # once per post until it has failed 3 times (it was twice per post)
    assert all(any(f.rule == "PRO102" for f in r.findings) for r in reports)  # the rule after it ran
    assert reports[3].notices[0].message.startswith(f"rule {code} skipped: it failed on 3 earlier posts")


def test_the_run_budget_stops_paying_for_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    import authlint.engine.run as run_module

    linter, calls, code = _hung_linter(monkeypatch)
    monkeypatch.setattr(run_module, "RUN_FAILURE_BUDGET", 0.1)
    reports = list(linter.check_many([AD] * 4))
    assert calls[0] == 1
    assert reports[1].notices[0].message.startswith(f"rule {code} skipped: it failed on 1 earlier posts")


def test_a_worker_keeps_its_failures_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    from authlint.engine.posts import Post

    linter, calls, _ = _hung_linter(monkeypatch)
    linter.keep_failures()  # what each pool worker does
    for _ in range(3):
        list(linter.analyse([Post(AD, None, None)] * 2, pooled=False))  # one 2-post chunk at a time
    assert calls[0] == 3  # not 2 per chunk: the count did not reset
