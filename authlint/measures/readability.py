"""Readability through textstat, guaranteed never to touch the network.

textstat >= 0.7.5 counts English syllables with NLTK's CMUdict and asks
NLTK to download the ``cmudict`` corpus the first time it is missing. authlint must not
download at run time, so when CMUdict is not already installed locally we compute the
same Flesch formula with textstat's own word and sentence counts and its Pyphen syllable
fallback (what textstat does for words CMUdict lacks).
"""

from __future__ import annotations

from functools import lru_cache

LANG = "en_US"


@lru_cache(maxsize=1)
def cmudict_installed() -> bool:
    """True when NLTK's CMUdict is on disk (checked without downloading)."""
    try:
        import nltk

        nltk.data.find("corpora/cmudict")
    except (LookupError, ImportError):
        return False
    return True


@lru_cache(maxsize=1)
def _pyphen():  # type: ignore[no-untyped-def]
    from pyphen import Pyphen

    return Pyphen(lang=LANG)


def pyphen_syllables(word: str) -> int:
    return len(_pyphen().positions(word)) + 1


def flesch_reading_ease(text: str) -> float:
    """Flesch reading ease (higher is easier); 100.0 for text with no words."""
    import textstat

    if cmudict_installed():
        return float(textstat.flesch_reading_ease(text))
    words = textstat.lexicon_count(text)
    sentences = max(1, textstat.sentence_count(text))
    if words == 0:
        return 100.0
    from textstat.backend.selections._list_words import list_words

    syllables = sum(pyphen_syllables(w) for w in list_words(text, lowercase=True))
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)
