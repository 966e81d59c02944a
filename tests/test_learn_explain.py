"""authlint.detectors.learned.explain: the words and the sentence that pushed a linear model's score."""

from __future__ import annotations

import numpy as np

from authlint.detectors.learned.explain import explain, quote_list
from authlint.detectors.learned.features import bucket_of
from authlint.detectors.learned.model import Header, LinearModel, Thresholds

BUCKETS = 1 << 16


def _model(weights: dict[str, float], bias: float = -2.0) -> LinearModel:
    w = np.zeros((BUCKETS, 1), dtype=np.float32)
    for name, value in weights.items():
        w[bucket_of(name, BUCKETS), 0] += value
    return LinearModel(Header(("snark",), (bias,), BUCKETS, "", {"snark": Thresholds(0.5, 0.3)}), w)


def test_names_the_features_that_pushed() -> None:
    model = _model({"w:obviously": 30.0, "b:right because": 25.0, "s:emoji:🙄": 20.0, "w:meeting": -15.0})
    text = "The meeting is at noon. Obviously a great plan, right because that always works 🙄"
    why = explain(model, text, "snark", [(0, 23), (24, len(text))])
    assert why.words() == ["Obviously", "right because", "🙄"]
    assert why.sentence == (24, len(text))
    assert why.probability > 0.5
    assert quote_list(why.words()) == "'Obviously', 'right because' and '🙄'"


def test_contributions_add_up_to_the_logit() -> None:
    model = _model({"w:obviously": 6.0, "w:plan": 1.0})
    why = explain(model, "Obviously the plan.", "snark")
    logit = np.log(why.probability / (1 - why.probability))
    assert abs(sum(c.weight for c in why.contributions) - (logit - (-2.0))) < 1e-4


def test_negative_evidence_is_not_named() -> None:
    model = _model({"w:thanks": -4.0, "w:sure": 2.0})
    why = explain(model, "Thanks, sure.", "snark")
    assert why.words() == ["sure"]


def test_quote_list() -> None:
    assert quote_list([]) == "" and quote_list(["a"]) == "'a'" and quote_list(["a", "b"]) == "'a' and 'b'"


def _reference_contributions(model: LinearModel, text: str, label: str) -> dict[tuple[int, int], float]:
    """Each place's share of the logit, feature by feature in plain Python: a feature name's
    weight x value, split evenly over its occurrences, summed per group, then per place."""
    from collections import Counter

    from authlint.detectors.learned.features import groups, names_of

    found = groups(text)
    cols, values = model.vector(names_of(found))
    value_of = dict(zip(cols, values))
    j = model.column(label)
    counts = Counter(name for group, _, _ in found for name in group)
    place: dict[tuple[int, int], float] = {}
    for group, start, end in found:
        if end > start:
            total = 0
            for name in group:
                col = model.columns([name])[0]
                total += float(model.weights[col, j]) * value_of[col] / counts[name]
            place[(start, end)] = place.get((start, end), 0.0) + total
    return place


def test_contributions_are_exact_for_every_label_of_the_shipped_model() -> None:
    """The array form (places computed once per post, shared by the labels) gives the plain
    per-feature sums exactly, repeated words and post-wide features included."""
    from authlint.detectors.classifier import cached_model
    from authlint.detectors.learned.explain import places_of
    from authlint.detectors.learned.features import groups, names_of
    from authlint.detectors.learned.model import shipped_model_dir

    model = cached_model(str(shipped_model_dir("default")), (0, 0))
    posts = [
        "Oh great, another Monday. Obviously the bus is late again 🙄🙄 https://x.co/a #blessed",
        "DM us your card number to verify your account!!! Official support. DM us now.",
        "I won. I won again. I am the best, the best, the best.",
        "",
        "👏",
    ]
    for text in posts:
        found = groups(text)
        vector = model.vector(names_of(found))
        shared = places_of(model, found, vector)
        for label in model.header.labels:
            why = explain(model, text, label, vector=vector, found=found, places=shared)
            assert {(c.start, c.end): c.weight for c in why.contributions} == _reference_contributions(model, text, label)
            assert explain(model, text, label) == why  # the same without anything precomputed
