"""X and Bluesky lengths as the platforms count them, and emoji found as the ``emoji`` package finds them.

The X cases are reconstructed from twitter-text's public conformance suite (``validate.yml``,
weighted length, v3 config: code points weigh 2 outside the light ranges, an emoji sequence
2, a URL, with or without a scheme, 23; NFC first; whitespace counted as written).
"""

from __future__ import annotations

import emoji
import pytest
import regex

from authlint.measures.platform import measure_length
from authlint.nlp.social import emoji_spans, is_emoji
from authlint.settings.platforms import get_profile


def count(platform: str, text: str) -> int:
    return measure_length(text, get_profile(platform).length).count


TWITTER_TEXT = [
    ("Regular Tweet", 13),
    ("これはテストです", 16),                       # CJK weighs 2
    ("H🐱☺👨\u200d👩\u200d👧\u200d👦", 7),       # 1 + 2 + 2 + a family of 4 is one emoji (2)
    ("👍🏻", 2),                                    # skin tone modifier: one emoji
    ("1\ufe0f\u20e3", 2),                           # keycap
    ("#\ufe0f\u20e3 and *\ufe0f\u20e3", 2 + 5 + 2),
    ("🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", 2),  # England: a subdivision flag
    ("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f🇫🇷", 4),  # Scotland, then France
    ("test.com", 23),                               # a bare domain is a URL
    ("Visit test.com/path?a=1 now", 6 + 23 + 4),
    ("setup.py", 23),                               # any two-letter country TLD
    ("https://t.co/abc", 23),
    ("https://example.com/" + "a" * 200, 23),
    ("mail me@test.com", 16),                       # an email address is not a URL
    ("x.invalidtld", 12),
    ("e.g. this", 9),
    ("a   b", 5),                                   # runs of spaces are not collapsed
    ("a\nb", 3),
    ("caf\u00e9 cafe\u0301", 9),                    # NFC first: both é weigh 1
    ("\u2014 \u2018quoted\u2019", 10),              # light punctuation ranges weigh 1
]


@pytest.mark.parametrize(("text", "expected"), TWITTER_TEXT)
def test_x_weighted_length_matches_twitter_text(text: str, expected: int) -> None:
    assert count("x", text) == expected


def test_x_limit_applies_at_280_with_bare_domains() -> None:
    text = "a" * 256 + " test.com"
    assert count("x", text) == 280
    assert measure_length(text, get_profile("x").length).overflow_at is None
    assert measure_length(text + "!", get_profile("x").length).overflow_at is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("👩\u200d👩\u200d👧🇫🇷e\u0301", 3), ("1\ufe0f\u20e3 ok", 4), ("a   b", 5), ("🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", 1)],
)
def test_bluesky_counts_graphemes(text: str, expected: int) -> None:
    assert count("bluesky", text) == expected == len(regex.findall(r"\X", text))


def test_bare_domains_count_only_on_x() -> None:
    assert count("mastodon", "test.com") == len("test.com")  # Mastodon links only URLs with a scheme


def _qualified() -> list[str]:
    return [e for e, data in emoji.EMOJI_DATA.items() if data["status"] == emoji.STATUS["fully_qualified"]]


def test_every_fully_qualified_emoji_is_one_emoji() -> None:
    missed = [e for e in _qualified() if emoji_spans(f"a {e} b") != [(2, 2 + len(e))]]
    assert missed == []


def test_emoji_spans_agree_with_the_emoji_package_on_mixed_text() -> None:
    sample = _qualified()[::37]
    text = " x ".join(sample) + " 1\ufe0f\u20e3#\ufe0f\u20e3🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    oracle = [(e["match_start"], e["match_end"]) for e in emoji.emoji_list(text)]
    assert emoji_spans(text) == oracle


def test_keycaps_and_subdivision_flags_are_single_emoji_tokens(linter) -> None:
    doc = linter.engine.analyzer.nlp.tokenizer("Top 1\ufe0f\u20e3 pick 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f today")
    words = [t.text for t in doc]
    assert "1\ufe0f\u20e3" in words
    assert "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f" in words
    assert all(is_emoji(t) for t in doc if not t.text.isascii())
