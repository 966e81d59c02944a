"""`authlint batch` in-process: tables in, a table of results out; bad rows, resume, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from authlint import Linter
from authlint.batch.runner import BatchOptions, Input, run_batch
from authlint.batch.schema import COLUMNS
from authlint.cli import cli
from authlint.io.textio import DEFAULT_MAX_BYTES
from authlint.settings.config import Config

TEXTS = [
    "Buy now!!! Only 3 left, link in bio.",
    "Huge thanks to @lina_dev for rewriting the importer over a weekend.",
    "Oh great, another Monday of waiting an hour for the bus.",
    "What slows you down most when you publish? Reply and tell me.",
]


def batch(*args: str) -> Result:
    return CliRunner().invoke(cli, ["batch", *args], catch_exceptions=False)


def _rows(n: int) -> list[dict[str, str]]:
    return [{"id": f"p{i}", "text": f"{TEXTS[i % len(TEXTS)]} ({i})"} for i in range(n)]


def _jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_table_of_results_matches_the_library_row_for_row(here: Path, linter: Linter) -> None:
    rows = _rows(8)
    _jsonl(here / "in.jsonl", rows)
    result = batch("in.jsonl", "--out", "out.parquet", "-j", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "authlint batch: 8 rows in 1 partition -> out.parquet"
    out = pd.read_parquet(here / "out.parquet")
    assert list(out.columns) == list(COLUMNS)
    assert list(out["id"]) == [r["id"] for r in rows]
    for row, (_, got) in zip(rows, out.iterrows()):
        report = linter.check(row["text"])
        assert got["score"] == report.score
        assert got["score_self_promotion"] == report.categories["self-promotion"]
        assert [f["rule"] for f in got["findings"]] == [f.rule for f in report.findings]
        assert got["warning_count"] == sum(f.severity.value == "warning" for f in report.findings)
        assert pd.isna(got["error"])


def test_a_bad_row_and_a_huge_row_mid_input_are_recorded_and_the_rest_checked(here: Path) -> None:
    rows: list[object] = [*_rows(3), "{broken", {"id": "huge", "text": "x" * (2 * DEFAULT_MAX_BYTES)}, *_rows(2)]
    _jsonl(here / "in.jsonl", rows)
    result = batch("in.jsonl", "--out", "out.jsonl", "-j", "1")
    assert result.exit_code == 2, result.output  # as check: the other rows are checked and written, then exit 2
    assert result.stderr == ("authlint: error: 2 rows not checked (bad input; the error column of out.jsonl says why), "
                             "the first: line 4: not valid JSON: Expecting property name enclosed in double quotes (column 2)\n")
    out = [json.loads(line) for line in (here / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in out] == ["p0", "p1", "p2", "4", "5", "p0", "p1"]
    assert out[3]["error"].startswith("line 4: not valid JSON") and out[3]["score"] is None
    assert out[4]["error"] == "line 5: row is 200 KB, over the 100 KB limit for one post; not checked"
    assert all(r["error"] is None and r["score"] is not None for r in out[:3] + out[5:])
    assert "checked 5; not checked 2 (see the error column)" in result.stdout


def test_csv_output_holds_findings_as_json_text(here: Path) -> None:
    _jsonl(here / "in.jsonl", _rows(2))
    assert batch("in.jsonl", "--out", "out.csv", "-j", "1").exit_code == 0
    out = pd.read_csv(here / "out.csv")
    assert list(out.columns) == list(COLUMNS)
    assert [f["rule"] for f in json.loads(out["findings"][0])][:1] == ["PRO101"]


def test_resume_after_an_interrupted_run_writes_only_what_is_missing(here: Path) -> None:
    _jsonl(here / "in.jsonl", _rows(10))
    inputs = [Input(str(here / "in.jsonl"), "jsonl", Config())]
    opts = BatchOptions(partition_rows=3, jobs=1)

    def interrupt_after_two(summary: object) -> None:
        if summary.partitions == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(inputs, here / "out", opts, interrupt_after_two)
    written = sorted(p.name for p in (here / "out").glob("part-*"))
    assert written == ["part-000-000000.parquet", "part-000-000001.parquet"]
    before = {name: (here / "out" / name).stat().st_mtime_ns for name in written}
    refused = batch("in.jsonl", "--out", "out", "--partition-rows", "3", "-j", "1")
    assert refused.exit_code == 2 and "add --resume to finish it" in refused.stderr
    other = batch("in.jsonl", "--out", "out", "--partition-rows", "4", "-j", "1", "--resume")
    assert other.exit_code == 2 and "was written from other inputs, fields or config" in other.stderr
    result = batch("in.jsonl", "--out", "out", "--partition-rows", "3", "-j", "1", "--resume")
    assert result.exit_code == 0, result.output
    assert "(2 already written, skipped)" in result.stdout
    assert {n: (here / "out" / n).stat().st_mtime_ns for n in written} == before
    parts = sorted((here / "out").glob("part-*.parquet"))
    assert len(parts) == 4
    ids = [i for p in parts for i in pd.read_parquet(p)["id"]]
    assert ids == [f"p{i}" for i in range(10)]  # every row exactly once, in order


def test_resume_needs_a_folder(here: Path) -> None:
    _jsonl(here / "in.jsonl", _rows(1))
    result = batch("in.jsonl", "--out", "out.parquet", "--resume")
    assert result.exit_code == 2
    assert result.stderr == "authlint: error: --resume needs --out to be a folder: the partitions written are what it resumes\n"


def test_a_csv_without_the_text_column_or_parquet_text_that_is_not_text_is_one_line_and_exit_2(here: Path) -> None:
    (here / "in.csv").write_text("id,body\n1,Hello there\n", encoding="utf-8")
    result = batch("in.csv", "--out", "out.parquet", "-j", "1")
    assert (result.exit_code, result.stderr) == (2, "authlint: error: in.csv: no column 'text' (columns: id, body; use --text-field)\n")
    pd.DataFrame({"id": ["a", "b"], "text": [5, 6]}).to_parquet(here / "ints.parquet")
    result = batch("ints.parquet", "--out", "out.parquet", "-j", "1")
    assert (result.exit_code, result.stderr) == (2, "authlint: error: ints.parquet: column 'text' holds int64, not text (use --text-field)\n")
    assert not (here / "out.parquet").exists()
    assert batch("in.csv", "--out", "out.parquet", "-j", "1", "--text-field", "body").exit_code == 0


def test_a_file_of_nothing_but_bad_rows_is_written_and_exits_2(here: Path) -> None:
    (here / "in.jsonl").write_bytes(b'[1, 2]\n"just a string"\n\xff\xfe{"text": 1}\n')
    result = batch("in.jsonl", "--out", "out.jsonl", "-j", "1")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("authlint: error: 3 rows not checked (bad input; the error column of out.jsonl says why), the first: line 1: ")
    out = [json.loads(line) for line in (here / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["score"] for r in out] == [None, None, None] and all(r["error"].startswith(f"line {i + 1}: ") for i, r in enumerate(out))


def test_a_missing_column_or_a_malformed_parquet_file_is_one_line_and_exit_2(here: Path) -> None:
    pd.DataFrame({"id": ["a"], "body": ["Hello"]}).to_parquet(here / "in.parquet")
    result = batch("in.parquet", "--out", "out.parquet")
    assert result.exit_code == 2
    assert result.stderr == "authlint: error: in.parquet: no column 'text' (columns: id, body; use --text-field)\n"
    assert not (here / "out.parquet").exists() and not list(here.glob(".out.parquet*"))
    (here / "bad.parquet").write_bytes(b"PAR1\x00\x01 not really")
    result = batch("bad.parquet", "--out", "out.jsonl")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("authlint: error: bad.parquet: not a valid Parquet file (")
    for args, message in [
        (["nope.jsonl", "--out", "o.parquet"], "nope.jsonl: no such file"),
        (["in.parquet", "--out", "o.txt"], "o.txt: cannot tell the table format from '.txt'"),
        (["in.parquet", "--out", "o", "--scheduler", "yarn"], "--scheduler 'yarn': expected local, local:N or tcp://HOST:PORT"),
    ]:
        result = batch(*args)
        assert result.exit_code == 2 and result.stderr.startswith(f"authlint: error: {message}"), result.stderr


def test_an_id_field_the_input_lacks_is_one_line_and_exit_2(here: Path) -> None:
    pd.DataFrame({"id": ["a"], "text": ["Hello there"]}).to_parquet(here / "in.parquet")
    (here / "in.csv").write_text("id,text\n1,Hello there\n", encoding="utf-8")
    for name in ("in.parquet", "in.csv"):
        result = batch(name, "--out", "out.parquet", "-j", "1", "--id-field", "post_id")
        assert (result.exit_code, result.stderr) == (
            2, f"authlint: error: {name}: no column 'post_id' for --id-field (columns: id, text)\n")
        assert not (here / "out.parquet").exists()
    pd.DataFrame({"text": ["Hello there"]}).to_parquet(here / "bare.parquet")
    assert batch("bare.parquet", "--out", "out.parquet", "-j", "1").exit_code == 0  # the default id: row numbers
    assert pd.read_parquet(here / "out.parquet")["id"].tolist() == ["1"]
