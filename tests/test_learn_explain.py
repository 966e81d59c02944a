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
