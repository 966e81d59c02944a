"""Measure rules on labelled posts: per-category precision/recall/F1 and where they go wrong.

Rows are JSON objects with ``text`` and either ``labels`` (a list of category ids, ``[]`` for a
clean post) or ``label`` (0/1) about one category named by the caller. A post is *predicted*
positive for a category when it has a warning or error finding in it (for positive categories
such as ``connection``, which only ever produce ``info`` findings, any finding counts).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from authlint.errors import InputError
from authlint.report.results import POSITIVE_CATEGORIES, Report
from authlint.report.scoring import BANDS, band
from authlint.severity import Severity
from authlint.support.nesting import TooDeepError, loads_json

CLEAN = "clean"


@dataclass(frozen=True)
class Row:
    """One labelled post. ``scope`` holds the categories the row's labels speak about."""

    source: str
    id: str
    text: str
    labels: frozenset[str]
    scope: frozenset[str] | None  # None: labels are exhaustive over every category


@dataclass(frozen=True)
class Scored:
    row: Row
    predicted: frozenset[str]
    score: float
    rules: tuple[str, ...]


@dataclass
class CategoryStats:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "support": self.tp + self.fn, "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
            "precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
        }


@dataclass
class Evaluation:
    rows: int
    categories: dict[str, CategoryStats]
    clean_total: int
    clean_flagged: int
    scores: dict[str, dict[str, float]]
    false_positives: dict[str, list[Scored]] = field(default_factory=dict)
    false_negatives: dict[str, list[Scored]] = field(default_factory=dict)
    bands: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per label (``clean`` for unlabelled rows): how many posts fall in each score band."""

    @property
    def clean_false_alarm_rate(self) -> float:
        return self.clean_flagged / self.clean_total if self.clean_total else 0.0

    def as_dict(self) -> dict[str, Any]:
        def examples(items: dict[str, list[Scored]]) -> dict[str, list[dict[str, Any]]]:
            return {
                c: [{"source": s.row.source, "id": s.row.id, "text": s.row.text, "score": s.score,
                     "rules": list(s.rules)} for s in found]
                for c, found in items.items()
            }

        return {
            "rows": self.rows,
            "categories": {c: s.as_dict() for c, s in self.categories.items()},
            "clean": {"total": self.clean_total, "flagged": self.clean_flagged,
                      "false_alarm_rate": round(self.clean_false_alarm_rate, 3)},
            "scores": self.scores,
            "bands": self.bands,
            "false_positives": examples(self.false_positives),
            "false_negatives": examples(self.false_negatives),
        }


def read_rows(path: str | Path, category: str | None = None) -> list[Row]:
    """Rows of one JSONL file; bad input raises :class:`InputError` naming ``file:line``."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 at byte {exc.start}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    rows: list[Row] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        rows.append(_row(line, f"{path}:{number}", category))
    return rows


def _row(line: str, where: str, category: str | None) -> Row:
    try:
        data = loads_json(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: invalid JSON: {exc.msg}") from None
    except TooDeepError as exc:
        raise InputError(f"{where}: invalid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object")
    text = data.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: row has no string 'text'")
    source, _, _ = where.rpartition(":")
    row_id = str(data.get("id", where.rpartition(":")[2]))
    if "labels" in data:
        labels = data["labels"]
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise InputError(f"{where}: 'labels' must be a list of category ids")
        scope = frozenset({category}) if category else None
        return Row(source, row_id, text, frozenset(labels) & scope if scope else frozenset(labels), scope)
    if "label" in data:
        if category is None:
            raise InputError(f"{where}: row has 'label' but no --category names what it is about")
        if data["label"] not in (0, 1) or isinstance(data["label"], bool):
            raise InputError(f"{where}: 'label' must be 0 or 1")
        return Row(source, row_id, text, frozenset({category}) if data["label"] else frozenset(), frozenset({category}))
    raise InputError(f"{where}: row needs 'labels' (list) or 'label' (0/1)")


def predicted_categories(report: Report) -> frozenset[str]:
    """Categories a report counts as positive for (warning/error; any finding for connection)."""
    return frozenset(
        f.category for f in report.findings
        if f.category in POSITIVE_CATEGORIES or f.severity.rank >= Severity.WARNING.rank
    )


def evaluate(rows: Sequence[Row], reports: Iterable[Report], categories: Iterable[str],
             top: int = 5) -> Evaluation:
    """Compare reports (in row order) with the rows' labels."""
    wanted = list(dict.fromkeys(categories))
    scored = [
        Scored(row, predicted_categories(rep), rep.score, tuple(dict.fromkeys(f.rule for f in rep.findings)))
        for row, rep in zip(rows, reports, strict=True)
    ]
    stats = {c: CategoryStats() for c in wanted}
    fps: dict[str, list[Scored]] = {c: [] for c in wanted}
    fns: dict[str, list[Scored]] = {c: [] for c in wanted}
    clean_total = clean_flagged = 0
    by_label: dict[str, list[float]] = {}
    bands: dict[str, dict[str, int]] = {}
    for s in scored:
        for label in s.row.labels or {CLEAN}:
            by_label.setdefault(label, []).append(s.score)
            counts = bands.setdefault(label, {name: 0 for _, name in BANDS})
            counts[band(s.score)] += 1
        if not s.row.labels:
            clean_total += 1
            penalising = s.predicted - POSITIVE_CATEGORIES
            if s.row.scope is not None:
                penalising &= s.row.scope
            clean_flagged += bool(penalising)
        for c in wanted:
            if s.row.scope is not None and c not in s.row.scope:
                continue
            gold, guess = c in s.row.labels, c in s.predicted
            st = stats[c]
            if gold and guess:
                st.tp += 1
            elif guess:
                st.fp += 1
                fps[c].append(s)
            elif gold:
                st.fn += 1
                fns[c].append(s)
            else:
                st.tn += 1
    # Worst false positives: the lowest-scoring posts we wrongly flagged; worst misses: the
    # highest-scoring posts we let through.
    return Evaluation(
        rows=len(scored),
        categories={c: st for c, st in stats.items() if st.tp + st.fp + st.fn + st.tn},
        clean_total=clean_total,
        clean_flagged=clean_flagged,
        scores={label: _distribution(values) for label, values in sorted(by_label.items())},
        bands=dict(sorted(bands.items())),
        false_positives={c: sorted(v, key=lambda s: s.score)[:top] for c, v in fps.items() if v and top},
        false_negatives={c: sorted(v, key=lambda s: -s.score)[:top] for c, v in fns.items() if v and top},
    )


def _distribution(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]
    return {
        "n": len(ordered), "mean": round(statistics.fmean(ordered), 1), "min": ordered[0],
        "p10": pct(0.1), "median": pct(0.5), "p90": pct(0.9), "max": ordered[-1],
    }


def categories_for(rows: Iterable[Row], known: Iterable[str]) -> list[str]:
    """Categories worth reporting: those the rows are scoped to, else every known one and any label."""
    scoped: set[str] = set()
    labels: set[str] = set()
    exhaustive = False
    for r in rows:
        labels |= r.labels
        if r.scope is None:
            exhaustive = True
        else:
            scoped |= r.scope
    names = set(scoped)
    if exhaustive:
        names |= set(known) | labels
    return sorted(names)
