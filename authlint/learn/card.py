"""The model card: what a model was trained on and how well it did on rows it never saw."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from authlint._version import __version__
from authlint.learn.store import file_sha256
from authlint.learn.train import TrainConfig, Trained


def build_date() -> str:
    """Today (UTC), or the day of ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (_dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc) if epoch and epoch.isdigit()
              else _dt.datetime.now(_dt.timezone.utc))
    return moment.date().isoformat()


def model_card(trained: Trained, files: Sequence[Path], rows: Mapping[str, int], config: TrainConfig,
               notes: Mapping[str, Any] | None = None, relative_to: Path | None = None) -> dict[str, Any]:
    """The card of ``trained``: data files with SHA-256 and row counts, per-label held-out metrics
    (out-of-fold, at the calibrated threshold), thresholds, training settings, date, version."""
    def shown(path: Path) -> str:
        if relative_to is not None:
            try:
                return str(path.resolve().relative_to(relative_to.resolve()))
            except ValueError:
                pass
        return str(path)

    return {
        "authlint_version": __version__,
        "date": build_date(),
        "model": "hashed-linear (L2 logistic regression per label over authlint.detectors.learned.features)",
        "data": [{"file": shown(p), "sha256": file_sha256(p), "rows": rows.get(str(p), 0)} for p in files],
        "labels": {
            name: {
                "rows": {"positive": m.positives, "negative": m.negatives, "ordinary_pool": m.pool},
                "held_out": {"method": f"{config.folds}-fold out-of-fold scores (folds by text hash)",
                             **{k: v for k, v in m.as_dict().items() if k not in ("positives", "negatives", "pool")}},
                "thresholds": {"warn": trained.thresholds[name].warn, "info": trained.thresholds[name].info},
            }
            for name, m in trained.metrics.items()
        },
        "settings": {"buckets": config.buckets, "C": config.c, "folds": config.folds, "seed": config.seed,
                     "warn_budget": config.budget, "info_budget": config.info_budget},
        **(dict(notes) if notes else {}),
    }
