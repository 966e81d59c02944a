"""A trained linear model stored as plain data, loaded fast and scored with numpy alone.

A model folder holds:

- ``model.json``: format and feature versions, the labels, one bias per label, the number of
  hashed feature buckets, and the SHA-256 of the weights file;
- ``weights.npy``: a float32 matrix, one row per feature bucket, one column per label;
- ``thresholds.json``: per label the calibrated ``warn`` threshold and the lower ``info``
  band (probabilities, see :mod:`authlint.learn.calibrate`);
- ``card.json``: the model card (data files and hashes, row counts, held-out metrics, date,
  authlint version), read by people, never by the scorer.

No pickle anywhere: a model folder is safe to load from an untrusted repository, and loading
is one JSON parse plus one ``numpy.load`` (a few milliseconds), done on first use only.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from authlint.detectors.learned.features import FEATURE_VERSION, Columns, feature_names, vectorize
from authlint.errors import AuthlintError
from authlint.support.data import data_path

if TYPE_CHECKING:  # numpy loads with the weights: reading a header (rule validation) needs none
    import numpy as np

FORMAT_VERSION = 1
MODEL_FILE, WEIGHTS_FILE, THRESHOLDS_FILE, CARD_FILE = "model.json", "weights.npy", "thresholds.json", "card.json"


class ModelError(AuthlintError):
    """A model folder is missing, damaged or of another format."""


@dataclass(frozen=True)
class Thresholds:
    """Probabilities above which a label warns, and above which it gets an ``info`` note."""

    warn: float
    info: float

    def band(self, probability: float, warn: float | None = None) -> str | None:
        """``"warn"``, ``"info"`` or None for ``probability`` (``warn`` overrides the stored one)."""
        limit = self.warn if warn is None else warn
        if probability >= limit:
            return "warn"
        if probability >= min(self.info, limit):
            return "info"
        return None


@dataclass(frozen=True)
class Header:
    """What ``model.json`` and ``thresholds.json`` say: everything but the weights."""

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    buckets: int
    weights_sha256: str
    thresholds: dict[str, Thresholds]


@dataclass(frozen=True)
class LinearModel:
    """Weights per feature bucket and label, a bias per label, calibrated thresholds."""

    header: Header
    weights: np.ndarray[Any, Any]  # (buckets, labels), float32
    columns: Columns = field(init=False, repr=False, compare=False)  # this model's name -> column memo

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", Columns(self.header.buckets))

    @property
    def labels(self) -> tuple[str, ...]:
        return self.header.labels

    def column(self, label: str) -> int:
        try:
            return self.header.labels.index(label)
        except ValueError:
            raise ModelError(f"model has no label {label!r}; it has {', '.join(self.header.labels)}") from None

    def logit(self, cols: list[int], values: list[float], label: str) -> float:
        import numpy as np

        j = self.column(label)
        if not cols:
            return self.header.bias[j]
        w = self.weights[cols, j]
        return float(self.header.bias[j] + np.dot(w, np.asarray(values, dtype=np.float32)))

    def vector(self, names: Iterable[str]) -> tuple[list[int], list[float]]:
        """The :func:`vectorize` result of a post's feature ``names`` for this model."""
        return vectorize(names, self.header.buckets, self.columns)

    def probability(self, text: str, label: str) -> float:
        cols, values = self.vector(feature_names(text))
        return sigmoid(self.logit(cols, values, label))


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def shipped_model_dir(name: str) -> Path:
    """The folder of a model shipped with authlint (authlint/data/models/<name>)."""
    return data_path("models", name)


def read_header(folder: Path) -> Header:
    """``model.json`` and ``thresholds.json`` of ``folder``, checked (cheap: no weights read)."""
    meta = _read_json(folder / MODEL_FILE)
    limits = _read_json(folder / THRESHOLDS_FILE)
    try:
        if meta["format"] != FORMAT_VERSION:
            raise ModelError(f"{folder}: model format {meta['format']} is not {FORMAT_VERSION}; retrain it with this authlint")
        if meta["feature_version"] != FEATURE_VERSION:
            raise ModelError(
                f"{folder}: model uses feature set {meta['feature_version']}, this authlint computes "
                f"{FEATURE_VERSION}; retrain it with `authlint train`"
            )
        labels = tuple(str(x) for x in meta["labels"])
        bias = tuple(float(x) for x in meta["bias"])
        thresholds = {str(k): Thresholds(float(v["warn"]), float(v["info"])) for k, v in limits.items()}
        header = Header(labels, bias, int(meta["buckets"]), str(meta["weights_sha256"]), thresholds)
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"{folder}: damaged model files ({type(exc).__name__}: {exc})") from None
    if len(bias) != len(labels) or set(thresholds) != set(labels):
        raise ModelError(f"{folder}: labels, biases and thresholds do not agree")
    return header


def load_model(folder: Path) -> LinearModel:
    """The model in ``folder``; the weights must hash to what ``model.json`` recorded."""
    import numpy as np

    header = read_header(folder)
    path = folder / WEIGHTS_FILE
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"{path}: cannot read model weights: {exc.strerror}") from None
    if hashlib.sha256(data).hexdigest() != header.weights_sha256:
        raise ModelError(f"{path}: weights do not match model.json (damaged or replaced); retrain the model")
    weights = np.load(path, allow_pickle=False)
    if weights.shape != (header.buckets, len(header.labels)):
        raise ModelError(f"{path}: weights have shape {weights.shape}, expected {(header.buckets, len(header.labels))}")
    return LinearModel(header, weights)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path.parent}: not a model folder (no {path.name}); `authlint train --out` writes one") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: unreadable model file: {exc}") from None


__all__ = ["CARD_FILE", "FORMAT_VERSION", "MODEL_FILE", "THRESHOLDS_FILE", "WEIGHTS_FILE", "Header", "LinearModel",
           "ModelError", "Thresholds", "load_model", "read_header", "shipped_model_dir", "sigmoid"]
