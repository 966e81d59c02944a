"""Bulk drafts: one post per row of a JSONL or CSV export from a scheduling tool.

``--text-field`` names the column with the post (default ``text``), ``--id-field`` the one
that identifies it in the output (default ``id``; the line or row number when absent).
``platform`` and ``author`` columns, when present, set that row's platform and author profile
(a ``date`` column is kept for ``authlint report``). A bad row is reported on its own
and does not stop the others.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Literal

BulkFormat = Literal["jsonl", "csv"]


@dataclass(frozen=True)
class Row:
    id: str
    text: str = ""
    platform: str | None = None
    author: str | None = None
    error: str | None = None
    date: str | None = None


def _row(data: object, number: int, text_field: str, id_field: str) -> Row:
    if not isinstance(data, dict):
        return Row(str(number), error=f"row {number}: expected an object, got {type(data).__name__}")
    raw_id = data.get(id_field)
    row_id = str(raw_id) if raw_id not in (None, "") else str(number)
    text = data.get(text_field)
    if not isinstance(text, str):
        fields = ", ".join(sorted(map(str, data))) or "none"
        problem = "is not a string" if text_field in data else "is missing"
        return Row(row_id, error=f"row {number}: field '{text_field}' {problem} (fields: {fields}; use --text-field)")
    platform, author, date = data.get("platform"), data.get("author"), data.get("date")
    return Row(row_id, text, str(platform) if platform not in (None, "") else None,
               str(author) if author not in (None, "") else None, date=str(date) if date not in (None, "") else None)


def read_rows(content: str, fmt: BulkFormat, text_field: str = "text", id_field: str = "id") -> list[Row]:
    """Rows of a JSONL (one JSON object per line) or CSV (header row) export."""
    if fmt == "jsonl":
        rows = []
        for number, line in enumerate(content.splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                rows.append(Row(str(number), error=f"line {number}: not valid JSON: {exc.msg} (column {exc.colno})"))
                continue
            rows.append(_row(data, number, text_field, id_field))
        return rows
    try:
        reader = csv.DictReader(io.StringIO(content, newline=""))
        return [_row(data, number, text_field, id_field) for number, data in enumerate(reader, 1)]
    except csv.Error as exc:
        return [Row("?", error=f"not valid CSV: {exc}")]
