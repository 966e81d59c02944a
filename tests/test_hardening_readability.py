"""Flesch reading ease without textstat: the numbers textstat's definitions gave, no heavy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from authlint.measures.readability import flesch_reading_ease, sentence_count, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The cat sat on the mat. It was a sunny day.", 108.9616),
        ("I can't believe it's not butter! Don't you think so? 'Quoted' words -- here.", 98.3136),
        ("Hyphen-ated words and e-mail, U.S.A. stuff. Ok.", 78.8729),
        ("", 100.0),
        ("!!!", 100.0),
    ],
)
def test_flesch_matches_the_earlier_textstat_based_values(text: str, expected: float) -> None:
    assert flesch_reading_ease(text) == pytest.approx(expected, abs=1e-4)


def test_words_keep_contractions_and_drop_quotes() -> None:
    assert words("Don't 'quote' me -- ok?") == ["Don't", "quote", "me", "ok"]
    assert sentence_count("Hi. This is a real sentence here. Ok!") == 1  # two-word fragments do not count


def test_readability_imports_no_textstat_or_nltk() -> None:
    code = (
        "import sys; from authlint.measures.readability import flesch_reading_ease as f; f('A b c. D e f.');"
        "print(sorted(m for m in ('textstat', 'nltk', 'joblib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
