"""The authenticity score: a pure function of the findings.

    penalty(c)   = sum of weight over the first ``limit`` findings of each rule in category c
    bonus        = min(BONUS_CAP, sum of weight over counted ``connection`` findings)
    score        = clamp(100 - sum(penalty) + bonus, 0, 100)
    subscore(c)  = clamp(100 - penalty(c), 0, 100)          for every penalising category
    connection   = 100 * bonus / BONUS_CAP                   how much the post reaches out

No findings scores 100. Bonuses only offset penalties: nothing scores above 100, and
thanking people cannot buy back more than BONUS_CAP points.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from authlint.report.results import POSITIVE_CATEGORIES, Finding

BONUS_CAP = 20.0
PENALTY_CATEGORIES = ("selfishness", "snark", "self-promotion", "impersonation")


def counted(findings: Iterable[Finding], limits: Mapping[str, int]) -> list[Finding]:
    """Findings that count toward the score: at most ``limits[rule]`` per rule, in order."""
    seen: Counter[str] = Counter()
    kept = []
    for f in findings:
        seen[f.rule] += 1
        if seen[f.rule] <= limits.get(f.rule, 1):
            kept.append(f)
    return kept


def score(findings: Iterable[Finding], limits: Mapping[str, int],
          categories: Iterable[str] = PENALTY_CATEGORIES) -> tuple[float, dict[str, float]]:
    """(score, subscores) for one post's findings."""
    penalty: dict[str, float] = defaultdict(float)
    bonus = 0.0
    for f in counted(findings, limits):
        if f.category in POSITIVE_CATEGORIES:
            bonus += f.weight
        else:
            penalty[f.category] += f.weight
    bonus = min(BONUS_CAP, bonus)
    total = _clamp(100.0 - sum(penalty.values()) + bonus)
    subscores = {c: _clamp(100.0 - penalty.get(c, 0.0)) for c in (*categories, *penalty)}
    subscores["connection"] = round(100.0 * bonus / BONUS_CAP, 1)
    return total, subscores


def _clamp(value: float) -> float:
    return round(min(100.0, max(0.0, value)), 1)
