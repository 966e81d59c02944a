"""Connection rules raise the score: crediting people, asking the audience, owning mistakes."""

from __future__ import annotations

from authlint import Linter


def test_crediting_people_raises_a_penalised_score(linter: Linter) -> None:
    base = linter.check("Buy now! Limited stock.")
    thanked = linter.check("Buy now! Limited stock. Thank you to everyone who ordered last week.")
    assert "CON101" in {f.rule for f in thanked.findings}
    assert thanked.score > base.score


def test_question_to_audience_and_owning_a_mistake(linter: Linter) -> None:
    rules = {f.rule for f in linter.check("We got this wrong. What would you like us to change?").findings}
    assert {"CON102", "CON103"} <= rules


def test_plain_thanks_is_not_crediting_someone(linter: Linter) -> None:
    assert "CON101" not in {f.rule for f in linter.check("Thanks.").findings}
