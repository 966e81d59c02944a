"""Snark rules, including sarcastic praise found with the tagger and the sentiment lexicon."""

from __future__ import annotations

import pytest

from authlint import Linter
from authlint.errors import AuthlintError
from authlint.measures.metrics import METRICS
from authlint.support.wordlists import lexicon


def snark(linter: Linter, text: str) -> list[str]:
    return [f.text for f in linter.check(text).findings if f.category == "snark"]


@pytest.mark.parametrize(("text", "span"), [
    ("I just love waiting an hour for the bus.", "love"),
    ("Stuck in traffic for two hours. Awesome.", "Awesome"),
    ("Great, my flight got cancelled again.", "Great"),
])
def test_praise_next_to_a_bad_situation_is_sarcasm(linter: Linter, text: str, span: str) -> None:
    assert span in snark(linter, text)


@pytest.mark.parametrize("text", [
    "Traffic was not great this morning.",             # negated praise
    "The train was delayed, so I'll be late.",          # bad situation, no praise
    "I love working with this team.",                   # praise, no bad situation
    "Great news: the pool reopens on Saturday.",
])
def test_plain_statements_are_not_sarcasm(linter: Linter, text: str) -> None:
    assert snark(linter, text) == []


def test_sentiment_contrast_points_at_the_praise_word(linter: Linter) -> None:
    doc = linter.analyzer.nlp("Monday again. Fantastic.")
    result = METRICS["sentiment_contrast"](doc)
    assert result.value == 1
    assert [doc.text[s:e] for s, e in result.spans] == ["Fantastic"]


@pytest.mark.parametrize(("text", "sarcastic"), [
    ("I love a cold brew in the morning.", False),          # a drink, not the weather
    ("Nothing beats a cold beer on a hot day. Love it!", False),
    ("Great crash course on Kubernetes today.", False),
    ("I love being cold and wet at the bus stop.", True),   # the same word as the situation
    ("Great, another crash in production.", True),
])
def test_a_benign_compound_is_not_a_bad_situation(linter: Linter, text: str, sarcastic: bool) -> None:
    assert bool(snark(linter, text)) is sarcastic


def test_lexicon_is_immutable_data() -> None:
    words = lexicon("sentiment")
    assert "love" in words["positive"] and "traffic" in words["negative_situation"]
    assert isinstance(words["positive"], frozenset)
    with pytest.raises(TypeError):
        words["positive"] = frozenset()  # type: ignore[index]
    with pytest.raises(AuthlintError, match=r"lexicons/nope\.yaml: word list is missing"):
        lexicon("nope")


def test_markers_condescension_and_scare_quotes(linter: Linter) -> None:
    assert "Oh great" in snark(linter, "Oh great, another outage.")
    assert snark(linter, "Educate yourself before you comment.") == ["Educate yourself"]
    assert snark(linter, 'Their "experts" got it wrong.') == ['Their "experts"']
    assert snark(linter, "Who asked?") == ["Who asked?"]
    assert snark(linter, "Thanks to everyone who asked for dark mode.") == []


@pytest.mark.parametrize(("text", "flagged"), [
    ("Love working late on a Friday #not", True),
    ("Great start to the week. #not 😒 #mondays", True),
    ("Voting closes tonight: #hot or #not", False),
    ("Please #do #not #feed the geese #parklife", False),
    ("Heads up: we are #not closing the shop this weekend.", False),
])
def test_trailing_hashtag_not_is_a_sarcasm_marker(linter: Linter, text: str, flagged: bool) -> None:
    assert ("#not" in snark(linter, text)) is flagged
