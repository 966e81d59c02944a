"""Bulk exports streamed row by row (authlint.io.tables) and read by `authlint check`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from authlint.cli import cli
from authlint.errors import InputError
from authlint.io.tables import iter_rows
from authlint.io.textio import DEFAULT_MAX_BYTES


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["check", *args], input=input, catch_exceptions=False)


def _jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_an_export_larger_than_one_post_is_read_row_by_row(tmp_path: Path) -> None:
    rows = [{"id": f"r{i}", "text": f"Post number {i}, with thanks to @sam."} for i in range(4000)]
    path = _jsonl(tmp_path / "big.jsonl", rows)
    assert path.stat().st_size > DEFAULT_MAX_BYTES  # the whole file is over the per-post limit
    read = list(iter_rows(path, "jsonl"))
    assert [(r.id, r.text) for r in read] == [(r["id"], r["text"]) for r in rows]
    assert all(r.error is None for r in read)


def test_a_huge_row_and_a_bad_row_mid_file_are_reported_by_line_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    huge = json.dumps({"id": "big", "text": "x" * (3 * DEFAULT_MAX_BYTES)})
    path.write_text(
        '{"id": "a", "text": "first"}\n' + huge + "\n" + '{"id": "b", "text": \n' + '\n' + '{"id": "c", "text": "last"}\n',
        encoding="utf-8",
    )
    read = list(iter_rows(path, "jsonl"))
    assert [(r.id, r.text, r.error) for r in read[::3]] == [("a", "first", None), ("c", "last", None)]
    assert read[1].error == "line 2: row is 300 KB, over the 100 KB limit for one post; not checked"
    assert read[2].error is not None and read[2].error.startswith("line 3: not valid JSON")
    assert len(read) == 4  # the blank line 4 is no row


def test_jsonl_from_a_stream_with_a_bom_and_invalid_utf8_in_one_row() -> None:
    data = b'\xef\xbb\xbf{"text": "one"}\n{"text": "bad \xff byte"}\n{"text": "three"}\n'
    read = list(iter_rows(io.BufferedReader(io.BytesIO(data)), "jsonl"))
    assert [r.text for r in read] == ["one", "", "three"]
    assert read[1].error == "line 2: not valid utf-8 (byte 15 of the row)"


def test_csv_rows_with_a_huge_field_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text(
        'id,text\n1,"two\nlines"\n2,' + "y" * (DEFAULT_MAX_BYTES + 10) + "\n3," + "z" * 200_000 + "\n4,end\n",
        encoding="utf-8",
    )
    read = list(iter_rows(path, "csv"))
    assert [(r.id, r.text) for r in read if r.error is None] == [("1", "two\nlines"), ("4", "end")]
    assert read[1].error == "line 4: row is 100 KB, over the 100 KB limit for one post; not checked"
    assert read[2].error is not None and read[2].error.startswith("line 5: not valid CSV: field larger than field limit")


def _parquet(path: Path, columns: dict[str, list[object]]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table(columns), path, row_group_size=3)
    return path


def test_parquet_is_read_batch_by_batch_with_text_and_id_fields(tmp_path: Path) -> None:
    path = _parquet(tmp_path / "p.parquet", {
        "post_id": [10, 11, 12, 13], "body": ["Buy now!!!", None, "x" * (DEFAULT_MAX_BYTES + 1), "Thanks @sam."],
        "platform": ["x", None, None, "bluesky"], "other": [1, 2, 3, 4],
    })
    read = list(iter_rows(path, "parquet", text_field="body", id_field="post_id"))
    assert [(r.id, r.text, r.platform) for r in read] == [
        ("10", "Buy now!!!", "x"), ("11", "", None), ("12", "", None), ("13", "Thanks @sam.", "bluesky"),
    ]
    assert read[1].error == "row 2: field 'body' is not a string (fields: body, platform, post_id; use --text-field)"
    assert read[2].error is not None and read[2].error.startswith("row 3: row is 100 KB, over the 100 KB limit")


def test_parquet_whole_file_problems_are_one_line(tmp_path: Path) -> None:
    path = _parquet(tmp_path / "p.parquet", {"body": ["a"]})
    with pytest.raises(InputError, match=r"^.*p.parquet: no column 'text' \(columns: body; use --text-field\)$"):
        list(iter_rows(path, "parquet"))
    numbers = _parquet(tmp_path / "n.parquet", {"text": [1.5, 2.5]})
    with pytest.raises(InputError, match=r"n.parquet: column 'text' holds double, not text \(use --text-field\)$"):
        list(iter_rows(numbers, "parquet"))
    (tmp_path / "c.csv").write_text("id,body\n1,hi\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c.csv: no column 'text' \(columns: id, body; use --text-field\)$"):
        list(iter_rows(tmp_path / "c.csv", "csv"))
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not parquet at all")
    with pytest.raises(InputError, match=r"broken.parquet: not a valid Parquet file \(") as info:
        list(iter_rows(broken, "parquet"))
    assert "\n" not in str(info.value)


def test_check_reads_a_bulk_file_over_the_post_limit(here: Path) -> None:
    notes = "We met at the library and talked about community gardens. " * 14
    rows = [{"id": f"r{i}", "text": "Link in bio!" if i == 120 else f"{notes}({i})"} for i in range(150)]
    _jsonl(here / "export.jsonl", rows)
    assert (here / "export.jsonl").stat().st_size > DEFAULT_MAX_BYTES
    result = run("export.jsonl", "--format", "concise", "--no-cache", "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert "export.jsonl#r120:1:1: PRO102" in result.stdout


def test_check_reads_parquet_and_reports_a_missing_column_as_one_line(here: Path) -> None:
    _parquet(here / "p.parquet", {"id": ["a", "b"], "text": ["Link in bio!", "Thanks to @sam."]})
    result = run("p.parquet", "--format", "concise", "--no-cache")
    assert "p.parquet#a:1:1: PRO102" in result.stdout and result.exit_code == 1
    _parquet(here / "q.parquet", {"id": ["a"], "body": ["x"]})
    result = run("q.parquet", "--no-cache", "--format", "concise")
    assert result.exit_code == 2
    assert "q.parquet: error: no column 'text' (columns: id, body; use --text-field)" in result.stdout


@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_fix_on_a_bulk_file_is_a_usage_error(here: Path, flag: str) -> None:
    _jsonl(here / "d.jsonl", [{"text": "Buy now!!!"}])
    before = (here / "d.jsonl").read_bytes()
    result = CliRunner().invoke(cli, ["check", "d.jsonl", flag])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "authlint: error: d.jsonl: bulk exports (JSONL, CSV, Parquet) are not fixed; "
        "--fix and --diff rewrite post files only (run without them to check the rows)"
    )
    assert (here / "d.jsonl").read_bytes() == before


def test_check_with_an_id_field_the_export_lacks_is_one_line_and_exit_2(here: Path) -> None:
    _parquet(here / "p.parquet", {"id": ["a"], "text": ["Link in bio!"]})
    (here / "c.csv").write_text("id,text\nx,Link in bio!\n", encoding="utf-8")
    for name, columns in [("p.parquet", "id, text"), ("c.csv", "id, text")]:
        result = run(name, "--id-field", "post_id", "--no-cache", "--format", "concise")
        assert result.exit_code == 2, result.output
        assert f"{name}: error: no column 'post_id' for --id-field (columns: {columns})" in result.stdout
        assert "#1:" not in result.stdout and "PRO102" not in result.stdout  # no fallback to row numbers
        named = run(name, "--id-field", "id", "--no-cache", "--format", "concise")
        assert named.exit_code == 1 and f"{name}#" in named.stdout
    _jsonl(here / "d.jsonl", [{"post_id": "ok", "text": "Link in bio!"}, {"text": "Link in bio!", "ref": "z"}])
    result = run("d.jsonl", "--id-field", "post_id", "--no-cache", "--format", "concise")
    assert result.exit_code == 2
    assert "d.jsonl#ok:1:1: PRO102" in result.stdout
    assert "line 2: no field 'post_id' for --id-field (fields: ref, text)" in result.stdout


def test_the_default_id_field_still_falls_back_to_row_numbers(here: Path) -> None:
    _parquet(here / "p.parquet", {"text": ["Link in bio!"]})
    (here / "c.csv").write_text("text\nLink in bio!\n", encoding="utf-8")
    for name in ("p.parquet", "c.csv"):
        result = run(name, "--no-cache", "--format", "concise")
        assert result.exit_code == 1 and f"{name}#1:1:1: PRO102" in result.stdout, result.output


def test_iter_rows_requires_a_named_id_column_only_when_asked(tmp_path: Path) -> None:
    path = _parquet(tmp_path / "p.parquet", {"text": ["a"], "ref": ["r"]})
    assert [r.id for r in iter_rows(path, "parquet", id_field="post_id")] == ["1"]
    with pytest.raises(InputError, match=r"p.parquet: no column 'post_id' for --id-field \(columns: text, ref\)$"):
        list(iter_rows(path, "parquet", id_field="post_id", id_required=True))
    assert [r.id for r in iter_rows(path, "parquet", id_field="ref", id_required=True)] == ["r"]
