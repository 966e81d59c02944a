"""Soak: 5,000 posts through one Linter; memory must not grow with the number of posts.

Marked ``soak`` (runs by default in about 15 seconds; ``-m "not soak"`` skips it).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from authlint import Linter

POSTS = 5_000
#: Allowed RSS growth over the run. spaCy's StringStore keeps every new word it sees (here
#: ~5,000 unique ones), which costs a few MB; a leak of one Doc per post would cost far more.
MAX_GROWTH_MB = 64

TEMPLATES = [
    "Buy now!!! Link in bio. #ad #sale{i}",
    "Thanks so much @sam{i} for the help, we shipped version {i} today!",
    "Oh great, another Monday. I did it. I won. I am the best. Day {i}.",
    "What do you think about release {i}? 👩🏽‍💻 https://example.com/posts/{i}",
    "We wrote up how we built search, part {i}.\r\nFeedback welcome.",
    "Hoy lanzamos la versión {i} de nuestra aplicación, gracias a todo el equipo por el trabajo.",
    "",
]


def _rss_mb() -> float:
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("needs /proc to measure resident memory")
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    pytest.skip("no VmRSS in /proc/self/status")


@pytest.mark.soak
def test_5000_posts_in_bounded_memory(linter: Linter) -> None:
    rng = random.Random(6)
    texts = [rng.choice(TEMPLATES).format(i=i) + (f" word{i}" if i % 2 else "") for i in range(POSTS)]
    list(linter.check_many(texts[:200]))  # warm up: model, matchers and caches loaded
    start = _rss_mb()
    checked = with_findings = 0
    for text, report in zip(texts, linter.check_many(texts), strict=True):
        checked += 1
        with_findings += bool(report.findings)
        assert 0 <= report.score <= 100
        for f in report.findings:  # reports stay aligned with their posts
            assert text[f.start:f.end] == f.text
        assert not [n for n in report.notices if n.kind == "error"]
    end = _rss_mb()
    assert checked == POSTS
    assert with_findings > POSTS // 3  # the run exercised real rules, not just empty reports
    assert end - start < MAX_GROWTH_MB, f"RSS grew {end - start:.0f} MB over {POSTS} posts ({start:.0f} -> {end:.0f} MB)"
