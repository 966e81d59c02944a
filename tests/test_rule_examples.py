"""Every rule's own examples are tests: bad examples must match, good ones must not."""

from __future__ import annotations

import pytest

from authlint import Linter
from authlint.engine.examples import verify_examples
from authlint.ruleset.loader import load_rules
from authlint.settings.config import Config

RULES = load_rules(Config().rule_dirs())


def test_rules_exist_in_every_category() -> None:
    categories = {r.category for r in RULES}
    assert {"selfishness", "snark", "self-promotion", "impersonation", "connection"} <= categories


@pytest.fixture(scope="module")
def everything() -> Linter:
    """Every rule selected, the ones off by default included (platform rules)."""
    return Linter({"select": ["ALL"]})


def test_every_rule_runs_its_examples(everything: Linter) -> None:
    assert {r.code for r in everything.rules} == {r.code for r in RULES}


@pytest.fixture(scope="module")
def failures(everything: Linter) -> dict[str, list[str]]:
    by_rule: dict[str, list[str]] = {}
    for failure in verify_examples(everything, RULES):
        by_rule.setdefault(failure.rule, []).append(str(failure))
    return by_rule


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_examples(rule, failures: dict[str, list[str]]) -> None:
    assert rule.examples.bad and rule.examples.good
    assert failures.get(rule.code, []) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_suggestion_and_why(rule) -> None:
    assert rule.suggestions and rule.why.strip()


def test_rule_without_examples_is_rejected(tmp_path) -> None:
    from authlint.errors import RuleError

    (tmp_path / "X.yaml").write_text(
        "code: XYZ001\nname: no-examples\ncategory: snark\nmessage: m\nwhy: w\n"
        "detectors: [{type: phrase, phrases: [foo]}]\nsuggestions: [{template: t}]\n"
    )
    with pytest.raises(RuleError, match=r"rule XYZ001: examples: Field required"):
        load_rules([tmp_path])


def test_failing_example_is_reported(tmp_path) -> None:
    (tmp_path / "X.yaml").write_text(
        "code: XYZ001\nname: foo\ncategory: snark\nmessage: m\nwhy: w\n"
        "detectors: [{type: phrase, phrases: [foo]}]\nsuggestions: [{template: t}]\n"
        "examples: {bad: [bar], good: [a foo here]}\n"
    )
    linter = Linter({"builtin-rules": False, "rules": [str(tmp_path)]})
    problems = sorted(f.problem for f in verify_examples(linter))
    assert problems == ["no finding", "unexpected finding(s) ['foo']"]
