"""Write output tables (Parquet, JSONL or CSV, chosen by suffix), never half a file.

A :class:`TableWriter` streams partitions into one file: it writes to a temp file beside the
target and renames it over the target only when every partition is in
(:func:`authlint.io.atomic.replacing`); an interrupted run leaves the old file, or none.
Nested columns (findings, notices) are lists of structs in Parquet, arrays in JSONL, and JSON
text in CSV, which has no nesting.
"""

from __future__ import annotations

import csv
import io
import json
import math
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from authlint.batch.schema import COLUMNS, NESTED, arrow_schema
from authlint.errors import AuthlintError
from authlint.io.atomic import replacing

if TYPE_CHECKING:
    import pandas as pd

TableFormat = Literal["parquet", "jsonl", "csv"]
FORMATS: dict[str, TableFormat] = {".parquet": "parquet", ".jsonl": "jsonl", ".csv": "csv"}


def format_for(path: Path) -> TableFormat:
    """The format a file's suffix names (an :class:`AuthlintError` for any other suffix)."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise AuthlintError(f"{path}: cannot tell the table format from '{path.suffix or 'no suffix'}' "
                            f"(use {', '.join(FORMATS)})") from None


def _plain(value: Any) -> Any:
    """A cell as JSON data: missing values (pandas NA, NaN) as None, numpy arrays and scalars (as
    a table read back from Parquet holds them) as lists and Python numbers."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return [_plain(v) for v in value]
    if type(value).__name__ == "NAType":
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        return _plain(value.item())  # a numpy scalar
    return value


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of an output table as JSON-ready dicts, columns in table order."""
    columns = [list(df[c]) for c in COLUMNS]
    return [{c: _plain(v) for c, v in zip(COLUMNS, values)} for values in zip(*columns)]


class TableWriter:
    """Streams output tables into one file of ``fmt``, atomically (see the module docstring)."""

    def __init__(self, path: Path, fmt: TableFormat | None = None) -> None:
        self.path = Path(path)
        self.fmt = fmt or format_for(self.path)
        self.rows = 0
        self._stack = ExitStack()
        self._parquet: Any = None
        self._text: io.TextIOWrapper | None = None
        self._csv: csv.DictWriter[str] | None = None

    def __enter__(self) -> TableWriter:
        if not self.path.parent.is_dir():
            raise AuthlintError(f"{self.path}: folder {self.path.parent} does not exist")
        temp = self._stack.enter_context(replacing(self.path))
        if self.fmt == "parquet":
            import pyarrow.parquet as pq

            self._parquet = pq.ParquetWriter(temp, arrow_schema())
            self._stack.callback(self._parquet.close)  # before the rename: callbacks run last-in first-out
        else:
            self._text = self._stack.enter_context(open(temp, "w", encoding="utf-8", newline=""))
            if self.fmt == "csv":
                self._csv = csv.DictWriter(self._text, fieldnames=list(COLUMNS))
                self._csv.writeheader()
        return self

    def write(self, df: pd.DataFrame) -> None:
        """Append one output table (:func:`authlint.batch.schema.frame`)."""
        if self._parquet is not None:
            import pyarrow as pa

            self._parquet.write_table(pa.Table.from_pandas(df, schema=arrow_schema(), preserve_index=False))
        elif self._csv is not None:
            for row in records(df):
                self._csv.writerow({k: json.dumps(v, ensure_ascii=False) if k in NESTED else v for k, v in row.items()})
        else:
            assert self._text is not None
            self._text.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in records(df))
        self.rows += len(df)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._stack.__exit__(kind, exc, tb)


def write_table(df: pd.DataFrame, path: Path, fmt: TableFormat | None = None) -> None:
    """Write one output table to ``path`` atomically."""
    with TableWriter(path, fmt) as writer:
        writer.write(df)


__all__ = ["FORMATS", "TableFormat", "TableWriter", "format_for", "records", "write_table"]
