"""SARIF 2.1.0 for code-scanning UIs (GitHub code scanning, VS Code SARIF viewer, ...).

Columns are Unicode code points (``columnKind: unicodeCodePoints``), matching the library's
positions; ``endColumn`` is exclusive, as SARIF requires. Safe and unsafe fixes become SARIF
``fixes``. Rows of a JSONL/CSV export carry their row id as a logical location.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from authlint.formatters.base import PostResult, RunResult
from authlint.report.results import Finding
from authlint.severity import Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    p = PurePath(path)
    if p.is_absolute():
        try:
            p = Path(path).relative_to(Path.cwd())
        except ValueError:
            return Path(path).as_uri()
    return quote(p.as_posix())


def _region(f: Finding) -> dict[str, Any]:
    return {
        "startLine": f.line, "startColumn": f.column,
        "endLine": f.end_line, "endColumn": f.end_column,
        "snippet": {"text": f.text},
    }


def _location(post: PostResult, f: Finding) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(post.path), "uriBaseId": "%SRCROOT%"}}
    location: dict[str, Any] = {"physicalLocation": physical}
    if post.id is None:
        physical["region"] = _region(f)
    else:
        location["logicalLocations"] = [{"name": post.id, "kind": "object"}]
    return location


def _fixes(post: PostResult, f: Finding) -> list[dict[str, Any]]:
    if post.id is not None:
        return []
    return [
        {
            "description": {"text": f"{s.text} ({s.applicability} fix)"},
            "artifactChanges": [{
                "artifactLocation": {"uri": _uri(post.path), "uriBaseId": "%SRCROOT%"},
                "replacements": [{
                    "deletedRegion": {"startLine": f.line, "startColumn": f.column,
                                      "endLine": f.end_line, "endColumn": f.end_column},
                    "insertedContent": {"text": s.replacement},
                }],
            }],
        }
        for s in f.suggestions if s.replacement is not None and s.applicability != "display"
    ]


def as_dict(run: RunResult) -> dict[str, Any]:
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for post in run.posts:
        for f in post.findings:
            if f.rule not in rules:
                rules[f.rule] = {
                    "id": f.rule,
                    "name": f.name,
                    "shortDescription": {"text": f.name.replace("-", " ")},
                    "fullDescription": {"text": f.why},
                    "help": {"text": f.why + (f"\nSuggestion: {f.suggestions[0].text}" if f.suggestions else "")},
                    "defaultConfiguration": {"level": _LEVEL[f.severity]},
                    "properties": {"category": f.category, "tags": [f.category]},
                }
            result: dict[str, Any] = {
                "ruleId": f.rule,
                "ruleIndex": list(rules).index(f.rule),
                "level": _LEVEL[f.severity],
                "message": {"text": f.message + (f" Suggestion: {f.suggestions[0].text}" if f.suggestions else "")},
                "locations": [_location(post, f)],
                "properties": {"category": f.category, "score": post.report.score if post.report else None},
            }
            fixes = _fixes(post, f)
            if fixes:
                result["fixes"] = fixes
            results.append(result)
    notifications = [
        {"level": "error", "message": {"text": f"{p.label}: {p.error}"}} for p in run.posts if p.error is not None
    ]
    # A post checked only in part (a rule failed or timed out on it, or it was too long): the
    # run exits 2, so the execution did not succeed, and SARIF viewers should say why.
    notifications += [
        {"level": "error", "message": {"text": f"{p.label}: {n.message}"},
         **({"descriptor": {"id": n.rule}} if n.rule else {})}
        for p in run.posts if p.report is not None for n in p.report.notices if str(n.severity) == "error"
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    notifications += [  # skipped on purpose (e.g. binary): not a failure, but never silent
        {"level": "warning", "message": {"text": f"{p.label}: skipped: {p.skipped}"}} for p in run.posts if p.skipped
    ]
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "authlint",
                "version": run.tool_version or "0",
                "rules": list(rules.values()),
            }},
            "invocations": [invocation],
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def format_sarif(run: RunResult, color: bool = False) -> str:
    return json.dumps(as_dict(run), indent=2, ensure_ascii=False)
