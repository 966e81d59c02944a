"""A cheap, offline guess at whether a post is English.

authlint's rules and the spaCy model are English-only: a Spanish or Russian post would get
nonsense findings. Two signals, both deliberately conservative (a post is treated as English
unless the evidence is clear, because wrongly skipping an English post hides real findings):

* script: most letters are outside the Latin script (Cyrillic, CJK, Arabic...);
* function words: among Latin-script words, the common function words of one other language
  (``authlint/data/stopwords.yaml``) clearly outnumber English ones.

Posts too short to tell (fewer than :data:`MIN_WORDS` words) count as English.

A Latin-script post that passes both but is *suspicious* -- at least :data:`MODEL_MIN_WORDS` words of two letters or more, English function words under
:data:`SUSPICIOUS_ENGLISH_SHARE` of them, where English prose has about 40% -- gets a
second opinion from fastText's language model (:mod:`authlint.nlp.language_model`): it is
not English when the model names a Latin-script language other than English with probability
at least :data:`MODEL_CONFIDENCE`. Ordinary English posts never reach the model (about 7% of
the dev datasets' English posts do: headlines, product names, hashtag-only tweets), so it
costs nothing on them and ~0.2 ms on the others (bench/language.py; docs/reliability.md). Languages in other scripts are the script
check's; the model's verdict for them on Latin text (``zh`` for a T-shirt name) is ignored.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import regex as re_

from authlint.nlp.language_model import Prediction, predict
from authlint.support.data import data_path
from authlint.support.wordlists import load_word_data

DATA_FILE = data_path("stopwords.yaml")
#: Fewer Latin words than this: too short to judge, assume English.
MIN_WORDS = 6
#: Fewer letters than this: too short to judge the script.
MIN_LETTERS = 12
#: Another language needs at least this many function-word hits...
MIN_FOREIGN_HITS = 3
#: ...and this many times the English hits.
FOREIGN_RATIO = 2.0
#: A post whose English function words are fewer than this share of its words is suspicious...
SUSPICIOUS_ENGLISH_SHARE = 0.25
#: ...when it has at least this many words (the model guesses wildly on six-word headlines)...
MODEL_MIN_WORDS = 8
#: ...and not English when fastText names another Latin-script language this confidently.
MODEL_CONFIDENCE = 0.7

#: Latin-script languages of fastText's model that a post may be flagged as (code -> name).
LATIN_LANGUAGES = {
    "af": "Afrikaans", "az": "Azerbaijani", "br": "Breton", "ca": "Catalan", "cs": "Czech",
    "cy": "Welsh", "da": "Danish", "de": "German", "eo": "Esperanto", "es": "Spanish",
    "et": "Estonian", "eu": "Basque", "fi": "Finnish", "fr": "French", "fy": "Frisian",
    "ga": "Irish", "gl": "Galician", "hr": "Croatian", "ht": "Haitian Creole", "hu": "Hungarian",
    "id": "Indonesian", "is": "Icelandic", "it": "Italian", "lb": "Luxembourgish", "lt": "Lithuanian",
    "lv": "Latvian", "ms": "Malay", "mt": "Maltese", "nl": "Dutch", "nn": "Norwegian", "no": "Norwegian",
    "oc": "Occitan", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "sk": "Slovak",
    "sl": "Slovenian", "sq": "Albanian", "sv": "Swedish", "sw": "Swahili", "tl": "Tagalog",
    "tr": "Turkish", "uz": "Uzbek", "vi": "Vietnamese", "wa": "Walloon",
}


# URLs, @mentions and #hashtags say nothing about the language of the prose.
_NOISE = re_.compile(r"(?i)\b(?:https?://|www\.)\S+|[@#][\p{L}\p{N}_]+")
# Whole words only: letter runs glued to digits ("0x9eE8") are codes, not prose.
_WORD = re_.compile(r"(?<![\p{L}\p{N}])\p{L}+(?:['’]\p{L}+)*(?![\p{L}\p{N}])")
_LETTER = re_.compile(r"\p{L}")
_LATIN = re_.compile(r"\p{Script=Latin}")
_NON_LATIN_LETTER = re_.compile(r"[\p{L}--\p{Script=Latin}]", re_.V1)
# What _NOISE needs to match at all: a text without these has nothing to blank out.
_NOISE_CUE = re_.compile(r"(?i)://|www\.|[@#]")


@dataclass(frozen=True)
class LanguageGuess:
    """The verdict for one post; ``language`` names what it looks like when not English."""

    english: bool
    language: str | None = None

    def describe(self) -> str:
        return self.language or "English"


class LanguageDetector:
    """Holds the function-word lists; cheap to call, safe to share between threads.

    ``second_opinion`` is asked about suspicious posts only (:func:`~authlint.nlp.language_model.predict`
    by default; None: the cheap check alone)."""

    def __init__(
        self,
        english: frozenset[str],
        other: dict[str, frozenset[str]],
        second_opinion: Callable[[str], Prediction | None] | None = predict,
    ) -> None:
        self._english = english
        self._other = other
        self._second_opinion = second_opinion

    @classmethod
    def from_file(
        cls, path: Path = DATA_FILE, second_opinion: Callable[[str], Prediction | None] | None = predict,
    ) -> LanguageDetector:
        data = load_word_data(path)
        english = _words(data["english"], path)
        other = {str(name): _words(words, path) for name, words in data["other"].items()}
        return cls(english, other, second_opinion)

    def guess(self, text: str) -> LanguageGuess:
        prose = _NOISE.sub(" ", text) if _NOISE_CUE.search(text) else text
        ascii_only = prose.isascii()
        # Without a single non-Latin letter, Latin letters cannot be the minority: most posts
        # skip the count (and ASCII ones even the search).
        if not ascii_only and _NON_LATIN_LETTER.search(prose):
            letters = _LETTER.findall(prose)
            if len(letters) >= MIN_LETTERS:
                latin = len(_LATIN.findall(prose))
                if latin * 2 < len(letters):
                    return LanguageGuess(False, f"{_main_script(letters)} script")
        words = [w.replace("’", "'").lower() for w in _WORD.findall(prose)]
        if not ascii_only:  # an ASCII word is Latin
            words = [w for w in words if _LATIN.match(w)]
        if len(words) < MIN_WORDS:
            return LanguageGuess(True)
        english_hits = sum(w in self._english for w in words)
        # Single letters ("P E A C E", "o", "e", "y") are too ambiguous to vote for another language.
        long_words = [w for w in words if len(w) > 1]
        name, hits = max(
            ((name, sum(w in vocab for w in long_words)) for name, vocab in self._other.items()),
            key=lambda pair: pair[1],
        )
        if hits >= MIN_FOREIGN_HITS and hits >= FOREIGN_RATIO * max(english_hits, 1):
            return LanguageGuess(False, name)
        suspicious = len(long_words) >= MODEL_MIN_WORDS and english_hits < SUSPICIOUS_ENGLISH_SHARE * len(words)
        if suspicious and self._second_opinion is not None:
            return self._ask_model(prose)
        return LanguageGuess(True)

    def _ask_model(self, prose: str) -> LanguageGuess:
        """The model's verdict on a suspicious post (English unless it is confident otherwise)."""
        assert self._second_opinion is not None
        prediction = self._second_opinion(prose)
        if prediction is None or prediction.probability < MODEL_CONFIDENCE:
            return LanguageGuess(True)
        name = LATIN_LANGUAGES.get(prediction.code)
        return LanguageGuess(True) if name is None else LanguageGuess(False, name)


def _words(items: list[str], path: Path) -> frozenset[str]:
    """Lowercased words (the loader has checked that each is a string)."""
    return frozenset(w.lower() for w in items)


def _main_script(letters: list[str]) -> str:
    """The most common non-Latin script among ``letters``, from Unicode character names."""
    scripts = Counter(_script(ch) for ch in letters)
    scripts.pop("Latin", None)
    name = scripts.most_common(1)[0][0] if scripts else "non-Latin"
    return name


def _script(ch: str) -> str:
    first = unicodedata.name(ch, "UNKNOWN").split()[0]
    return _SCRIPT_NAMES.get(first, first.title())


_SCRIPT_NAMES = {
    "LATIN": "Latin",
    "CJK": "Chinese/Japanese (CJK)",
    "HIRAGANA": "Japanese (kana)",
    "KATAKANA": "Japanese (kana)",
    "HANGUL": "Korean (Hangul)",
}


__all__ = ["LATIN_LANGUAGES", "MIN_WORDS", "MODEL_CONFIDENCE", "SUSPICIOUS_ENGLISH_SHARE", "LanguageDetector", "LanguageGuess"]
