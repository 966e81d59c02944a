"""Text facts every stage needs: what a URL looks like, and case folding for literal tests."""

from __future__ import annotations

import regex as re_

#: A URL in prose (``http(s)://`` or ``www.``), without trailing sentence punctuation.
URL_RE = re_.compile(r"(?i)\b(?:https?://|www\.)[^\s<>()\"']+[^\s<>()\"'.,;:!?]")

#: Lower-casing that is not a one-to-one map for a literal test, found by scanning every code
#: point (``tests/test_regex_literals.py`` repeats the scan): İ (lower() gives i + U+0307) and ſ;
#: the Kelvin sign lowers to k on its own.
_ODD_FOLDS = {"\u0130": "i", "\u017f": "s"}
_FOLD_TABLE = str.maketrans({**_ODD_FOLDS, "\u0307": None})


def fold(text: str) -> str:
    """``text`` lower-cased so that a case-insensitive match of an ASCII literal in ``text``
    is a plain substring of the result."""
    lowered = text.lower()
    return lowered.translate(_FOLD_TABLE) if not lowered.isascii() else lowered
