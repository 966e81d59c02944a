"""Long runs of punctuation or emoji tokenize in linear time with exact text and offsets."""

from __future__ import annotations

import pytest

from authlint import Linter
from authlint.nlp.long_runs import LONG_RUN, pathological_runs, tokenize

SHAPES = ["!", "😀", "!?", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", "👩🏽‍💻", "1️⃣"]


@pytest.fixture(scope="module")
def tokenizer(linter: Linter):
    return linter.engine.analyzer.nlp.tokenizer.inner


def test_ordinary_text_is_left_to_spacy() -> None:
    assert pathological_runs("Thanks to everyone who came! " * 50) == []
    assert pathological_runs("See https://x" + "a1" * 200 + " today") == []  # a URL stub: letters and digits
    assert pathological_runs("a" * 10_000) == []


@pytest.mark.parametrize("shape", SHAPES)
def test_runs_keep_the_text_and_never_split_a_grapheme(linter: Linter, shape: str) -> None:
    import regex

    text = "Big news " + shape * 400 + " and thanks, all " + shape * 3
    doc = linter.engine.analyzer.nlp.tokenizer(text)  # pieces, then emoji clusters merged
    assert doc.text == text
    graphemes = {m.start() for m in regex.finditer(r"\X", text)}
    assert all(t.idx in graphemes for t in doc)  # every token starts on a grapheme boundary
    words = [t.text for t in doc]
    at = words.index("and")
    assert words[at:at + 4] == ["and", "thanks", ",", "all"]  # ("all" + a keycap stays one spaCy token)
    assert doc[at].idx == text.index(" and thanks") + 1


def test_same_tokens_as_spacy_where_spacy_splits_per_character(tokenizer) -> None:
    text = "Hello there " + "!" * 500 + " and more. " + "😀" * 300 + "\n  ok  " + "?!" * 100 + "x"
    ours, reference = tokenize(tokenizer, text), tokenizer(text)
    assert [(t.idx, t.text, t.whitespace_) for t in ours] == [(t.idx, t.text, t.whitespace_) for t in reference]


def test_findings_and_offsets_are_exact_after_a_long_run(linter: Linter) -> None:
    run = "!" * (LONG_RUN * 40)
    short = linter.check("Buy now !!!\nOh great, another Monday.")
    long = linter.check(f"Buy now {run}\nOh great, another Monday.")
    shift = len(run) - 3
    expected = {(f.rule, f.start + (shift if f.start > 10 else 0), f.text) for f in short.findings if f.rule != "PRO103"}
    got = {(f.rule, f.start, f.text) for f in long.findings if f.rule != "PRO103"}
    assert expected and expected == got
    assert any(f.rule == "PRO103" and f.start == 8 for f in long.findings)  # the run itself is still hype


def test_many_merges_rebuild_the_doc_with_the_same_tokens(linter, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # spaCy's retokenizer is quadratic in the number of merges: past a bound the Doc is rebuilt
    # in linear time, token for token what the retokenizer gives.
    from authlint.nlp import social

    family = "\U0001F469\u200d\U0001F469\u200d\U0001F467"
    text = "We don't stop! #launch @ana " + " ".join([family, "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", "#tag"] * 120) + " can't wait"
    tokenizer = linter.analyzer.nlp.tokenizer

    def tokens(limit: int) -> list[tuple[str, str, str, int]]:
        monkeypatch.setattr(social, "MAX_RETOKENIZER_MERGES", limit)
        doc = tokenizer(text)
        assert doc.text == text
        return [(t.text, t.whitespace_, t.norm_, t.idx) for t in doc]

    rebuilt, retokenized = tokens(10), tokens(10**9)
    assert rebuilt == retokenized
    assert ("n't", " ", "not", text.index("n't")) in rebuilt  # the tokenizer's norm survives
