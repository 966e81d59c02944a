"""The HTML report of ``authlint report``: one self-contained file about a whole content repo.

:func:`summarise` turns checked posts into the numbers the page shows (score distribution,
findings per category and rule, the worst posts, score over time, per author and platform);
:func:`render` lays them out with the jinja2 templates in ``templates/``. Charts are inline
SVG computed here, styles and the few lines of script are inline, and a Content-Security-Policy
forbids the file any request at all: it opens the same from a laptop, a CI artifact or e-mail.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from authlint._version import __version__
from authlint.report.results import POSITIVE_CATEGORIES

TEMPLATES = Path(__file__).resolve().parent / "templates"
CATEGORY_ORDER = ("selfishness", "snark", "self-promotion", "impersonation", "platform", "connection")
#: Worst posts listed at the top (every post with findings is listed further down).
WORST = 20
HISTOGRAM_BINS = 10
#: Posts spanning more days than this are grouped by month in "score over time", else by day.
DAILY_SPAN = 92
CHART_WIDTH, CHART_HEIGHT = 640, 220
_PAD_LEFT, _PAD_BOTTOM, _PAD_TOP = 36, 28, 12


@dataclass(frozen=True)
class ReportPost:
    """One post as the report sees it: where it is, who and where for, when, and its report."""

    label: str
    score: float | None
    findings: list[dict[str, Any]] = field(default_factory=list)
    text: str = ""
    platform: str | None = None
    author: str | None = None
    date: dt.date | None = None
    date_source: str | None = None
    """``front matter``, ``column`` or ``git``."""
    error: str | None = None
    skipped: str | None = None

    @property
    def problems(self) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["category"] not in POSITIVE_CATEGORIES]


def _rank(category: str) -> int:
    return CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else len(CATEGORY_ORDER)


def _mean(values: Sequence[float]) -> float | None:
    return round(statistics.fmean(values), 1) if values else None


# --- charts -------------------------------------------------------------------------------------


def _nice_top(value: float, steps: int = 4) -> float:
    """The smallest round axis maximum >= ``value`` with ``steps`` whole, round steps (182 -> 200)."""
    raw = max(value, 1) / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * magnitude >= raw)
    return math.ceil(step) * steps


def _bars(values: Sequence[tuple[str, float, str]]) -> dict[str, Any]:
    """A vertical bar chart of counts: (label, value, css class) per bar, in SVG coordinates."""
    top = _nice_top(max([v for _, v, _ in values] or [0]))
    inner_w, inner_h = CHART_WIDTH - _PAD_LEFT - 8, CHART_HEIGHT - _PAD_BOTTOM - _PAD_TOP
    slot = inner_w / max(1, len(values))
    bars = []
    for i, (label, value, css) in enumerate(values):
        height = inner_h * value / top if top else 0
        bars.append({
            "label": label, "value": value, "css": css, "x": round(_PAD_LEFT + i * slot + slot * 0.12, 1),
            "width": round(slot * 0.76, 1), "y": round(_PAD_TOP + inner_h - height, 1), "height": round(height, 1),
            "cx": round(_PAD_LEFT + i * slot + slot / 2, 1),
        })
    ticks = [{"value": int(top * k / 4), "y": round(_PAD_TOP + inner_h - inner_h * k / 4, 1)} for k in range(5)]
    return {"bars": bars, "ticks": ticks, "width": CHART_WIDTH, "height": CHART_HEIGHT, "left": _PAD_LEFT,
            "baseline": _PAD_TOP + inner_h, "label_y": CHART_HEIGHT - 8}


def _line(points: Sequence[tuple[str, float, int]]) -> dict[str, Any]:
    """A line chart of mean score (0..100) per period: (label, mean, posts)."""
    inner_w, inner_h = CHART_WIDTH - _PAD_LEFT - 16, CHART_HEIGHT - _PAD_BOTTOM - _PAD_TOP
    step = inner_w / max(1, len(points) - 1)
    out = []
    for i, (label, mean, count) in enumerate(points):
        x = _PAD_LEFT + 8 + (i * step if len(points) > 1 else inner_w / 2)
        y = _PAD_TOP + inner_h - inner_h * mean / 100
        out.append({"label": label, "mean": mean, "count": count, "x": round(x, 1), "y": round(y, 1)})
    every = max(1, len(out) // 8)  # at most ~8 labels on the axis
    ticks = [{"value": v, "y": round(_PAD_TOP + inner_h - inner_h * v / 100, 1)} for v in (0, 25, 50, 75, 100)]
    return {"points": out, "path": " ".join(f"{p['x']},{p['y']}" for p in out), "ticks": ticks,
            "labelled": {p["label"] for i, p in enumerate(out) if i % every == 0 or i == len(out) - 1},
            "width": CHART_WIDTH, "height": CHART_HEIGHT, "left": _PAD_LEFT, "baseline": _PAD_TOP + inner_h,
            "label_y": CHART_HEIGHT - 8}


# --- the numbers --------------------------------------------------------------------------------


def _histogram(scores: Sequence[float]) -> dict[str, Any]:
    width = 100 / HISTOGRAM_BINS
    counts = [0] * HISTOGRAM_BINS
    for s in scores:
        counts[min(HISTOGRAM_BINS - 1, int(s // width))] += 1
    bins = []
    for i, n in enumerate(counts):
        low = int(i * width)
        high = int((i + 1) * width)
        css = "high" if low >= 90 else "mid" if low >= 70 else "low"
        bins.append((f"{low}–{high}", float(n), css))
    return _bars(bins)


def _groups(posts: Sequence[ReportPost], key: str) -> list[dict[str, Any]]:
    """Posts, mean and lowest score, findings per author or platform (``key``), worst mean first."""
    grouped: dict[str, list[ReportPost]] = defaultdict(list)
    for p in posts:
        value = getattr(p, key)
        if value is not None and p.score is not None:
            grouped[value].append(p)
    rows = []
    for name, members in grouped.items():
        scores = [p.score for p in members if p.score is not None]
        categories = Counter(f["category"] for p in members for f in p.problems)
        rows.append({"name": name, "posts": len(members), "mean": _mean(scores), "min": min(scores),
                     "findings": sum(len(p.problems) for p in members),
                     "top": categories.most_common(1)[0][0] if categories else None})
    return sorted(rows, key=lambda r: (r["mean"], r["name"]))


def _timeline(posts: Sequence[ReportPost]) -> dict[str, Any] | None:
    dated = [p for p in posts if p.date is not None and p.score is not None]
    if not dated:
        return None
    first, last = min(p.date for p in dated), max(p.date for p in dated)  # type: ignore[type-var]
    monthly = (last - first).days > DAILY_SPAN  # type: ignore[operator]
    periods: dict[str, list[float]] = defaultdict(list)
    for p in dated:
        assert p.date is not None and p.score is not None
        periods[p.date.strftime("%Y-%m") if monthly else p.date.isoformat()].append(p.score)
    points = [(label, round(statistics.fmean(s), 1), len(s)) for label, s in sorted(periods.items())]
    sources = Counter(p.date_source for p in dated)
    return {"chart": _line(points), "rows": points, "by": "month" if monthly else "day", "dated": len(dated),
            "sources": ", ".join(f"{n} from {src}" for src, n in sources.most_common())}


def summarise(posts: Sequence[ReportPost]) -> dict[str, Any]:
    """Everything the report shows, as plain data (the template only lays it out)."""
    checked = [p for p in posts if p.score is not None]
    scores = [p.score for p in checked if p.score is not None]
    categories = Counter(f["category"] for p in checked for f in p.findings)
    rules: dict[str, dict[str, Any]] = {}
    for p in checked:
        for code in {f["rule"] for f in p.findings}:
            first = next(f for f in p.findings if f["rule"] == code)
            row = rules.setdefault(code, {"code": code, "name": first["name"], "category": first["category"],
                                          "severity": first["severity"], "findings": 0, "posts": 0})
            row["posts"] += 1
            row["findings"] += sum(1 for f in p.findings if f["rule"] == code)
    ids = {id(p): i for i, p in enumerate(posts)}
    with_findings = sorted((p for p in checked if p.findings), key=lambda p: (p.score, p.label))
    worst = [p for p in with_findings if p.problems][:WORST]
    return {
        "total": len(posts), "checked": len(checked), "mean": _mean(scores),
        "median": round(statistics.median(scores), 1) if scores else None, "min": min(scores) if scores else None,
        "findings": sum(len(p.problems) for p in checked), "connection": categories.get("connection", 0),
        "clean": sum(1 for p in checked if not p.problems),
        "errors": [p for p in posts if p.error], "skipped": [p for p in posts if p.skipped],
        "histogram": _histogram(scores),
        "categories": _bars(sorted(((c, float(n), f"cat-{c}") for c, n in categories.items()), key=lambda b: _rank(b[0]))),
        "category_rows": sorted(categories.items(), key=lambda kv: _rank(kv[0])),
        "rules": sorted(rules.values(), key=lambda r: (-r["findings"], r["code"])),
        "worst": [(ids[id(p)], p) for p in worst],
        "posts": [(ids[id(p)], p) for p in with_findings],
        "timeline": _timeline(checked),
        "authors": _groups(checked, "author"),
        "platforms": _groups(checked, "platform"),
    }


def _excerpt(text: str, finding: dict[str, Any], width: int = 60) -> tuple[str, str, str]:
    """(before, match, after) around a finding, on one line."""
    start, end = finding["start"], finding["end"]
    before = " ".join(text[max(0, start - width):start].split())
    after = " ".join(text[end:end + width].split())
    return ("…" + before[-width:] if start > width else before, " ".join(text[start:end].split()),
            after[:width] + ("…" if len(text) - end > width else ""))


def render(posts: Sequence[ReportPost], *, title: str = "authlint report", generated: dt.datetime | None = None) -> str:
    """The report as one HTML document."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.globals["excerpt"] = _excerpt
    when = generated or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return env.get_template("report.html.j2").render(
        title=title, generated=when.isoformat(), version=__version__, s=summarise(posts), order=CATEGORY_ORDER,
    )
