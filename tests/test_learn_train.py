"""authlint.learn.train / store: training is reproducible, calibrated and refuses too little data."""

from __future__ import annotations

from pathlib import Path

import pytest
from learn_data import pitches, updates, write_labelled

from authlint.detectors.learned.model import load_model
from authlint.learn.build import train_files
from authlint.learn.calibrate import share_flagged
from authlint.learn.store import model_files
from authlint.learn.train import (
    MIN_PER_CLASS,
    LabelData,
    TooLittleData,
    TrainConfig,
    train,
)

SMALL = TrainConfig(buckets=1 << 12)


def _data() -> tuple[list[str], dict[str, LabelData]]:
    texts = pitches() + updates()
    n = len(pitches())
    y = tuple([1] * n + [0] * len(updates()))
    return texts, {"self-promotion": LabelData(tuple(range(len(texts))), y, tuple(range(n, len(texts))))}


def test_same_input_same_model_bytes() -> None:
    texts, labels = _data()
    first = model_files(train(texts, labels, SMALL))
    second = model_files(train(texts, labels, SMALL))
    assert first == second
    assert set(first) == {"model.json", "weights.npy", "thresholds.json"}


def test_different_input_different_model() -> None:
    texts, labels = _data()
    other = model_files(train(texts, labels, TrainConfig(buckets=1 << 12, c=0.5)))
    assert other["weights.npy"] != model_files(train(texts, labels, SMALL))["weights.npy"]


def test_learns_and_keeps_the_budget() -> None:
    texts, labels = _data()
    trained = train(texts, labels, SMALL)
    m = trained.metrics["self-promotion"]
    assert m.roc_auc > 0.9
    assert m.pool_flagged <= 0.05  # 24 pool posts: at most floor(1% of 24) = 0 over warn... within 1 post
    assert trained.thresholds["self-promotion"].info <= trained.thresholds["self-promotion"].warn


def test_too_little_data_says_how_much_is_needed() -> None:
    texts = pitches()[:5] + updates()
    y = tuple([1] * 5 + [0] * len(updates()))
    labels = {"snark": LabelData(tuple(range(len(texts))), y, ())}
    with pytest.raises(TooLittleData, match=f"'snark' has 5 positive and 24 negative rows; training needs at least {MIN_PER_CLASS} of each"):
        train(texts, labels, SMALL)


def test_written_folder_loads_and_scores(tmp_path: Path) -> None:
    data = write_labelled(tmp_path / "posts.jsonl")
    card = train_files([data], tmp_path / "house", config=SMALL)
    model = load_model(tmp_path / "house")
    assert model.labels == ("self-promotion",)
    assert model.probability("Buy my course now: 50% off, link in bio!", "self-promotion") > \
        model.probability("Went for a walk by the river before the rain started.", "self-promotion")
    assert card["data"][0]["rows"] == 48 and len(card["data"][0]["sha256"]) == 64
    assert card["labels"]["self-promotion"]["rows"] == {"positive": 24, "negative": 24, "ordinary_pool": 24}
    assert {"date", "authlint_version"} <= set(card)
    assert not list(tmp_path.glob(".house*"))  # no temporary folder left behind


def test_retraining_replaces_the_folder_atomically(tmp_path: Path) -> None:
    data = write_labelled(tmp_path / "posts.jsonl")
    train_files([data], tmp_path / "house", config=SMALL)
    before = (tmp_path / "house" / "weights.npy").read_bytes()
    train_files([data], tmp_path / "house", config=SMALL)
    assert (tmp_path / "house" / "weights.npy").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["house", "posts.jsonl"]


def test_share_flagged_of_pool_matches_metric() -> None:
    assert share_flagged([0.1, 0.9], 0.5) == 0.5
