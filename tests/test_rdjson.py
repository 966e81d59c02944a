"""``--format rdjson`` validates against reviewdog's published schema, counts columns in UTF-8
bytes as that format defines, and its suggestions, applied the way reviewdog applies them,
give exactly what ``--fix`` writes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from cli_inprocess import authlint

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "data" / "reviewdog-rdjson.schema.json").read_text(encoding="utf-8"))


def _cli(*args: str, cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return authlint(*args, cwd=cwd, input=stdin)  # in-process: the output is what is checked


def _apply(text: str, suggestions: list[dict]) -> str:
    """reviewdog's reading of a suggestion: 1-based line, 1-based UTF-8 byte column, end exclusive."""
    lines = text.encode("utf-8").splitlines(keepends=True)
    starts = [sum(len(line) for line in lines[:i]) for i in range(len(lines) + 1)]
    data = text.encode("utf-8")
    for s in sorted(suggestions, key=lambda s: (s["range"]["start"]["line"], s["range"]["start"]["column"]), reverse=True):
        start = starts[s["range"]["start"]["line"] - 1] + s["range"]["start"]["column"] - 1
        end = starts[s["range"]["end"]["line"] - 1] + s["range"]["end"]["column"] - 1
        data = data[:start] + s["text"].encode("utf-8") + data[end:]
    return data.decode("utf-8")


@pytest.fixture(scope="module")
def examples() -> dict:
    result = _cli("check", "examples/", "--format", "rdjson", "--no-cache")
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)


def test_validates_against_reviewdog_schema(examples: dict) -> None:
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    jsonschema.Draft4Validator(SCHEMA).validate(examples)
    assert examples["source"]["name"] == "authlint"
    assert examples["diagnostics"] and {d["severity"] for d in examples["diagnostics"]} <= {"ERROR", "WARNING", "INFO"}
    assert not [d for d in examples["diagnostics"] if d["code"]["value"].startswith("CON")]  # praise is not a review comment


def test_schema_rejects_what_reviewdog_would(examples: dict) -> None:
    broken = json.loads(json.dumps(examples))
    broken["diagnostics"][0]["severity"] = "LOUD"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(broken)


def test_columns_are_utf8_bytes_and_suggestions_equal_fix(tmp_path: Path) -> None:
    text = "Family 👨‍👩‍👧 and 家族: BIG NEWS!!! Our planner is here.\r\nOh great.\r\n"
    post = tmp_path / "post.md"
    post.write_bytes(text.encode("utf-8"))
    result = _cli("check", "post.md", "--format", "rdjson", "--no-cache", cwd=tmp_path)
    report = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(report)
    hype = next(d for d in report["diagnostics"] if d["code"]["value"] == "PRO103")
    before = text[: text.index("!!!")]
    assert hype["location"] == {"path": "post.md", "range": {
        "start": {"line": 1, "column": len(before.encode()) + 1}, "end": {"line": 1, "column": len(before.encode()) + 4}}}
    sarcasm = next(d for d in report["diagnostics"] if d["code"]["value"] == "SNK101")
    assert sarcasm["location"]["range"]["start"] == {"line": 2, "column": 1}  # CRLF is one line break
    suggestions = [s for d in report["diagnostics"] for s in d.get("suggestions", [])]
    assert suggestions
    fixed = _cli("check", "-", "--fix", "--stdin-filename", "post.md", "--no-cache", cwd=tmp_path, stdin=text)
    once = _apply(text, suggestions)
    post.write_bytes(once.encode("utf-8"))
    again = json.loads(_cli("check", "post.md", "--format", "rdjson", "--no-cache", cwd=tmp_path).stdout)
    assert not [s for d in again["diagnostics"] for s in d.get("suggestions", [])]  # one round fixed it all
    assert once != text and fixed.stdout == once.replace("\r\n", "\n")  # text-mode pipe: universal newlines


def test_errors_and_bulk_rows(tmp_path: Path) -> None:
    (tmp_path / "drafts.jsonl").write_text('{"id": "a", "text": "Buy now!!!"}\n', encoding="utf-8")
    report = json.loads(_cli("check", "drafts.jsonl", "missing.md", "--format", "rdjson", "--no-cache", cwd=tmp_path).stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(report)
    missing = next(d for d in report["diagnostics"] if d["location"]["path"] == "missing.md")
    assert missing["severity"] == "ERROR" and "range" not in missing["location"]
    row = next(d for d in report["diagnostics"] if d["location"]["path"] == "drafts.jsonl")
    assert "range" not in row["location"] and "(in drafts.jsonl#a)" in row["message"]
