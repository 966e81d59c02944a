"""Lint one partition of a table: the engine-neutral unit of work of every distributed run.

:func:`lint_partition` takes a pandas DataFrame with a text column and returns the output table
of :mod:`authlint.batch.schema`, one row per input row, in order. Dask calls it through
:mod:`authlint.dask`; a Ray ``map_batches`` or a Spark ``mapInPandas`` can call it as it is.

Workers never receive a used :class:`~authlint.Linter` (its loaded pipeline would be pickled
and shipped with every task): they get the config, and :func:`worker_linter` builds one Linter
per process and config, kept for the life of the worker process. A lock serialises the tasks of
one process on it: spaCy holds the GIL while it parses, so threads would not run them faster.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from authlint.engine.linter import Linter, _as_config
from authlint.engine.posts import Post
from authlint.errors import AuthlintError
from authlint.settings.config import Config
from authlint.settings.platform_names import canonical_platform
from authlint.support.records import plain

if TYPE_CHECKING:
    import pandas as pd

ConfigRef = Config | Mapping[str, Any] | str | Path | None


class _Keyed:
    """A config with the canonical JSON of its fields as its identity (Config holds lists)."""

    def __init__(self, config: Config, options: tuple[tuple[str, Any], ...]) -> None:
        self.config = config
        self.options = options
        self.key = json.dumps([plain(config), list(options)], sort_keys=True, default=str)

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Keyed) and other.key == self.key


@lru_cache(maxsize=8)
def _cached(keyed: _Keyed) -> tuple[Linter, threading.Lock]:
    return Linter(keyed.config, **dict(keyed.options)), threading.Lock()


def worker_linter(config: ConfigRef = None, *, jobs: int = 1) -> tuple[Linter, threading.Lock]:
    """This process's Linter for ``config`` (built on first use, then reused) and its lock.

    Reports list findings, not claims (``claims=False``), and nothing is cached on disk."""
    return _cached(_Keyed(_as_config(config), (("claims", False), ("jobs", max(1, jobs)))))


def lint_partition(
    df: pd.DataFrame, text: str = "text", id: str = "id", config: ConfigRef = None, *,
    error: str | None = None, jobs: int = 1,
) -> pd.DataFrame:
    """The output table (:mod:`authlint.batch.schema`) for the posts in ``df[text]``.

    ``id`` names the id column (absent: the row's position in ``df``); ``platform`` and
    ``author`` columns, when present, set each row's platform and author profile, as in a bulk
    export. A row whose text is missing or not a string, or whose ``error`` column (when named)
    is set, is not checked: its output row says why. ``config`` is a Config, a mapping of
    settings or a config file's path; ``jobs`` > 1 checks the partition in that many processes.
    """
    from authlint.batch.schema import frame, report_row

    if text not in df.columns:
        raise AuthlintError(f"no column '{text}' (columns: {', '.join(map(str, df.columns)) or 'none'})")
    linter, lock = worker_linter(config, jobs=jobs)
    ids = [_text_or_none(v) for v in df[id]] if id in df.columns else [str(i) for i in range(len(df))]
    texts = list(df[text])
    platforms = _column(df, "platform")
    authors = _column(df, "author")
    problems = _column(df, error) if error else [None] * len(df)
    out: list[dict[str, Any] | None] = [None] * len(df)
    posts: list[tuple[int, Post]] = []
    for i, (row_id, body) in enumerate(zip(ids, texts)):
        row_id = row_id if row_id is not None else str(i)
        ids[i] = row_id
        if problems[i] is not None:
            out[i] = report_row(row_id, None, problems[i])
        elif not isinstance(body, str):
            out[i] = report_row(row_id, None, f"field '{text}' is not a string")
        else:
            try:
                author = linter.author_profile(authors[i])  # None: the config's author
                platform = canonical_platform(platforms[i]) if platforms[i] is not None else None
            except AuthlintError as exc:
                out[i] = report_row(row_id, None, str(exc))
                continue
            posts.append((i, Post(body, platform, author)))
    with lock:
        for (i, _), report in zip(posts, linter.check_posts(p for _, p in posts)):
            out[i] = report_row(ids[i], report)  # type: ignore[arg-type]
    return frame(row for row in out if row is not None)


def _text_or_none(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    try:
        import pandas as pd

        if value is pd.NA:
            return None
    except ImportError:  # pragma: no cover - pandas is needed to have a DataFrame at all
        pass
    return str(value)


def _column(df: pd.DataFrame, name: str) -> list[str | None]:
    if name not in df.columns:
        return [None] * len(df)
    return [v if v != "" else None for v in map(_text_or_none, df[name])]


__all__ = ["lint_partition", "worker_linter"]
