"""Prefiltering is exact: the gate never changes a finding, whichever rules are selected.

Two invariants, over the project corpus and (where ``../shared/datasets`` is beside the checkout)
a fixed sample of 2,000 public posts: the default selection gives identical reports with and
without prefilters, and every rule selected on its own finds exactly what it finds in the
default selection (a measure must not read annotations some other rule happened to cause).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from authlint import Linter

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "datasets" / "dev"
SAMPLE = 2000


def _corpus() -> list[str]:
    lines = (ROOT / "examples" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def _dev_sample() -> list[str]:
    """A fixed sample: the rows whose text hashes lowest, spread over every dev file."""
    rows = []
    for path in sorted(DEV.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = json.loads(line)["text"]
                rows.append((hashlib.sha256(text.encode("utf-8")).hexdigest(), text))
    return [text for _, text in sorted(rows)[:SAMPLE]]


def _findings(reports) -> list[list[tuple[str, int, int, str]]]:
    return [[(f.rule, f.start, f.end, f.message) for f in r.findings] for r in reports]


@pytest.mark.slow
@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/datasets/dev is not beside this checkout")
def test_default_selection_is_exact_on_public_posts(linter: Linter) -> None:
    texts = _dev_sample()
    assert len(texts) == SAMPLE
    staged = [r.to_dict() for r in linter.check_many(texts)]
    full = [r.to_dict() for r in Linter(prefilter=False).check_many(texts)]
    changed = [t[:80] for t, a, b in zip(texts, staged, full) if a != b]
    assert not changed, f"prefiltering changed {len(changed)} reports, e.g. {changed[:3]}"


@pytest.mark.slow
def test_each_rule_alone_finds_what_it_finds_in_the_default_selection(linter: Linter) -> None:
    """Alone, a rule finds everything it finds beside the others, and more only where the
    default selection merged its finding into a heavier one of the same category on the same
    words (one phrase costs once: authlint.report.scoring.distinct)."""
    texts = _corpus()
    default = [r.findings for r in linter.check_many(texts)]
    for rule in linter.rules:
        alone = [r.findings for r in Linter({"select": [rule.code]}).check_many(texts)]
        for text, mine, everyone in zip(texts, alone, default):
            key = lambda f: (f.rule, f.start, f.end, f.message)  # noqa: E731
            kept = {key(f) for f in everyone if f.rule == rule.code}
            assert kept <= {key(f) for f in mine}, f"{rule.code} alone lost a finding on {text[:60]!r}"
            for f in mine:
                if key(f) not in kept:
                    assert any(g.category == f.category and g.rule != f.rule and g.start < f.end and f.start < g.end
                               for g in everyone), f"{rule.code} alone found {f.text!r} the default run never had, on {text[:60]!r}"
