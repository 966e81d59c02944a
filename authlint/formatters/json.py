"""Machine-readable output with a versioned schema (``authlint/data/report.schema.json``).

    {"version": "1", "tool": {...}, "files": [{"path", "id", "platform", "score",
      "categories", "findings": [Finding fields], "notices", "claims", "error", "skipped",
      "fixed"}],
     "summary": {...}}

The version changes only when a field is removed or changes meaning; new fields may appear.
"""

from __future__ import annotations

import json
from typing import Any

from authlint.formatters.base import PostResult, RunResult, Stream

SCHEMA_VERSION = "1"


def post_as_dict(post: PostResult) -> dict[str, Any]:
    """One ``files[]`` entry: a post's report (also the body of the HTTP API's ``/api/check``)."""
    report = post.report
    return {
        "path": post.path,
        "id": post.id,
        "platform": post.platform,
        "score": report.score if report else None,
        "categories": report.categories if report else {},
        "findings": [f.to_dict() for f in report.findings] if report else [],
        "notices": [n.to_dict() for n in report.notices] if report else [],
        "claims": [c.to_dict() for c in report.claims] if report else [],
        "error": post.error,
        "skipped": post.skipped,
        "fixed": post.fixed,
    }


def as_dict(run: RunResult) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "authlint", "version": run.tool_version},
        "files": [post_as_dict(p) for p in run.posts],
        "summary": _summary(run),
    }


def _summary(run: RunResult) -> dict[str, Any]:
    summary = run.summary()
    summary["statistics"] = run.rule_statistics()
    return summary


def _dumps(value: Any, indent: str = "") -> str:
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + indent) if indent else text


class JsonStream(Stream):
    """The same document as :func:`format_json`, byte for byte, written one ``files[]`` entry
    at a time (an entry is held until the next one says whether it ends with a comma)."""

    def __init__(self, run: RunResult, color: bool = False) -> None:
        super().__init__(run, color)
        self._held: str | None = None

    def opening(self) -> list[str]:
        tool = _dumps({"name": "authlint", "version": self.run.tool_version}, "  ")
        return ["{", f'  "version": {_dumps(SCHEMA_VERSION)},', f'  "tool": {tool},']

    def post(self, post: PostResult) -> list[str]:
        out = ['  "files": ['] if self._held is None else [self._held + ","]
        self._held = "    " + _dumps(post_as_dict(post), "    ")
        return out

    def closing(self) -> list[str]:
        files = ['  "files": [],'] if self._held is None else [self._held, "  ],"]
        return [*files, f'  "summary": {_dumps(_summary(self.run), "  ")}', "}"]


def format_json(run: RunResult, color: bool = False) -> str:
    return json.dumps(as_dict(run), indent=2, ensure_ascii=False)
