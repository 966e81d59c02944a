"""``classifier``: a learned linear model (authlint.learn) scores the post for one label.

``model`` is the name of a model shipped in authlint/data/models/ or a folder that
``authlint train`` wrote, relative to the rule file. The detector fires at the model's
calibrated threshold (or the rule's ``threshold``); a score in the calibrated ``info`` band
below it gives an ``info`` match that costs no points and keeps ``--fix`` off the post.
The match covers the sentence that drives the score, and its ``words`` capture names the
words that pushed it there (exact feature contributions, authlint.detectors.learned.explain), so a rule's
message can read ``"{words} read as sarcasm."``.

Scoring reads only the text and the tokenized Doc's sentences: no tagger or parser, so
posts are never annotated on its account. The model's weights load on the first post scored.
"""

from __future__ import annotations

import math
import os
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, PrivateAttr, ValidationInfo, model_validator

from authlint.detectors.base import BindContext, DetectorBase, Finder, Match
from authlint.detectors.learned.features import Group, groups, names_of
from authlint.detectors.learned.model import (
    LinearModel,
    ModelError,
    load_model,
    read_header,
    shipped_model_dir,
)
from authlint.nlp.views import doc_text, sentences
from authlint.severity import Severity

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from authlint.detectors.learned.explain import Places

_SHIPPED_NAME = "^[a-z0-9][a-z0-9_-]*$"
_VECTOR_KEY = "authlint.learn.vector"
_GROUPS_KEY = "authlint.learn.groups"


class ClassifierDetector(DetectorBase):
    type: Literal["classifier"] = "classifier"
    model: str = Field(min_length=1, description="A shipped model's name, or a model folder relative to the rule file.")
    label: str = Field(min_length=1, description="The label (category) of the model to score.")
    threshold: float | None = Field(None, gt=0, lt=1, description="Warn at this probability (default: the calibrated one).")
    info: bool = Field(True, description="Give an info finding for scores in the calibrated borderline band.")
    _folder: Path = PrivateAttr()

    @property
    def fallback(self) -> bool:
        """A model's finding yields to a rule's on the same words (see report.scoring.distinct)."""
        return True

    @model_validator(mode="after")
    def _exists(self, info: ValidationInfo) -> ClassifierDetector:
        rule_file = (info.context or {}).get("rule_file") if info is not None else None
        self._folder = model_folder(self.model, Path(rule_file).parent if rule_file else None)
        try:
            header = read_header(self._folder)
        except ModelError as exc:
            raise ValueError(str(exc)) from None
        if self.label not in header.labels:
            raise ValueError(f"model {self.model!r} has no label {self.label!r}; it has {', '.join(header.labels)}")
        return self

    @property
    def folder(self) -> Path:
        return self._folder

    def bind(self, ctx: BindContext, rule_code: str) -> Finder:
        label, threshold, with_info = self.label, self.threshold, self.info
        current = _Current(self._folder)

        def find(doc: Doc) -> list[Match]:
            from authlint.detectors.learned.explain import explain, quote_list
            from authlint.detectors.learned.model import sigmoid

            model = current()
            text = doc_text(doc)
            found = _groups(doc, text)
            cols, values = _vector(doc, found, model)
            probability = sigmoid(_logits(doc, model, cols, values)[model.column(label)])
            band = model.header.thresholds[label].band(probability, threshold)
            if band is None or (band == "info" and not with_info):
                return []
            ranges = [(s[0].idx, s[-1].end) for s in sentences(doc) if s]
            why = explain(model, text, label, ranges, vector=(cols, values), found=found,
                          places=_places(doc, model, found, (cols, values)))
            start, end = why.sentence
            if start >= end:
                return []
            words = why.words()
            captures = {
                "words": quote_list(words) if words else "the post as a whole",
                "score": f"{probability:.2f}",
                "band": band,
            }
            unsure = band == "info"
            return [Match(start, end, captures, severity=Severity.INFO if unsure else None, unsure=unsure)]

        return find


def model_folder(model: str, base: Path | None) -> Path:
    """Where ``model`` lives: a shipped model's folder for a plain name that is not a folder
    next to the rule file, else the path (relative to ``base``, the rule file's folder)."""
    import re

    local = Path(model).expanduser()
    if not local.is_absolute():
        local = (base or Path.cwd()) / local
    if re.match(_SHIPPED_NAME, model) and not local.is_dir():
        return shipped_model_dir(model)
    return local


class _Current:
    """The loaded model of one folder, reloaded when it is retrained: a long-lived process
    (``authlint serve``, ``authlint lsp``) looks at the folder at most once a second, not
    once per post and rule."""

    def __init__(self, folder: Path, every: float = 1.0) -> None:
        self._folder, self._every = folder, every
        self._looked, self._stamp = -math.inf, (0, 0)

    def __call__(self) -> LinearModel:
        now = time.monotonic()
        if now - self._looked >= self._every:
            self._looked, self._stamp = now, _stamp(self._folder)
        return cached_model(str(self._folder), self._stamp)


def _stamp(folder: Path) -> tuple[int, int]:
    """Changes when the model is retrained (``authlint train`` replaces the folder, so the
    file is a new one even where timestamps are coarse)."""
    try:
        st = os.stat(folder / "model.json")
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_ino)


@lru_cache(maxsize=8)
def cached_model(folder: str, stamp: tuple[int, int]) -> LinearModel:
    """One loaded copy per model folder (several rules share the default model)."""
    return load_model(Path(folder))


def _logits(doc: Doc, model: LinearModel, cols: list[int], values: list[float]) -> list[float]:
    """Every label's logit for the post, computed once per Doc and model (the four default
    learned rules share one model: one weight lookup instead of four)."""
    import numpy as np

    key = f"{_VECTOR_KEY}.logits.{id(model)}"
    found = doc.user_data.get(key)
    if found is None:
        bias = np.asarray(model.header.bias, dtype=np.float64)
        if cols:
            z = np.asarray(values, dtype=np.float64) @ model.weights[cols].astype(np.float64) + bias
        else:
            z = bias
        found = doc.user_data[key] = [float(v) for v in z]
    return found


def _places(doc: Doc, model: LinearModel, found: list[Group], vector: tuple[list[int], list[float]]) -> Places:
    """What every label's explanation of the post shares, computed once per Doc and model."""
    from authlint.detectors.learned.explain import places_of

    key = f"{_VECTOR_KEY}.places.{id(model)}"
    places = doc.user_data.get(key)
    if places is None:
        places = doc.user_data[key] = places_of(model, found, vector)
    return places


def _groups(doc: Doc, text: str) -> list[Group]:
    """The post's features with their places, computed once per Doc (every learned rule and
    its explanation read the same ones)."""
    found = doc.user_data.get(_GROUPS_KEY)
    if found is None:
        found = doc.user_data[_GROUPS_KEY] = groups(text)
    return found


def _vector(doc: Doc, found: list[Group], model: LinearModel) -> tuple[list[int], list[float]]:
    """The post's hashed features, computed once per Doc and bucket count (rules share them)."""
    key = f"{_VECTOR_KEY}.{model.header.buckets}"
    vector = doc.user_data.get(key)
    if vector is None:
        vector = doc.user_data[key] = model.vector(names_of(found))
    return vector
