"""Shared patterns (authlint/data/patterns.yaml, a `regex` detector's ``use:``) and the
security advisories they let the phishing rules recognise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from authlint import Linter
from authlint.detectors.classifier import ClassifierDetector
from authlint.detectors.conditional import ConditionalDetector
from authlint.detectors.regex import RegexDetector, shared_patterns
from authlint.errors import RuleError
from authlint.ruleset.loader import load_rules, parse_rule
from authlint.support.data import builtin_rules_dir

BASE: dict[str, Any] = {
    "code": "HSE201", "name": "x", "category": "impersonation", "message": "m", "why": "w",
    "suggestions": [{"template": "t"}], "examples": {"bad": ["a"], "good": ["b"]},
}


def test_use_reads_the_shared_pattern() -> None:
    detector = RegexDetector(use="security-advisory")
    assert detector.pattern == shared_patterns()["security-advisory"]
    assert detector.search("We will never ask for your password.")
    assert not detector.search("Please send your password to verify.")


@pytest.mark.parametrize(("detector", "message"), [
    ({"type": "regex", "use": "kindness"}, "no shared pattern 'kindness'; known: security-advisory"),
    ({"type": "regex", "use": "security-advisory", "pattern": "x"}, "give either `pattern` or `use`"),
])
def test_a_bad_use_is_a_one_line_rule_error(detector: dict[str, Any], message: str) -> None:
    with pytest.raises(RuleError, match=message) as caught:
        parse_rule({**BASE, "detectors": [detector]}, "house.yaml")
    assert "\n" not in str(caught.value)


def test_every_shared_pattern_is_used_by_a_shipped_rule() -> None:
    used = {leaf.use for rule in load_rules([builtin_rules_dir()]) for top in rule.detectors
            for leaf in top.leaves() if isinstance(leaf, RegexDetector) and leaf.use}
    assert used == set(shared_patterns())


def test_a_conditional_on_a_learned_cue_yields_like_the_model() -> None:
    """A learned cue's findings give way to a rule's on the same words, inside a conditional too."""
    learned = ClassifierDetector(model="default", label="impersonation")
    vetoed = ConditionalDetector(when=learned, unless=[RegexDetector(use="security-advisory")])
    assert vetoed.fallback is True
    assert ConditionalDetector(when=RegexDetector(pattern="x"), unless=[learned]).fallback is False
    assert [d.type for d in vetoed.leaves()] == ["conditional", "classifier", "regex"]


ADVISORIES = [
    "Heads up: scammers are impersonating our team on Telegram. We will never DM you first or ask for "
    "your seed phrase. Report fake accounts to security@acme.io.",
    "Reminder: Acme staff will never ask for your password or 2FA code. Stay safe out there!",
    "Our support team will never ask for your password. If you get a DM from 'AcmeSupport_Help', report it.",
    "Never share your recovery phrase or send your private key to anyone, including us.",
]
SCAMS = [
    "Hi! This is the official support team. Send us your seed phrase so we can restore your wallet.",
    "We never ask for your password by email. To keep your account, DM us your password today.",
]


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


@pytest.mark.parametrize("post", ADVISORIES)
def test_a_security_advisory_is_not_read_as_phishing_or_spam(linter: Linter, post: str) -> None:
    """Each of these got an IMP105, IMP190, IMP210 or PRO190 warning before the rules read advisories."""
    assert [f.rule for f in linter.check(post).findings] == []


@pytest.mark.parametrize("post", SCAMS)
def test_a_request_for_secrets_still_counts_beside_an_advisory(linter: Linter, post: str) -> None:
    assert "IMP210" in {f.rule for f in linter.check(post).findings}


def test_a_damaged_patterns_file_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import authlint.detectors.regex as regex_detector
    from authlint.support.wordlists import WordListError

    bad = tmp_path / "patterns.yaml"
    bad.write_text("security-advisory: ''\n", encoding="utf-8")
    monkeypatch.setattr(regex_detector, "data_path", lambda *parts: bad)
    shared_patterns.cache_clear()
    try:
        with pytest.raises(WordListError, match="must map pattern names to non-empty regular expressions"):
            shared_patterns()
    finally:
        shared_patterns.cache_clear()
