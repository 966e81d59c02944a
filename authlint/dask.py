"""authlint on Dask: lint a Dask DataFrame or Bag of posts, on any cluster.

    import dask.dataframe as dd
    from authlint.dask import lint_dataframe

    posts = dd.read_parquet("posts/*.parquet")
    lint_dataframe(posts, text="body", id="post_id", config=".authlint.yaml").to_parquet("results/")

The result has the columns of :mod:`authlint.batch.schema`, declared up front as ``meta``
(strings as pandas ``string`` dtype), so Dask never runs a partition just to learn them. Each
worker process builds one Linter per config and keeps it (:func:`authlint.batch.partition.worker_linter`):
only the config travels with a task. Needs ``pip install 'authlint[dask]'``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from authlint.batch.partition import ConfigRef, lint_partition
from authlint.batch.schema import frame
from authlint.engine.linter import _as_config


def lint_dataframe(ddf: Any, text: str = "text", id: str = "id", config: ConfigRef = None) -> Any:
    """A Dask DataFrame with one output row per row of ``ddf`` (same partitions, same order)."""
    if text not in ddf.columns:
        from authlint.errors import AuthlintError

        raise AuthlintError(f"no column '{text}' (columns: {', '.join(map(str, ddf.columns))})")
    return ddf.map_partitions(lint_partition, text=text, id=id, config=_as_config(config), meta=frame([]))


def lint_bag(bag: Any, text: str = "text", id: str = "id", config: ConfigRef = None) -> Any:
    """A Dask Bag of output rows (dicts) for a Bag of posts: strings, or mappings with ``text``
    (and ``id``, ``platform``, ``author``) keys."""
    settings = _as_config(config)
    return bag.map_partitions(_lint_items, text=text, id=id, config=settings)


def _lint_items(items: Any, text: str, id: str, config: Any) -> list[dict[str, Any]]:
    import pandas as pd

    from authlint.batch.sinks import records

    rows = [item if isinstance(item, Mapping) else {text: item} for item in items]
    df = pd.DataFrame(rows, columns=list(dict.fromkeys([text, id, *(k for r in rows for k in r)])))
    return records(lint_partition(df, text=text, id=id, config=config))


__all__ = ["lint_bag", "lint_dataframe"]
