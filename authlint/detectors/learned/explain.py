"""Why a linear model scored a post the way it did: feature contributions, words, sentence.

For a linear model the logit is ``bias + sum(weight[f] * value[f])``, so each feature's share
of the score is exact, not estimated. Contributions are attributed to the characters the
feature came from (a character n-gram to its word, a bigram to its two words), summed per
place, and the places that pushed hardest become the words of the message
("'obviously', 'right because' and '🙄'"). The sentence with the largest positive sum is
the one the finding points at.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

import numpy as np

from authlint.detectors.learned.features import Group, groups, names_of
from authlint.detectors.learned.model import LinearModel, sigmoid

#: At most this many places are named in a message.
MAX_WORDS = 3
FUNCTION_WORDS = frozenset(
    ["a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "with", "as", "by", "from", "so", "our", "your", "you", "we", "us"]
)


class Contribution(NamedTuple):
    """How much the text ``[start, end)`` added to the logit (negative: pulled it down).
    A named tuple: a post has one per place, made for every explanation."""

    start: int
    end: int
    text: str
    weight: float


@dataclass(frozen=True)
class Explanation:
    probability: float
    contributions: tuple[Contribution, ...]  # strongest push first
    sentence: tuple[int, int]  # the sentence that drives the score

    def words(self, limit: int = MAX_WORDS) -> list[str]:
        """The texts of the strongest positive, non-overlapping contributions (function words
        such as 'the' only when nothing else pushed: they explain nothing to a writer)."""
        chosen: list[Contribution] = []
        for plain_only in (True, False):
            if chosen:
                break
            for c in self.contributions:
                if c.weight <= 0 or len(chosen) >= limit:
                    break
                if plain_only and c.text.lower() in FUNCTION_WORDS:
                    continue
                if any(c.start < o.end and o.start < c.end for o in chosen):
                    continue
                chosen.append(c)
        return [c.text for c in sorted(chosen, key=lambda c: c.start)]


@dataclass(frozen=True)
class Places:
    """What every label's explanation of one post shares: each feature occurrence's group,
    model column, value and count in the post, and the distinct places the groups point at.
    Computed once per post (:func:`places_of`); each label then costs a few array operations."""

    group_of: np.ndarray  # group index of each occurrence, in the groups' order
    columns: np.ndarray  # model column of each occurrence
    values: np.ndarray  # the post vector's value at that column
    counts: np.ndarray  # how often the occurrence's feature name is in the post
    place_of_group: np.ndarray  # index into spans, or -1 for a post-wide feature
    spans: tuple[tuple[int, int], ...]  # distinct places, first seen first


def places_of(model: LinearModel, found: Sequence[Group], vector: tuple[list[int], list[float]]) -> Places:
    """The label-independent part of explaining the post whose :func:`groups` are ``found``
    and whose vector (of ``model``) is ``vector``."""
    cols, values = vector
    names = list(chain.from_iterable(group for group, _, _ in found))
    occurrences = Counter(names)
    distinct = list(occurrences)
    column_of = dict(zip(distinct, model.columns(distinct)))
    columns = list(map(column_of.__getitem__, names))
    value_of = dict(zip(cols, values))
    index: dict[tuple[int, int], int] = {}
    place_of_group = [index.setdefault((start, end), len(index)) if end > start else -1 for _, start, end in found]
    return Places(
        group_of=np.repeat(np.arange(len(found)), [len(group) for group, _, _ in found]),
        columns=np.asarray(columns, dtype=np.int64),
        values=np.fromiter(map(value_of.__getitem__, columns), dtype=np.float64, count=len(columns)),
        counts=np.fromiter(map(occurrences.__getitem__, names), dtype=np.float64, count=len(names)),
        place_of_group=np.asarray(place_of_group, dtype=np.int64),
        spans=tuple(index),
    )


def explain(model: LinearModel, text: str, label: str, sentences: Sequence[tuple[int, int]] = (),
            vector: tuple[list[int], list[float]] | None = None, found: Sequence[Group] | None = None,
            places: Places | None = None) -> Explanation:
    """Score ``text`` for ``label`` and say why. ``sentences``: ``(start, end)`` character
    ranges in order, not overlapping (e.g. spaCy's sentence boundaries); without them the whole
    text is one sentence.
    ``vector``, ``found`` and ``places``: the post's :func:`vectorize` result, :func:`groups`
    and :func:`places_of` when the caller has them (the same features: a post is not
    featurized twice, and several labels share one ``places``)."""
    found = groups(text) if found is None else found
    cols, values = vector if vector is not None else model.vector(names_of(found))
    probability = sigmoid(model.logit(cols, values, label))
    places = places_of(model, found, (cols, values)) if places is None else places
    j = model.column(label)
    # A feature's share of the logit: its column's weight x value, split over the occurrences
    # of the name; summed per group in order, then per place in group order.
    shares = model.weights[places.columns, j].astype(np.float64) * places.values / places.counts
    per_group = np.bincount(places.group_of, weights=shares, minlength=len(found))
    pointed = places.place_of_group >= 0
    per_place = np.bincount(places.place_of_group[pointed], weights=per_group[pointed], minlength=len(places.spans))
    contributions = tuple(sorted(
        (Contribution(s, e, text[s:e], w) for (s, e), w in zip(places.spans, per_place.tolist())),
        key=lambda c: (-c.weight, c.start, c.end),
    ))
    return Explanation(probability, contributions, _driving_sentence(text, contributions, sentences))


def _driving_sentence(text: str, contributions: Sequence[Contribution],
                      sentences: Sequence[tuple[int, int]]) -> tuple[int, int]:
    ranges = list(sentences) or [(0, len(text))]
    starts = [s for s, _ in ranges]  # sentences are in order and do not overlap
    totals = [0.0] * len(ranges)
    for c in contributions:
        i = bisect_right(starts, c.start) - 1
        if i >= 0 and c.start < ranges[i][1]:
            totals[i] += c.weight
    best = max(range(len(ranges)), key=lambda i: (totals[i], -i))
    start, end = ranges[best]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def quote_list(words: Sequence[str]) -> str:
    """``'a'``, ``'a' and 'b'``, ``'a', 'b' and 'c'``: the words of a message."""
    quoted = [f"'{' '.join(w.split())}'" for w in words]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


__all__ = ["FUNCTION_WORDS", "MAX_WORDS", "Contribution", "Explanation", "Places", "explain", "places_of", "quote_list"]
