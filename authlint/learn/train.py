"""Train a linear model per label, calibrate it on out-of-fold scores, measure it held out.

For each label: rows are split into ``folds`` by a hash of their text (stable: no random
split to seed); a model trained on the other folds scores each fold, so every row gets a
score from a model that never saw it. Those out-of-fold scores set the thresholds (on the
ordinary-post pool, :mod:`authlint.learn.calibrate`) and give the held-out metrics of the
model card; the shipped weights are then fitted on all rows.

scikit-learn's liblinear solver is deterministic for a fixed ``random_state``, and the
weights are stored as float32, so the same rows give the same model bytes. scikit-learn and
scipy are imported here only: scoring a post (:mod:`authlint.detectors.learned.model`) needs numpy alone.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from authlint.detectors.learned.features import DEFAULT_BUCKETS, Columns, feature_names, vectorize
from authlint.detectors.learned.model import Thresholds, sigmoid
from authlint.learn.calibrate import INFO_BUDGET, WARN_BUDGET, calibrate, share_flagged

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix

#: Fewest positive and fewest negative rows a label needs to be trained.
MIN_PER_CLASS = 20


@dataclass(frozen=True)
class TrainConfig:
    buckets: int = DEFAULT_BUCKETS
    c: float = 4.0  # inverse L2 strength
    folds: int = 5
    seed: int = 0
    budget: float = WARN_BUDGET
    info_budget: float = INFO_BUDGET


@dataclass(frozen=True)
class LabelData:
    """The rows one label is trained on: indices into the texts, their 0/1 answers, and which
    of them are ordinary posts (the pool the thresholds are calibrated on)."""

    rows: tuple[int, ...]
    y: tuple[int, ...]
    pool: tuple[int, ...]


@dataclass(frozen=True)
class LabelMetrics:
    positives: int
    negatives: int
    pool: int
    precision: float
    recall: float
    f1: float
    roc_auc: float
    pool_flagged: float

    def as_dict(self) -> dict[str, Any]:
        return {k: (None if isinstance(v, float) and math.isnan(v) else round(v, 4) if isinstance(v, float) else v)
                for k, v in self.__dict__.items()}


@dataclass
class Trained:
    labels: tuple[str, ...]
    weights: np.ndarray[Any, Any]  # (buckets, labels) float32
    bias: tuple[float, ...]
    thresholds: dict[str, Thresholds]
    metrics: dict[str, LabelMetrics] = field(default_factory=dict)
    #: Per label, every training row's out-of-fold score (row index -> probability): what a
    #: caller needs to re-calibrate, e.g. against what the hand rules already flag.
    oof: dict[str, dict[int, float]] = field(default_factory=dict)


class TooLittleData(ValueError):
    """A label has fewer than :data:`MIN_PER_CLASS` positive or negative rows."""


def feature_matrix(texts: Sequence[str], buckets: int) -> csr_matrix:
    """The hashed, L2-normalised features of ``texts``, one row each."""
    import numpy as np
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    columns = Columns(buckets)
    for text in texts:
        cols, values = vectorize(feature_names(text), buckets, columns)
        indices.extend(cols)
        data.extend(values)
        indptr.append(len(indices))
    return csr_matrix(
        (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)),
        shape=(len(texts), buckets),
    )


def fold_of(text: str, folds: int) -> int:
    return zlib.crc32(" ".join(text.split()).encode("utf-8", "surrogatepass")) % folds


def fit(x: csr_matrix, y: Sequence[int], config: TrainConfig) -> tuple[np.ndarray[Any, Any], float]:
    """(weights, bias) of an L2 logistic regression, classes weighted to balance."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=config.c, solver="liblinear", class_weight="balanced",
                             random_state=config.seed, max_iter=1000)
    clf.fit(x, list(y))
    return clf.coef_[0].astype("float32"), float(clf.intercept_[0])


def check_enough(label: str, data: LabelData) -> None:
    positives = sum(data.y)
    negatives = len(data.y) - positives
    if positives < MIN_PER_CLASS or negatives < MIN_PER_CLASS:
        raise TooLittleData(
            f"category {label!r} has {positives} positive and {negatives} negative rows; "
            f"training needs at least {MIN_PER_CLASS} of each"
        )


def out_of_fold(x: csr_matrix, y: Sequence[int], folds: Sequence[int], config: TrainConfig) -> list[float]:
    """Each row's probability from a model trained on the other folds."""
    scores = [0.0] * len(y)
    for k in sorted(set(folds)):
        train = [i for i, f in enumerate(folds) if f != k]
        test = [i for i, f in enumerate(folds) if f == k]
        if len({y[i] for i in train}) < 2:
            continue
        w, b = fit(x[train], [y[i] for i in train], config)
        logits = x[test] @ w.astype("float64") + b
        for i, z in zip(test, logits):
            scores[i] = sigmoid(float(z))
    return scores


def train(texts: Sequence[str], labels: Mapping[str, LabelData], config: TrainConfig = TrainConfig(),
          x_all: csr_matrix | None = None) -> Trained:
    """A model with one column per label in ``labels`` (in sorted order). ``x_all``: the
    :func:`feature_matrix` of ``texts`` when the caller has it (benchmarks train many times)."""
    import numpy as np

    names = tuple(sorted(labels))
    for name in names:
        check_enough(name, labels[name])
    if x_all is None:
        x_all = feature_matrix(texts, config.buckets)
    weights = np.zeros((config.buckets, len(names)), dtype=np.float32)
    bias: list[float] = []
    thresholds: dict[str, Thresholds] = {}
    metrics: dict[str, LabelMetrics] = {}
    oof_by_label: dict[str, dict[int, float]] = {}
    for j, name in enumerate(names):
        data = labels[name]
        x = x_all[list(data.rows)]
        folds = [fold_of(texts[i], config.folds) for i in data.rows]
        oof = out_of_fold(x, data.y, folds, config)
        position = {row: k for k, row in enumerate(data.rows)}
        oof_by_label[name] = {row: oof[k] for row, k in position.items()}
        pool_scores = [oof[position[i]] for i in data.pool if i in position]
        if not pool_scores:  # no ordinary posts given: the label's negatives stand in
            pool_scores = [s for s, t in zip(oof, data.y) if not t]
        limits = calibrate(pool_scores, config.budget, config.info_budget)
        thresholds[name] = limits
        metrics[name] = measure(data.y, oof, limits.warn, pool_scores)
        w, b = fit(x, data.y, config)
        weights[:, j] = w
        bias.append(round(b, 7))
    return Trained(names, weights, tuple(bias), thresholds, metrics, oof_by_label)


def measure(y: Sequence[int], scores: Sequence[float], threshold: float, pool_scores: Sequence[float]) -> LabelMetrics:
    """Precision, recall, F1 at ``threshold``, ROC AUC, and the share of the pool flagged."""
    from sklearn.metrics import roc_auc_score

    tp = sum(1 for t, s in zip(y, scores) if t and s >= threshold)
    fp = sum(1 for t, s in zip(y, scores) if not t and s >= threshold)
    fn = sum(1 for t, s in zip(y, scores) if t and s < threshold)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    auc = float(roc_auc_score(list(y), list(scores))) if 0 < sum(y) < len(y) else float("nan")
    positives = sum(y)
    return LabelMetrics(positives, len(y) - positives, len(pool_scores), p, r, f1, auc,
                        share_flagged(pool_scores, threshold))
