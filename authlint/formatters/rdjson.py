"""reviewdog's Diagnostic Format (``rdjson``): findings as review comments, safe fixes as suggestions.

``reviewdog -f=rdjson`` reads it to comment on a pull request; with ``-reporter=github-pr-review``
each safe fix becomes a suggested change the author can commit with one click. Positions are
1-based lines and 1-based columns counted in UTF-8 bytes, as the format defines (so a column
after an emoji is 4 more, not 1); ranges end exclusively. Connection findings are praise, not
review comments, and are left out, as in the ``github`` format.
"""

from __future__ import annotations

import json
from typing import Any

from authlint.formatters.base import PostResult, RunResult
from authlint.io.positions import LineIndex
from authlint.report.results import POSITIVE_CATEGORIES, Finding
from authlint.severity import Severity

_SEVERITY = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def _position(text: str, lines: LineIndex, offset: int) -> dict[str, int]:
    line, _ = lines.position(offset)
    start, _ = lines.line_span(line)
    return {"line": line, "column": len(text[start:offset].encode("utf-8", "surrogatepass")) + 1}


def _diagnostic(post: PostResult, f: Finding, lines: LineIndex | None) -> dict[str, Any]:
    message = f.message + (f"\n{f.suggestions[0].text}" if f.suggestions else "")
    out: dict[str, Any] = {
        "message": message + (f"\n(in {post.label})" if post.id is not None else ""),
        "location": {"path": post.path},
        "severity": _SEVERITY[f.severity],
        "code": {"value": f.rule},
        "original_output": f"{post.label}:{f.line}:{f.column}: {f.rule} {f.message}",
    }
    if lines is None:  # a row of a JSONL/CSV export has no place of its own in the file
        return out
    span = {"start": _position(post.text, lines, f.start), "end": _position(post.text, lines, f.end)}
    out["location"]["range"] = span
    fixes = [s for s in f.suggestions if s.applicability == "safe" and s.replacement is not None]
    if fixes:
        out["suggestions"] = [{"range": span, "text": fixes[0].replacement}]
    return out


def format_rdjson(run: RunResult, color: bool = False) -> str:
    diagnostics: list[dict[str, Any]] = []
    for post in run.posts:
        if post.error is not None:
            diagnostics.append({"message": post.error, "location": {"path": post.path}, "severity": "ERROR",
                                "code": {"value": "error"}})
            continue
        lines = LineIndex(post.text) if post.id is None else None
        diagnostics += [_diagnostic(post, f, lines) for f in post.findings if f.category not in POSITIVE_CATEGORIES]
    result = {"source": {"name": "authlint"}, "diagnostics": diagnostics}
    return json.dumps(result, ensure_ascii=False, indent=2)
