"""authlint.learn.calibrate: thresholds that keep ordinary posts within the false-alarm budget."""

from __future__ import annotations

import pytest

from authlint.detectors.learned.model import Thresholds
from authlint.learn.calibrate import calibrate, share_flagged, threshold_for


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
