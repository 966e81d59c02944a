"""Connection rules raise the score: crediting people, asking the audience, owning mistakes."""

from __future__ import annotations

from authlint import Linter


def test_crediting_people_raises_a_penalised_score(linter: Linter) -> None:
    base = linter.check("Buy now! Limited stock. Sign up today.")
    thanked = linter.check("Buy now! Limited stock. Sign up today. Thank you to everyone who ordered last week.")
    assert "CON101" in {f.rule for f in thanked.findings}
    assert thanked.score > base.score
    assert thanked.score < 90  # thanks offset points, but a post with a warning is never "ready"


def test_connection_never_raises_a_scam_post(linter: Linter) -> None:
    scam = "I invested $500 and received $6,000 in 4 days."
    thanked = scam + " Thank you @fx_mentor_amy, who changed my life, and thanks to everyone who asked!"
    assert "CON101" in {f.rule for f in linter.check(thanked).findings}
    assert linter.check(thanked).score <= linter.check(scam).score


def test_question_to_audience_and_owning_a_mistake(linter: Linter) -> None:
    rules = {f.rule for f in linter.check("We got this wrong. What would you like us to change?").findings}
    assert {"CON102", "CON103"} <= rules


def test_plain_thanks_is_not_crediting_someone(linter: Linter) -> None:
    assert "CON101" not in {f.rule for f in linter.check("Thanks.").findings}
