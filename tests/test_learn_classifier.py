"""The ``classifier`` detector: learned rules that explain themselves, abstain when unsure, load lazily."""

from __future__ import annotations

from pathlib import Path

import pytest
from learn_data import write_labelled

from authlint import Linter
from authlint.detectors.classifier import ClassifierDetector, cached_model
from authlint.detectors.learned.model import load_model
from authlint.engine.examples import verify_examples
from authlint.errors import RuleError
from authlint.learn.build import train_files
from authlint.learn.train import TrainConfig
from authlint.report.fix import edits_for
from authlint.ruleset.loader import parse_rule
from authlint.severity import Severity

PITCH = "Buy my course now: 50% off, only 3 spots left!!"
RULE = """\
code: HSE101
name: house-pitch
category: self-promotion
message: "{{words}} read as a pitch."
why: Our editors reject pitches.
detectors:
  - type: classifier
    model: ./models/house
    label: self-promotion{threshold}
suggestions:
  - template: Say what the reader gets.
examples:
  bad:
    - text: "{pitch}"
      expect: [{{}}]
  good:
    - "Went for a walk by the river before the rain started."
"""
FIXABLE = """\
code: HSE102
name: spots-left
category: self-promotion
message: "'{match}' is fake scarcity."
why: Scarcity claims read as pressure.
detectors:
  - type: regex
    pattern: 'only 3 spots left'
suggestions:
  - template: Drop it.
    replacement: "spots are limited"
    applicability: unsafe
examples:
  bad: ["only 3 spots left"]
  good: ["plenty of room"]
"""


