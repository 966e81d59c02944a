"""Flesch reading ease, computed here with Pyphen's syllables: no textstat, NLTK or network.

textstat counts syllables with NLTK's CMUdict (which it offers to download, and which pulls
~17 MB of nltk and joblib) and its word lists live in private modules. The formula is small,
so authlint computes it itself with textstat's definitions, which its earlier results used:

- words: the text with punctuation removed (apostrophes of contractions kept), split on
  whitespace;
- sentences: runs up to ``.``/``!``/``?``, not counting fragments of two words or fewer
  (at least one);
- syllables: Pyphen's hyphenation points + 1 per lowercased word (textstat's own fallback).
"""

from __future__ import annotations

import re as re_  # the stdlib engine on purpose: its \w is the one textstat's definitions used
from functools import lru_cache

LANG = "en_US"
_NONCONTRACTION_APOSTROPHE = re_.compile(r"'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re_.compile(r"[^\w\s']")
_SENTENCE = re_.compile(r"\b[^.!?]+[.!?]*")


@lru_cache(maxsize=1)
def _pyphen():  # type: ignore[no-untyped-def]
    from pyphen import Pyphen

    return Pyphen(lang=LANG)


def pyphen_syllables(word: str) -> int:
    """Syllables in one word: Pyphen's hyphenation points plus one."""
    return len(_pyphen().positions(word)) + 1


def words(text: str) -> list[str]:
    """The words Flesch counts: punctuation (but not contraction apostrophes) removed."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).split()


def sentence_count(text: str) -> int:
    """Sentences, ignoring fragments of two words or fewer; at least 1 for non-empty text."""
    if not text:
        return 0
    found = _SENTENCE.findall(text)
    return max(1, len(found) - sum(1 for s in found if len(words(s)) <= 2))


def flesch_reading_ease(text: str) -> float:
    """Flesch reading ease (higher is easier); 100.0 for text with no words."""
    counted = words(text)
    if not counted:
        return 100.0
    sentences = max(1, sentence_count(text))
    syllables = sum(pyphen_syllables(w.lower()) for w in counted)
    return 206.835 - 1.015 * (len(counted) / sentences) - 84.6 * (syllables / len(counted))
