"""Thresholds from a false-alarm budget: at most ``budget`` of ordinary posts may be flagged.

A model's probabilities are not trustworthy as such (they depend on the training mix of
positives and negatives), so the threshold is set where it matters: on scores of ordinary
posts the model did *not* train on (out-of-fold scores, see :mod:`authlint.learn.train`).
``warn`` is the lowest probability at which at most ``budget`` of that pool is flagged;
``info`` the same for the larger ``info_budget``: posts in between are borderline, get an
``info`` finding that does not fail a run, and never get a rewrite applied by ``--fix``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from authlint.detectors.learned.model import Thresholds

WARN_BUDGET = 0.01
INFO_BUDGET = 0.03


def threshold_for(pool_scores: Sequence[float], budget: float) -> float:
    """The lowest score ``t`` with ``share(score >= t) <= budget`` over ``pool_scores``."""
    if not pool_scores:
        raise ValueError("calibration needs at least one ordinary post")
    return _allowing(pool_scores, math.floor(budget * len(pool_scores) + 1e-9))


def _allowing(scores: Sequence[float], allowed: int) -> float:
    """The lowest ``t`` at which at most ``allowed`` of ``scores`` are ``>= t``."""
    ordered = sorted(scores, reverse=True)
    if allowed >= len(ordered):
        return 0.0
    return min(1.0, math.nextafter(ordered[max(allowed, 0)], math.inf))


def threshold_beside(pool_scores: Sequence[float], flagged: Sequence[bool], budget: float = WARN_BUDGET,
                     combined_budget: float = 2 * WARN_BUDGET) -> float:
    """A threshold for a model that warns *beside* other detectors (the hand rules).

    ``flagged[i]`` says whether post ``i`` of the pool is already warned by the others. The
    result is the lowest ``t`` at which the model alone flags at most ``budget`` of the pool
    *and* the model and the others together at most ``combined_budget``: a post the rules
    already warn costs nothing more, so the model gets what is left of the shared budget.
    When the others use it all up, the model may add no post (``t`` above every free score).
    """
    if len(pool_scores) != len(flagged):
        raise ValueError("one 'flagged' answer per pool score is needed")
    alone = threshold_for(pool_scores, budget)
    free = [s for s, f in zip(pool_scores, flagged) if not f]
    if not free:
        return alone
    room = math.floor(combined_budget * len(pool_scores) + 1e-9) - sum(flagged)
    return max(alone, _allowing(free, room))


def calibrate(pool_scores: Sequence[float], budget: float = WARN_BUDGET,
              info_budget: float = INFO_BUDGET) -> Thresholds:
    """``warn`` and ``info`` thresholds for one label."""
    warn = threshold_for(pool_scores, budget)
    info = min(warn, threshold_for(pool_scores, max(budget, info_budget)))
    return Thresholds(round_up(warn), round_up(info))


def share_flagged(pool_scores: Sequence[float], threshold: float) -> float:
    """The share of ``pool_scores`` at or above ``threshold``."""
    return sum(s >= threshold for s in pool_scores) / len(pool_scores) if pool_scores else 0.0


def round_up(value: float, digits: int = 6) -> float:
    """``value`` rounded up to ``digits`` decimals, so the stored threshold never flags more."""
    scale = 10 ** digits
    return min(1.0, math.ceil(value * scale) / scale)