@pytest.fixture(scope="module")
def house(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("house")
    data = write_labelled(root / "posts.jsonl")
    rules = root / "rules"
    rules.mkdir()
    train_files([data], rules / "models" / "house", config=TrainConfig(buckets=1 << 12))
    return rules


def _rules(folder: Path, threshold: float | None = None, fixable: bool = False) -> Linter:
    extra = f"\n    threshold: {threshold}" if threshold is not None else ""
    (folder / "HSE101-house-pitch.yaml").write_text(RULE.format(threshold=extra, pitch=PITCH), encoding="utf-8")
    fix_file = folder / "HSE102-spots-left.yaml"
    if fixable:
        fix_file.write_text(FIXABLE, encoding="utf-8")
    elif fix_file.exists():
        fix_file.unlink()
    return Linter({"rules": [str(folder)], "builtin_rules": False, "check_language": False})


def test_default_rule_explains_itself() -> None:
    text = "Meeting notes are up. Wow, another Monday of waiting an hour for the bus in the rain. Love it."
    found = [f for f in Linter({"select": ["SNK190"]}).check(text).findings if f.rule == "SNK190"]
    assert len(found) == 1
    f = found[0]
    assert f.text == "Wow, another Monday of waiting an hour for the bus in the rain."
    assert f.message.endswith(" read as sarcasm.") and f.message.startswith("'")
    named = [w.strip("'") for w in f.message.removesuffix(" read as sarcasm.").replace(" and ", ", ").split(", ")]
    assert all(w in text for w in named) and 1 <= len(named) <= 3
    assert f.severity is Severity.WARNING


def test_reads_no_tagger_or_parser() -> None:
    assert ClassifierDetector(model="default", label="snark").needs() == frozenset()


def test_user_rule_pointing_at_a_trained_folder(house: Path) -> None:
    linter = _rules(house)
    report = linter.check(PITCH)
    assert [f.rule for f in report.findings] == ["HSE101"]
    assert report.findings[0].message.endswith("read as a pitch.")
    assert not linter.check("Cooked dinner with my sister and learned a lot from it.").findings
    assert verify_examples(linter) == []  # `expect: [{}]`: any finding of the rule


def test_borderline_score_is_info_costs_nothing_and_blocks_fixes(house: Path) -> None:
    model = load_model(house / "models" / "house")
    p = model.probability(PITCH, "self-promotion")
    assert p >= model.header.thresholds["self-promotion"].info
    threshold = round(min(0.995, p + (1 - p) / 2), 4)
    alone = _rules(house, threshold=threshold).check(PITCH)
    unsure = [f for f in alone.findings if f.rule == "HSE101"]
    assert unsure and unsure[0].severity is Severity.INFO and unsure[0].weight == 0
    # beside a rule that explains the same words the model's hint yields, but its doubt still
    # keeps that rule's rewrite from being applied
    report = _rules(house, threshold=threshold, fixable=True).check(PITCH)
    assert not [f for f in report.findings if f.rule == "HSE101"]
    fixable = [f for f in report.findings if f.rule == "HSE102"]
    assert fixable and all(s.applicability == "display" for s in fixable[0].suggestions)
    assert edits_for(PITCH, report.findings, unsafe=True) == []
    # without the model's doubt the same rewrite applies
    sure = _rules(house, fixable=True).check(PITCH)
    assert [e.rule for e in edits_for(PITCH, sure.findings, unsafe=True)] == ["HSE102"]


def test_unknown_model_or_label_fails_at_load(tmp_path: Path) -> None:
    rule = parse_rule
    base = {"code": "HSE103", "name": "x", "category": "snark", "message": "m", "why": "w",
            "suggestions": [{"template": "t"}], "examples": {"bad": ["a"], "good": ["b"]}}
    with pytest.raises(RuleError, match="not a model folder"):
        rule({**base, "detectors": [{"type": "classifier", "model": "./nowhere", "label": "snark"}]},
             str(tmp_path / "r.yaml"))
    with pytest.raises(RuleError, match="has no label 'kindness'"):
        rule({**base, "detectors": [{"type": "classifier", "model": "default", "label": "kindness"}]}, "r.yaml")


def test_cached_run_does_not_load_the_model(tmp_path: Path) -> None:
    post = "Oh sure, obviously the best idea ever, right because that always works"
    Linter(cache_dir=tmp_path).check(post)
    cached_model.cache_clear()
    report = Linter(cache_dir=tmp_path).check(post)
    assert cached_model.cache_info().misses == 0
    assert report.score <= 100


def test_rules_sharing_a_model_score_like_the_model_alone() -> None:
    """The four default learned rules share one logit computation per post; each must still
    decide exactly as the model's own probability for its label says (warn, info or nothing)."""
    from authlint.detectors.learned.model import shipped_model_dir
    from authlint.ruleset.loader import load_rules
    from authlint.support.data import builtin_rules_dir

    model = load_model(shipped_model_dir("default"))
    own = {r.code: next(d for d in r.detectors[0].leaves() if d.type == "classifier")
           for r in load_rules([builtin_rules_dir()]) if r.code.endswith("190")}
    texts = [
        "Wow, another Monday of waiting an hour for the bus in the rain. Love it.",
        "Our bank has detected unusual activity. Reply with your PIN to unlock your card.",
        "My new ebook on productivity is available now on my website",
        "Another year, another award on the shelf. Hard work pays off",
        "Had a great time hiking with my kids this weekend.",
    ]
    linter = Linter({"select": sorted(own)})
    decided = set()
    for text in texts:
        got = {f.rule: f.severity for f in linter.check(text).findings}
        for code, d in own.items():
            p = model.probability(text, d.label)
            band = model.header.thresholds[d.label].band(p, d.threshold)
            band = None if band == "info" and not d.info else band
            expected = {"warn": Severity.WARNING, "info": Severity.INFO, None: None}[band]
            assert got.get(code) is expected, (code, text, p)
            decided.add(expected)
    assert Severity.WARNING in decided and None in decided


def test_a_retrained_folder_is_picked_up_but_not_looked_at_per_post(tmp_path: Path) -> None:
    """A long-lived process (serve, lsp) sees a retrained model; a run does not stat the folder
    for every post and rule (at most once per ``every`` seconds)."""
    from authlint.detectors.classifier import _Current

    data = write_labelled(tmp_path / "posts.jsonl")
    folder = tmp_path / "model"
    train_files([data], folder, config=TrainConfig(buckets=1 << 10))
    eager, lazy = _Current(folder, every=0.0), _Current(folder, every=3600.0)
    assert eager().header.buckets == lazy().header.buckets == 1 << 10
    train_files([data], folder, config=TrainConfig(buckets=1 << 11))
    assert eager().header.buckets == 1 << 11
    assert lazy().header.buckets == 1 << 10  # not looked at again within the hour
