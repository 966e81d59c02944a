"""Labelled rows (the JSONL ``authlint eval`` reads) as training data per label."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from authlint.learn.train import LabelData
from authlint.report.evaluate import Row


def labels_in(rows: Iterable[Row]) -> list[str]:
    """Every label the rows speak about: their positive labels and the categories they are scoped to."""
    names: set[str] = set()
    for row in rows:
        names |= row.labels
        if row.scope is not None:
            names |= row.scope
    return sorted(names)


def label_data(rows: Sequence[Row], categories: Iterable[str] | None = None,
               pool: Iterable[int] | None = None) -> dict[str, LabelData]:
    """Per label: the rows whose labels speak about it, their 0/1 answers, and the ordinary
    posts among them (``pool``: row indices; default: rows labelled clean, ``labels: []``)."""
    wanted = labels_in(rows) if categories is None else sorted(set(categories))
    ordinary = set(pool) if pool is not None else {i for i, r in enumerate(rows) if not r.labels and r.scope is None}
    out: dict[str, LabelData] = {}
    for name in wanted:
        members = [i for i, r in enumerate(rows) if r.scope is None or name in r.scope]
        out[name] = LabelData(
            rows=tuple(members),
            y=tuple(int(name in rows[i].labels) for i in members),
            pool=tuple(i for i in members if i in ordinary and name not in rows[i].labels),
        )
    return out
