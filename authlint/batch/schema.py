"""The output table of ``authlint batch``: one row per input row, the same columns everywhere.

The columns are fixed (they never depend on which findings a partition happens to have), so
every partition, every engine (in-process, Dask, Ray, Spark) and every format writes the same
table: ``id``; ``score`` and one ``score_<category>`` per built-in category (custom categories
are in the findings); a count of findings per severity; ``findings`` and ``notices`` as nested
lists with the fields of the JSON report (``--format json``); and ``error``, why a row was not
checked (a bad row, a rule that failed on it), empty otherwise. Strings are pandas ``string``
dtype, not ``object``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from authlint.report.results import Report
from authlint.report.scoring import PENALTY_CATEGORIES
from authlint.severity import Severity

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

#: Categories with a subscore column, in order (``connection``: the bonus, 0-100).
CATEGORIES = (*PENALTY_CATEGORIES, "platform", "connection")
SEVERITIES = tuple(s.value for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))


def category_column(category: str) -> str:
    return "score_" + category.replace("-", "_")


def count_column(severity: str) -> str:
    return f"{severity}_count"


NESTED = ("findings", "notices")
#: Every column, in order.
COLUMNS = (
    "id", "score", *map(category_column, CATEGORIES), *map(count_column, SEVERITIES), *NESTED, "error",
)


def report_row(row_id: str, report: Report | None, error: str | None = None) -> dict[str, Any]:
    """The output row for one post: its ``report``, or None and why it was not checked."""
    if report is None:
        return {"id": row_id, "score": None, **dict.fromkeys(map(category_column, CATEGORIES)),
                **{count_column(s): 0 for s in SEVERITIES}, "findings": [], "notices": [], "error": error}
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in report.findings:
        counts[finding.severity.value] += 1
    problems = [n.message for n in report.notices if n.severity is Severity.ERROR]
    return {
        "id": row_id, "score": report.score,
        **{category_column(c): report.categories.get(c) for c in CATEGORIES},
        **{count_column(s): n for s, n in counts.items()},
        "findings": [f.to_dict() for f in report.findings],
        "notices": [n.to_dict() for n in report.notices],
        "error": "; ".join(problems) if problems else error,
    }


def pandas_dtypes() -> dict[str, Any]:
    """The pandas dtype of each column (nested lists are Python objects)."""
    import pandas as pd

    floats = {c: "float64" for c in ("score", *map(category_column, CATEGORIES))}
    return {"id": pd.StringDtype(), **floats, **{count_column(s): "int64" for s in SEVERITIES},
            "findings": object, "notices": object, "error": pd.StringDtype()}


def frame(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """A DataFrame of output rows with the table's dtypes (also the empty ``meta`` Dask needs)."""
    import pandas as pd

    df = pd.DataFrame(list(rows), columns=list(COLUMNS))
    return df.astype(pandas_dtypes())


def arrow_schema() -> pa.Schema:
    """The Parquet schema: the same columns, findings as a list of structs."""
    import pyarrow as pa

    suggestion = pa.struct([("text", pa.string()), ("replacement", pa.string()), ("applicability", pa.string())])
    ints = ("start", "end", "line", "column", "end_line", "end_column")
    finding = pa.struct([
        *((name, pa.string()) for name in ("rule", "name", "category", "severity", "message", "why")),
        *((name, pa.int64()) for name in ints),
        ("text", pa.string()), ("weight", pa.float64()), ("suggestions", pa.list_(suggestion)),
    ])
    notice = pa.struct([(name, pa.string()) for name in ("kind", "message", "severity", "rule")])
    return pa.schema([
        ("id", pa.string()), ("score", pa.float64()),
        *((category_column(c), pa.float64()) for c in CATEGORIES),
        *((count_column(s), pa.int64()) for s in SEVERITIES),
        ("findings", pa.list_(finding)), ("notices", pa.list_(notice)), ("error", pa.string()),
    ])


__all__ = ["CATEGORIES", "COLUMNS", "SEVERITIES", "arrow_schema", "category_column", "count_column", "frame", "report_row"]
