"""authlint.learn.calibrate: thresholds that keep ordinary posts within the false-alarm budget."""

from __future__ import annotations

import pytest

from authlint.detectors.learned.model import Thresholds
from authlint.learn.calibrate import calibrate, share_flagged, threshold_beside, threshold_for


def test_at_most_the_budget_is_flagged() -> None:
    pool = [i / 1000 for i in range(1000)]
    t = threshold_for(pool, 0.01)
    assert share_flagged(pool, t) <= 0.01
    assert share_flagged(pool, t - 0.0011) > 0.01  # and not needlessly strict


def test_ties_never_break_the_budget() -> None:
    pool = [0.9] * 5 + [0.1] * 95
    assert share_flagged(pool, threshold_for(pool, 0.01)) == 0.0


def test_info_band_is_lower_and_wider() -> None:
    pool = [i / 200 for i in range(200)]
    limits = calibrate(pool, 0.01, 0.05)
    assert limits.info < limits.warn
    assert share_flagged(pool, limits.warn) <= 0.01
    assert 0.01 < share_flagged(pool, limits.info) <= 0.05


def test_band() -> None:
    t = Thresholds(warn=0.8, info=0.6)
    assert t.band(0.85) == "warn" and t.band(0.7) == "info" and t.band(0.5) is None
    assert t.band(0.7, warn=0.65) == "warn"  # a rule's own threshold
    assert t.band(0.55, warn=0.5) == "warn" and t.band(0.45, warn=0.5) is None


def test_empty_pool_is_an_error() -> None:
    with pytest.raises(ValueError):
        threshold_for([], 0.01)


def test_beside_rules_the_model_gets_what_the_rules_leave() -> None:
    pool = [i / 200 for i in range(200)]  # distinct scores 0.000 .. 0.995
    rules = [i % 50 == 0 for i in range(200)]  # the rules warn 4 posts (2 %), all low-scoring
    t = threshold_beside(pool, rules, budget=0.01, combined_budget=0.03)
    model = [s >= t for s in pool]
    assert sum(model) == 2  # 6 allowed together, 4 taken by the rules
    assert sum(a or b for a, b in zip(model, rules)) == 6


def test_beside_rules_a_post_both_flag_costs_once() -> None:
    pool = [i / 100 for i in range(100)]
    rules = [i >= 98 for i in range(100)]  # the rules warn the two posts the model scores highest
    t = threshold_beside(pool, rules, budget=0.05, combined_budget=0.03)
    assert sum(s >= t for s in pool) == 3  # both rule posts plus one the rules missed


def test_beside_rules_never_looser_than_the_models_own_budget() -> None:
    pool = [i / 100 for i in range(100)]
    t = threshold_beside(pool, [False] * 100, budget=0.01, combined_budget=0.5)
    assert t == threshold_for(pool, 0.01)


def test_beside_rules_that_spent_the_budget_leave_the_model_nothing() -> None:
    pool = [i / 100 for i in range(100)]
    rules = [i < 3 for i in range(100)]  # low scores, 3 % warned already
    t = threshold_beside(pool, rules, budget=0.05, combined_budget=0.02)
    assert not any(s >= t for s, r in zip(pool, rules) if not r)
    with pytest.raises(ValueError):
        threshold_beside(pool, rules[:10])
