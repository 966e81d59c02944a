"""Write a trained model folder all at once: never a half-written or mixed model.

Every file goes into a temporary folder beside the target, each fsynced; the folder is then
renamed into place (an existing model is moved aside first and removed after). A reader sees
the old model or the new one. The model files are canonical (sorted JSON keys, ``np.save``
bytes), so the same training input gives byte-identical ``model.json``, ``weights.npy`` and
``thresholds.json``; only ``card.json`` carries the date (``SOURCE_DATE_EPOCH`` fixes it).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from authlint.detectors.learned.features import FEATURE_VERSION
from authlint.detectors.learned.model import (
    CARD_FILE,
    FORMAT_VERSION,
    MODEL_FILE,
    THRESHOLDS_FILE,
    WEIGHTS_FILE,
)
from authlint.errors import AuthlintError
from authlint.io.atomic import fsync_dir
from authlint.learn.train import Trained


def model_files(trained: Trained) -> dict[str, bytes]:
    """The bytes of ``model.json``, ``weights.npy`` and ``thresholds.json``."""
    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(trained.weights, dtype=np.float32), allow_pickle=False)
    weights = buffer.getvalue()
    meta = {
        "format": FORMAT_VERSION,
        "feature_version": FEATURE_VERSION,
        "kind": "hashed-linear",
        "labels": list(trained.labels),
        "bias": list(trained.bias),
        "buckets": int(trained.weights.shape[0]),
        "weights_sha256": hashlib.sha256(weights).hexdigest(),
    }
    limits = {k: {"warn": v.warn, "info": v.info} for k, v in sorted(trained.thresholds.items())}
    return {MODEL_FILE: canonical_json(meta), WEIGHTS_FILE: weights, THRESHOLDS_FILE: canonical_json(limits)}


def canonical_json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def write_model(out: Path, trained: Trained, card: Mapping[str, Any]) -> None:
    """Write the model and its card to the folder ``out`` atomically."""
    files = {**model_files(trained), CARD_FILE: canonical_json(dict(card))}
    out = Path(out)
    parent = out.parent if str(out.parent) else Path(".")
    if out.exists() and not out.is_dir():
        raise AuthlintError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MODEL_FILE).is_file():
        raise AuthlintError(f"{out}: folder exists and is not a model folder; refusing to replace it")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".authlint-tmp", dir=parent))
    except OSError as exc:
        raise AuthlintError(f"{out}: cannot create the model folder: {exc.strerror}") from None
    old: Path | None = None
    try:
        for name, data in files.items():
            with open(temp / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temp, 0o755)
        fsync_dir(temp)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".authlint-old", dir=parent))
            os.rmdir(old)
            os.replace(out, old)
        os.replace(temp, out)
        fsync_dir(parent)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        if old is not None and old.exists() and not out.exists():
            os.replace(old, out)
        raise AuthlintError(f"{out}: cannot write the model: {exc.strerror}") from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)



def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
