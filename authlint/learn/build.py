"""Train from labelled JSONL files to a model folder: what ``authlint train`` runs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from authlint.errors import InputError
from authlint.learn.card import model_card
from authlint.learn.data import label_data
from authlint.learn.store import write_model
from authlint.learn.train import TrainConfig, train
from authlint.report.evaluate import Row, read_rows


def read_training_rows(paths: Sequence[Path], category: str | None) -> tuple[list[Row], dict[str, int]]:
    """Rows of every file (``authlint eval``'s reader and errors) and the count per file."""
    rows: list[Row] = []
    counts: dict[str, int] = {}
    for path in paths:
        found = read_rows(path, category)
        counts[str(path)] = len(found)
        rows += found
    if not rows:
        raise InputError(f"no labelled rows in {', '.join(map(str, paths))}")
    return rows, counts


def train_files(paths: Sequence[Path], out: Path, category: str | None = None,
                config: TrainConfig | None = None) -> dict[str, Any]:
    """Train on ``paths``, write the model folder ``out`` atomically, return its card."""
    config = config or TrainConfig()
    rows, counts = read_training_rows(paths, category)
    labels = label_data(rows)
    if not labels:
        raise InputError("no row has a label: give rows 'labels' (a list of categories) or 'label' with --category")
    trained = train([r.text for r in rows], labels, config)
    card = model_card(trained, paths, counts, config)
    write_model(out, trained, card)
    return card
