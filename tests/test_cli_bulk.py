"""Bulk drafts: one post per JSONL/CSV row, with --text-field and --id-field."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from authlint.cli import cli


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["check", *args], input=input, catch_exceptions=False)


def test_jsonl_rows_are_posts(here: Path) -> None:
    rows = [{"id": "a1", "body": "Buy now!!!"}, {"id": "a2", "body": "Thanks to @sam for the help."}]
    (here / "drafts.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = run("drafts.jsonl", "--input-format", "jsonl", "--text-field", "body", "--format", "json")
    assert result.exit_code == 1
    files = json.loads(result.stdout)["files"]
    assert [(f["path"], f["id"]) for f in files] == [("drafts.jsonl", "a1"), ("drafts.jsonl", "a2")]
    assert files[0]["score"] < 100 and files[1]["score"] == 100
    assert files[0]["findings"][0]["line"] == 1 and files[0]["findings"][0]["column"] == 1


def test_csv_with_id_field_and_platform_column(here: Path) -> None:
    (here / "d.csv").write_text(
        'post_id,text,platform\n7,"Our notes #python #community #meetup",x\n8,"Line one\nOh great, line two",\n'
    )
    out = run("d.csv", "--id-field", "post_id", "--format", "concise").stdout.splitlines()
    assert "d.csv#7:1:30: PLT103" in " ".join(out)
    assert any(line.startswith("d.csv#8:2:1: SNK101") for line in out)


def test_row_numbers_when_no_id_and_bad_rows_reported(here: Path) -> None:
    (here / "d.jsonl").write_text('{"text": "Oh great."}\n{not json\n{"body": "x"}\n')
    result = run("d.jsonl", "--format", "concise")
    assert result.exit_code == 2
    assert "d.jsonl#1:1:1: SNK101" in result.stdout
    assert "d.jsonl#2: error: line 2: not valid JSON" in result.stdout
    assert "field 'text' is missing (fields: body; use --text-field)" in result.stdout


def test_bulk_from_stdin(here: Path) -> None:
    result = run("-", "--input-format", "jsonl", "--format", "concise", input='{"id": "z", "text": "Link in bio!"}\n')
    assert "<stdin>#z:1:1: PRO102" in result.stdout


def test_text_output_labels_rows(here: Path) -> None:
    (here / "d.jsonl").write_text('{"id": "r9", "text": "Link in bio!"}\n')
    assert run("d.jsonl").stdout.startswith("d.jsonl#r9  score")


def test_author_column_selects_the_profile(here: Path) -> None:
    (here / ".authlint.yaml").write_text("authors:\n  sam:\n    name: Sam\n    roles: [community manager]\n")
    (here / "d.jsonl").write_text(
        '{"id": "1", "author": "sam", "text": "As a registered nurse, I recommend this tea."}\n'
        '{"id": "2", "text": "As a registered nurse, I recommend this tea."}\n'
    )
    out = run("d.jsonl", "--format", "concise").stdout
    assert "d.jsonl#1:1:1: IMP201" in out and "d.jsonl#2:1:1: IMP201" not in out
