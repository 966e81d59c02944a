"""Run every rule's own ``examples``: the rule test framework behind the test suite.

A ``bad`` example must produce a finding of its rule covering each expected text; a
``good`` example must produce none. Examples are checked with the rule's ``examples.author``
and ``examples.platform``, so profile and platform rules are tested like the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from authlint.engine.linter import Linter
from authlint.ruleset.schema import Rule


@dataclass(frozen=True)
class ExampleFailure:
    rule: str
    kind: str  # "bad" or "good"
    text: str
    problem: str

    def __str__(self) -> str:
        return f"{self.rule} {self.kind} example {self.text!r}: {self.problem}"


def verify_examples(linter: Linter, rules: Iterable[Rule] | None = None) -> list[ExampleFailure]:
    """Check the examples of ``rules`` (default: all of the linter's rules) in one batch."""
    rules = list([*linter.rules, *linter.platform_rules] if rules is None else rules)
    cases: list[tuple[Rule, str, str, list[str]]] = []
    for rule in rules:
        for bad in rule.examples.bad:
            cases.append((rule, "bad", bad.text, [e.match for e in bad.expect]))
        for good in rule.examples.good:
            cases.append((rule, "good", good, []))
    failures: list[ExampleFailure] = []
    reports = linter.check_many(
        (text for _, _, text, _ in cases),
        platforms=(rule.examples.platform for rule, _, _, _ in cases),
        authors=(rule.examples.author for rule, _, _, _ in cases),
    )
    for (rule, kind, text, expected), report in zip(cases, reports):
        found = [f.text for f in report.findings if f.rule == rule.code]
        if kind == "good" and found:
            failures.append(ExampleFailure(rule.code, kind, text, f"unexpected finding(s) {found}"))
        elif kind == "bad" and not found:
            failures.append(ExampleFailure(rule.code, kind, text, "no finding"))
        else:
            for want in expected:
                if want not in found:
                    failures.append(ExampleFailure(rule.code, kind, text, f"expected a finding on {want!r}, got {found}"))
    return failures
