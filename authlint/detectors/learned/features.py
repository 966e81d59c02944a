"""Sparse features of a post, computed from its text alone (no spaCy parse).

The same function runs when a model is trained (over JSONL rows, no spaCy at all) and when
it scores a post inside ``authlint check`` (over the analysed text), so training and
inference can never see different features. Every feature remembers the characters it came
from, which is what lets :mod:`authlint.detectors.learned.explain` say which words pushed a score.

Feature families (prefix: what it is):

- ``w:`` lower-cased word unigrams and ``b:`` bigrams (hashtags and mentions kept whole);
- ``c:`` character 3- to 5-grams inside each word, with word boundaries (``" obv"``), which
  carry spelling variants and morphology ("sooo", "obviously" ~ "obvious");
- ``s:`` social tokens: a mention, a hashtag, a URL, each emoji (``s:emoji:🙄``) and any emoji;
- ``p:`` punctuation and case shapes: ``!!``, ``?!``, ``...``, a word in capitals, a short
  quoted phrase (scare quotes), a ``/s`` tag;
- ``l:`` the sentiment lexicon (authlint/data/lexicons/sentiment.yaml): a praise word, a
  negative situation, and both in one sentence (the contrast that marks sarcasm);
- ``d:`` the post's length bucket and first-person share.

Features are hashed into a fixed number of buckets with CRC-32 (stable across runs and
machines, unlike Python's ``hash``), so a model needs no stored vocabulary.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

import regex as re_

from authlint.nlp.social import URL_RE
from authlint.support.wordlists import lexicon

#: Version of the feature set: a model records it, and a model of another version is refused.
FEATURE_VERSION = 1
DEFAULT_BUCKETS = 1 << 18

_EMOJI = (
    r"(?:\p{Regional_Indicator}{2})"
    r"|(?:\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F\u20E3]*"
    r"(?:\u200D\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F]*)*)"
)
_WORDLIKE = (
    rf"(?P<url>{URL_RE.pattern.removeprefix('(?i)')})"
    r"|(?P<tag>(?<![\w@#])[#@][\p{L}\p{N}_]+)"
    rf"|(?P<emoji>{_EMOJI})"
    r"|(?P<word>[\p{L}\p{N}]+(?:['’][\p{L}]+)*)"
)
_TOKEN = re_.compile(_WORDLIKE + r"|(?P<punct>[^\s\p{L}\p{N}])", re_.IGNORECASE)
# The same tokens without punctuation, which features never read: a punctuation mark is one
# character, so leaving it out of the alternation changes no other token.
_WORD_TOKEN = re_.compile(_WORDLIKE, re_.IGNORECASE)
_SENTENCE_END = re_.compile(r"[.!?\n]+")
_SCARE_QUOTE = re_.compile(r"[\"“”]([^\"“”\n]{1,25})[\"“”]")
_PUNCT_RUN = re_.compile(r"[!?]{2,}|\.{3,}|…")
_SARCASM_TAG = re_.compile(r"(?<!\S)/s\b")
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i’m", "i've", "i’ve", "i'd", "i'll"})


class Feature(NamedTuple):
    """One feature occurrence: its name and the characters ``[start, end)`` it came from."""

    name: str
    start: int
    end: int


class Token(NamedTuple):
    """A word, hashtag, mention, URL, emoji or punctuation mark of the post."""

    kind: str  # url, tag, emoji, word, punct
    text: str
    lower: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Social-media-aware tokens of ``text`` (no spaCy: the same at training and at check time)."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        word = m.group()
        out.append(Token(kind, word, word.lower(), m.start(), m.end()))
    return out


@lru_cache(maxsize=1)
def _sentiment() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    words = lexicon("sentiment")
    return words["positive"], words["negative_situation"], words["negators"]


Group = tuple[tuple[str, ...], int, int]  # feature names that share one place


def extract(text: str) -> list[Feature]:
    """Every feature occurrence of ``text`` with its place (what explanations read)."""
    return [Feature(name, start, end) for names, start, end in groups(text) for name in names]


def feature_names(text: str) -> set[str]:
    """The distinct feature names of ``text`` (what scoring reads: no places, so cheaper)."""
    return names_of(groups(text))


def names_of(found: Iterable[Group]) -> set[str]:
    """The distinct feature names of a post's :func:`groups`."""
    names: set[str] = set()
    update = names.update
    for group, _, _ in found:
        update(group)
    return names


@lru_cache(maxsize=8192)
def _word_features(low: str, caps: bool) -> tuple[str, ...]:
    """The unigram, capitals and character n-gram features of one word (words repeat: cached;
    an entry is about 1 KB, so the cache holds the frequent words, not every word of a run)."""
    names = ["w:" + low]
    if caps:
        names.append("p:caps")
    padded = f" {low} "
    for n in (3, 4, 5):
        names.extend("c:" + padded[i:i + n] for i in range(len(padded) - n + 1))
    return tuple(names)


