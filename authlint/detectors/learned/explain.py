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
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

from authlint.detectors.learned.features import Group, groups, names_of
from authlint.detectors.learned.model import LinearModel, sigmoid

#: At most this many places are named in a message.
MAX_WORDS = 3
FUNCTION_WORDS = frozenset(
    ["a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "with", "as", "by", "from", "so", "our", "your", "you", "we", "us"]
)


@dataclass(frozen=True)
class Contribution:
    """How much the text ``[start, end)`` added to the logit (negative: pulled it down)."""

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


def explain(model: LinearModel, text: str, label: str, sentences: Sequence[tuple[int, int]] = (),
            vector: tuple[list[int], list[float]] | None = None, found: Sequence[Group] | None = None) -> Explanation:
    """Score ``text`` for ``label`` and say why. ``sentences``: ``(start, end)`` character
    ranges in order, not overlapping (e.g. spaCy's sentence boundaries); without them the whole
    text is one sentence.
    ``vector`` and ``found``: the post's :func:`vectorize` result and :func:`groups` when the
    caller has them (the same features: a post is not featurized twice)."""
    found = groups(text) if found is None else found
    cols, values = vector if vector is not None else model.vector(names_of(found))
    probability = sigmoid(model.logit(cols, values, label))
    j = model.column(label)
    # One lookup of every column's weight (not one numpy scalar per feature name).
    weight_of = dict(zip(cols, (float(w) * v for w, v in zip(model.weights[cols, j].tolist(), values)))) if cols else {}
    occurrences = Counter(chain.from_iterable(names for names, _, _ in found))
    distinct = list(occurrences)
    share = {name: weight_of[col] / occurrences[name] for name, col in zip(distinct, model.columns(distinct))}
    part = share.__getitem__
    place: dict[tuple[int, int], float] = defaultdict(float)
    for group, start, end in found:
        if end > start:  # post-wide features (length) have no place to point at
            place[(start, end)] += sum(map(part, group))
    contributions = tuple(sorted(
        (Contribution(s, e, text[s:e], w) for (s, e), w in place.items()),
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


__all__ = ["FUNCTION_WORDS", "MAX_WORDS", "Contribution", "Explanation", "explain", "quote_list"]
