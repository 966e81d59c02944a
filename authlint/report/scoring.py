"""The authenticity score: a pure function of the findings.

    penalty(c)   = sum of weight over the first ``limit`` findings of each rule in category c
    bonus        = min(BONUS_CAP, sum of weight over counted ``connection`` findings),
                   0 when the post has an impersonation finding (warning or error)
    raw          = clamp(100 - sum(penalty) + bonus, 0, 100)
    score        = raw, then held inside the post's band (see below)
    subscore(c)  = clamp(100 - penalty(c), 0, 100)          for every penalising category
    connection   = 100 * bonus / BONUS_CAP                   how much the post reaches out

Bands (docs/scoring.md): ``>= 90`` ready to post, ``70-89`` worth a second look, ``< 70``
rewrite it. They are made true here, not hoped for from the weights:

* a post with any warning or error (a penalty a reader would notice) scores at most
  :data:`WARNED_MAX` (89), however much thanking offsets it;
* a post with a *harm* finding (an impersonation ``error``: scam, phishing, fake giveaway,
  undisclosed ad, a false credential) scores at most :data:`HARM_CAP`; a post with style
  findings only (selfishness, snark, self-promotion, impersonation warnings) never drops below
  :data:`STYLE_FLOOR`. So every harmful post ranks below every post that is merely badly put;
* connection findings never raise the score of a post with an impersonation finding ("thank
  you @handle" is how scam testimonials are written).

No findings scores 100. Bonuses only offset penalties: nothing scores above 100, and
thanking people cannot buy back more than BONUS_CAP points.

One phrase matched by two rules of a category is one problem: :func:`distinct` keeps the
heavier finding (the engine applies it before suppressions, so silencing the finding a reader
sees silences the phrase).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from authlint.report.results import POSITIVE_CATEGORIES, Finding
from authlint.severity import Severity

BONUS_CAP = 20.0
PENALTY_CATEGORIES = ("selfishness", "snark", "self-promotion", "impersonation")
HARM_CATEGORY = "impersonation"

#: Score bands, highest first: (lowest score of the band, name).
BANDS = ((90.0, "ready"), (70.0, "second look"), (0.0, "rewrite"))
WARNED_MAX = 89.0
STYLE_FLOOR = 50.0
HARM_CAP = 45.0


def band(value: float) -> str:
    """The band a score falls in: ``ready`` (>= 90), ``second look`` (70-89) or ``rewrite``."""
    return next(name for low, name in BANDS if value >= low)


def is_harm(f: Finding) -> bool:
    """A finding that misleads or defrauds readers (not a matter of style): an impersonation error."""
    return f.category == HARM_CATEGORY and f.severity is Severity.ERROR


def distinct(findings: Iterable[Finding], fallback: frozenset[str] = frozenset()) -> list[Finding]:
    """Warnings and errors with overlapping spans in one category merged into the heaviest of
    them (ties: the earlier, then the longer); ``info`` hints and connection findings are
    kept as they are. Findings of ``fallback`` rules (learned detectors) yield to any rule's
    finding on the same words, whatever the weights: a model adds judgement where the
    explainable rules are silent, never in their place. Order by position."""
    ordered = sorted(findings, key=lambda f: (f.rule in fallback, -f.weight, f.start, -(f.end - f.start), f.rule))
    kept: list[Finding] = []
    taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
    ruled: dict[str, list[tuple[int, int]]] = defaultdict(list)  # spans of non-fallback findings
    for f in ordered:
        if f.rule in fallback and any(f.start < end and start < f.end for start, end in ruled[f.category]):
            continue  # a model's finding (even an info hint) on words a rule already explains
        if f.rule not in fallback:
            ruled[f.category].append((f.start, f.end))
        if f.category in POSITIVE_CATEGORIES or f.severity.rank < Severity.WARNING.rank:
            kept.append(f)
            continue
        spans = taken[f.category]
        if f.end > f.start and any(f.start < end and start < f.end for start, end in spans):
            continue
        spans.append((f.start, f.end))
        kept.append(f)
    kept.sort(key=lambda f: (f.start, f.end, f.rule))
    return kept


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
    findings = list(findings)
    penalty: dict[str, float] = defaultdict(float)
    bonus = 0.0
    for f in counted(findings, limits):
        if f.category in POSITIVE_CATEGORIES:
            bonus += f.weight
        else:
            penalty[f.category] += f.weight
    warned = [f for f in findings if f.category not in POSITIVE_CATEGORIES and f.severity.rank >= Severity.WARNING.rank]
    if any(f.category == HARM_CATEGORY for f in warned):
        bonus = 0.0
    bonus = min(BONUS_CAP, bonus)
    total = _clamp(100.0 - sum(penalty.values()) + bonus)
    if warned:
        total = min(total, WARNED_MAX)
        total = min(total, HARM_CAP) if any(is_harm(f) for f in warned) else max(total, STYLE_FLOOR)
    subscores = {c: _clamp(100.0 - penalty.get(c, 0.0)) for c in (*categories, *penalty)}
    subscores["connection"] = round(100.0 * bonus / BONUS_CAP, 1)
    return total, subscores


def _clamp(value: float) -> float:
    return round(min(100.0, max(0.0, value)), 1)
