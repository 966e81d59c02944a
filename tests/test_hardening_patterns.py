"""Rule patterns whose compiling or matching could never finish are refused when rules load."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from authlint.detectors.pattern_bounds import (
    MAX_VARIABLE_TOKENS,
    MAX_WIDE_RELATIONS,
    dependency_problem,
    matcher_problem,
    regex_problem,
)
from authlint.errors import RuleError
from authlint.ruleset.loader import load_rule_file, load_rules
from authlint.support.data import builtin_rules_dir


def rule_file(tmp_path: Path, detector: dict) -> Path:
    body = {
        "code": "TST001", "name": "runaway", "category": "snark", "severity": "warning",
        "message": "m", "why": "w", "detectors": [detector],
        "suggestions": [{"template": "t"}], "examples": {"bad": ["foo"], "good": ["bar"]},
    }
    path = tmp_path / "TST001-runaway.yaml"
    path.write_text(json.dumps(body), encoding="utf-8")  # JSON is YAML
    return path


def test_nested_counted_repeats_are_refused_before_compiling(tmp_path: Path) -> None:
    path = rule_file(tmp_path, {"type": "regex", "pattern": "(?:(?:(?:foo){1000}){1000}){1000}"})
    started = time.perf_counter()
    with pytest.raises(RuleError, match=r"rule TST001: detectors\.0.*expand to 1,000,000,000 copies") as caught:
        load_rule_file(path)
    assert time.perf_counter() - started < 5
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("pattern", "refused"),
    [
        ("(?:(?:foo){200}){200}", True),
        ("(a{101}){100}", True),
        ("x" * 6000, True),
        ("(a{100}){100}", False),
        (r"(?:\w+\W+){0,40}", False),
        (r"[{(]{3}\{\d+\}", False),  # braces in classes and escaped braces are not repeats
    ],
)
def test_regex_bounds(pattern: str, refused: bool) -> None:
    assert (regex_problem(pattern) is not None) is refused


def test_many_star_tokens_are_refused(tmp_path: Path) -> None:
    pattern = [{"LOWER": "a"}, *([{"OP": "*"}] * (MAX_VARIABLE_TOKENS + 1)), {"LOWER": "b"}]
    path = rule_file(tmp_path, {"type": "token_pattern", "patterns": [pattern]})
    with pytest.raises(RuleError, match=rf"rule TST001: .*pattern 0 has {MAX_VARIABLE_TOKENS + 1} tokens with OP"):
        load_rule_file(path)
    assert matcher_problem([[{"LOWER": "a"}, {"OP": "*"}, {"OP": "+"}, {"LOWER": "b"}]]) is None
    assert MAX_VARIABLE_TOKENS == 2  # three took 10.9 s on one 128-token window (docs/reliability.md)


def test_open_ended_dependency_chains_are_refused(tmp_path: Path) -> None:
    nodes = [{"RIGHT_ID": "n0", "RIGHT_ATTRS": {"POS": "VERB"}}] + [
        {"LEFT_ID": f"n{i}", "REL_OP": ".*", "RIGHT_ID": f"n{i + 1}", "RIGHT_ATTRS": {}}
        for i in range(MAX_WIDE_RELATIONS + 1)
    ]
    path = rule_file(tmp_path, {"type": "dependency_pattern", "patterns": [nodes]})
    with pytest.raises(RuleError, match=rf"rule TST001: .*chains {MAX_WIDE_RELATIONS + 1} open-ended relations"):
        load_rule_file(path)
    assert dependency_problem([nodes[:MAX_WIDE_RELATIONS + 1]]) is None


def test_every_builtin_rule_is_within_the_bounds() -> None:
    assert len(load_rules([builtin_rules_dir()])) > 40
