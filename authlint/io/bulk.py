"""Bulk drafts: one post per row of a JSONL, CSV or Parquet export from a scheduling tool.

``--text-field`` names the column with the post (default ``text``), ``--id-field`` the one
that identifies it in the output (default ``id``; the line or row number when absent). A
column named by ``--id-field`` explicitly must exist: a Parquet file or CSV header without it
is an error of the whole file, a JSONL row without it an error of that row.
``platform`` and ``author`` columns, when present, set that row's platform and author profile
(a ``date`` column is kept for ``authlint report``). A bad row is reported on its own and does
not stop the others. The readers, which stream a file of any size row by row, are in
:mod:`authlint.io.tables`; this module says what a row is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

BulkFormat = Literal["jsonl", "csv", "parquet"]
#: File suffixes read as bulk exports when a file is named on the command line.
BULK_SUFFIXES: dict[str, BulkFormat] = {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet"}


@dataclass(frozen=True)
class Row:
    """One row of an export: a post to check, or the reason it cannot be."""

    id: str
    text: str = ""
    platform: str | None = None
    author: str | None = None
    error: str | None = None
    date: str | None = None


def missing_id(id_field: str, names: Iterable[object], what: str = "column") -> str:
    """The message for an ``--id-field`` the input does not have, naming what it has."""
    have = ", ".join(map(str, names)) or "none"
    return f"no {what} '{id_field}' for --id-field ({what}s: {have})"


def row_id(data: Mapping[str, object], id_field: str, number: int) -> str:
    """The row's id: its ``id_field`` value, else its line or row number."""
    raw = data.get(id_field)
    return str(raw) if raw not in (None, "") else str(number)


def row_from_mapping(
    data: object, where: str, number: int, text_field: str, id_field: str, id_required: bool = False,
) -> Row:
    """The row ``data`` (a parsed JSON object, CSV record or Parquet row) found at ``where``
    (e.g. ``line 3``); ``number`` is its id when it has none. ``id_required``: the user named
    ``id_field`` (``--id-field``), so a row without that field is an error, not a row number."""
    if not isinstance(data, Mapping):
        return Row(str(number), error=f"{where}: expected an object, got {type(data).__name__}")
    if id_required and id_field not in data:
        return Row(str(number), error=f"{where}: {missing_id(id_field, sorted(map(str, data)), 'field')}")
    ident = row_id(data, id_field, number)
    text = data.get(text_field)
    if not isinstance(text, str):
        fields = ", ".join(sorted(map(str, data))) or "none"
        problem = "is not a string" if text_field in data else "is missing"
        return Row(ident, error=f"{where}: field '{text_field}' {problem} (fields: {fields}; use --text-field)")
    platform, author, date = data.get("platform"), data.get("author"), data.get("date")
    return Row(ident, text, str(platform) if platform not in (None, "") else None,
               str(author) if author not in (None, "") else None, date=str(date) if date not in (None, "") else None)
