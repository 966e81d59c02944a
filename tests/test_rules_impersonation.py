"""Impersonation / deception rules IMP1xx: credentials, invented authority, scam shapes."""

from __future__ import annotations

import pytest

from authlint import Linter


def imp(linter: Linter, text: str) -> set[str]:
    return {f.rule for f in linter.check(text).findings if f.category == "impersonation" and f.rule < "IMP200"}


@pytest.mark.parametrize(("text", "rule"), [
    ("Trust me, I'm a doctor: this works.", "IMP101"),
    ("Studies show our app makes you 3x faster.", "IMP102"),
    ("Send 1 ETH and get 2 ETH back!", "IMP104"),
    ("Airdrop is live, connect your wallet to claim.", "IMP105"),
    ("Lost funds? Our recovery experts can help.", "IMP106"),
    ("WhatsApp: +1 555 0100, send \"stocks\" to get them free", "IMP107"),
    ("A million customers can't be wrong!", "IMP108"),
    ("This is the official account of Acme Bank.", "IMP109"),
    ("Congratulations! You have won a prize.", "IMP110"),
])
def test_scam_and_persona_shapes(linter: Linter, text: str, rule: str) -> None:
    assert rule in imp(linter, text)


@pytest.mark.parametrize("text", [
    "Studies show remote teams write more docs (GitLab, 2023: https://example.com/report).",
    "On behalf of the whole team, thank you for coming.",
    "You won't believe how much the kids enjoyed the science fair.",
    "If you lost money to a scam, report it to the police and your bank first.",
    "Congratulations to Priya, who won the photo contest.",
])
def test_honest_posts_pass(linter: Linter, text: str) -> None:
    assert imp(linter, text) == set()