def groups(text: str) -> list[Group]:
    """Every feature of ``text`` as (names, start, end): the names that share one place (a
    word's unigram and character n-grams) come as one group. Scoring needs only the names,
    an explanation also the places; a caller that needs both computes this once."""
    words = [Token(m.lastgroup, w := m.group(), w.lower(), m.start(), m.end())  # type: ignore[arg-type]
             for m in _WORD_TOKEN.finditer(text)]
    groups: list[Group] = []
    add = groups.append
    for t in words:
        if t.kind == "url":
            add((("s:url",), t.start, t.end))
        elif t.kind == "emoji":
            add((("s:emoji", "s:emoji:" + t.text), t.start, t.end))
        elif t.kind == "tag":
            low = t.lower
            add((("w:" + low, "s:mention" if low[0] == "@" else "s:hashtag"), t.start, t.end))
        else:
            caps = len(t.text) > 1 and t.text.isupper() and not t.text.isdigit()
            add((_word_features(t.lower, caps), t.start, t.end))
    for a, b in pairwise(words):
        if a.kind != "url" and b.kind != "url":
            add(((f"b:{_unit(a)} {_unit(b)}",), a.start, b.end))
    for m in _PUNCT_RUN.finditer(text):
        run = m.group()
        shape = "..." if run[0] in ".…" else "".join(sorted(set(run))) + ("+" if len(run) > 2 else "")
        add((("p:" + shape,), m.start(), m.end()))
    for m in _SCARE_QUOTE.finditer(text):
        if len(m.group(1).split()) <= 3:
            add((("p:quoted",), m.start(), m.end()))
    for m in _SARCASM_TAG.finditer(text):
        add((("p:/s",), m.start(), m.end()))
    groups.extend(((f.name,), f.start, f.end) for f in _lexicon_features(text, words))
    groups.extend(((f.name,), f.start, f.end) for f in _post_features(text, words))
    return groups


def _unit(token: Token) -> str:
    """How a token appears in a bigram: emoji and URLs by kind, words lower-cased."""
    return "<emoji>" if token.kind == "emoji" else token.lower


def _lexicon_features(text: str, words: list[Token]) -> Iterable[Feature]:
    positive, negative, negators = _sentiment()
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text) + 1]
    sentence = 0
    praise: Token | None = None
    situation: Token | None = None
    previous = ""
    found: list[Feature] = []
    for t in words:
        while t.start >= bounds[sentence + 1]:
            sentence += 1
            praise = situation = None
        low = t.lower
        if low in positive and previous not in negators:
            found.append(Feature("l:positive", t.start, t.end))
            praise = praise or t
        elif low in negative:
            found.append(Feature("l:negative", t.start, t.end))
            situation = situation or t
        if praise is not None and situation is not None:
            start, end = min(praise.start, situation.start), max(praise.end, situation.end)
            found.append(Feature("l:contrast", start, end))
            praise = situation = None
        previous = low
    return found


def _post_features(text: str, words: list[Token]) -> Iterable[Feature]:
    n = len(words)
    bucket = "1-5" if n <= 5 else "6-15" if n <= 15 else "16-40" if n <= 40 else "41+"
    yield Feature("d:len:" + bucket, 0, 0)
    if n:
        share = sum(t.lower in _FIRST_PERSON for t in words) / n
        if share >= 0.1:
            yield Feature("d:first-person:" + ("high" if share >= 0.2 else "some"), 0, 0)


def bucket_of(name: str, buckets: int) -> int:
    """The hashed column of feature ``name`` (CRC-32: the same on every machine and run)."""
    return zlib.crc32(name.encode("utf-8", "surrogatepass")) % buckets


class Columns:
    """Feature name -> hashed column for one bucket count, remembered: character n-grams and
    common words repeat across posts, and hashing every name of every post was a third of
    what a learned rule cost per post. Bounded: cleared when it reaches ``limit`` names (65,536
    names are about 10 MB per process; 6,000 posts bring about 170,000 distinct ones)."""

    def __init__(self, buckets: int, limit: int = 1 << 16) -> None:
        self.buckets = buckets
        self._limit = limit
        self._known: dict[str, int] = {}

    def __call__(self, names: Sequence[str]) -> list[int]:
        """The column of each name, in order."""
        known = self._known
        found = list(map(known.get, names))
        if None in found:
            if len(known) + len(names) > self._limit:
                known.clear()
                found = [None] * len(names)
            buckets = self.buckets
            for i, col in enumerate(found):
                if col is None:
                    name = names[i]
                    found[i] = known[name] = bucket_of(name, buckets)
        return found  # type: ignore[return-value]


def vectorize(names: Iterable[str], buckets: int, columns: Columns | None = None) -> tuple[list[int], list[float]]:
    """Sorted columns and L2-normalised values of one post's distinct feature ``names``
    (presence, not frequency: a long post is not more of anything for repeating a word).
    ``columns``: a :class:`Columns` for ``buckets`` to reuse across posts."""
    if columns is None or columns.buckets != buckets:
        columns = Columns(buckets)
    cols = columns(list(names if isinstance(names, (set, frozenset)) else set(names)))
    if not cols:
        return [], []
    distinct = sorted(set(cols))
    if len(distinct) == len(cols):  # no two names share a column: every value is the same
        value = 1.0 / len(cols) ** 0.5
        return distinct, [value] * len(distinct)
    counts: dict[int, float] = {}
    for col in cols:
        counts[col] = counts.get(col, 0.0) + 1.0
    norm = sum(v * v for v in counts.values()) ** 0.5
    return distinct, [counts[c] / norm for c in distinct]


__all__ = ["DEFAULT_BUCKETS", "FEATURE_VERSION", "Columns", "Feature", "Group", "Token", "bucket_of", "extract",
           "feature_names", "groups", "names_of", "tokenize", "vectorize"]
