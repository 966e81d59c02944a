"""``authlint report``: dating posts, the numbers (authlint.web.report.summarise), the HTML, the command."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from authlint.cli import cli
from authlint.web.dates import commit_dates, parse_date
from authlint.web.report import ReportPost, render, summarise

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**GIT_ENV, "HOME": str(repo), **({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {})}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _finding(rule: str, category: str, start: int = 0, end: int = 3) -> dict:
    return {"rule": rule, "name": rule.lower(), "category": category, "severity": "warning", "message": f"{rule} message",
            "why": "why", "start": start, "end": end, "line": 1, "column": start + 1, "end_line": 1, "end_column": end + 1,
            "text": "abc", "weight": 5.0, "suggestions": [{"text": "try this", "replacement": None, "applicability": "display"}]}


@pytest.mark.parametrize("value, expected", [
    (dt.date(2026, 3, 1), dt.date(2026, 3, 1)),
    (dt.datetime(2026, 3, 1, 23, 59), dt.date(2026, 3, 1)),
    ("2026-03-01", dt.date(2026, 3, 1)),
    ("2026-03-01T09:30:00Z", dt.date(2026, 3, 1)),
    ("2026-03-01 09:30", dt.date(2026, 3, 1)),
    ("2026-03-01T09:30:00.123+02:00", dt.date(2026, 3, 1)),
    ("yesterday", None), ("", None), (None, None), (20260301, None), ("2026-13-01", None),
])
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def test_commit_dates_are_the_last_commit_of_each_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "a.md").write_text("one\n", encoding="utf-8")
    (repo / "b é.md").write_text("two\n", encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first", date="2026-01-05T12:00:00+00:00")
    (repo / "a.md").write_text("one, edited\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "second", date="2026-02-07T12:00:00+00:00")
    (repo / "new.md").write_text("not committed\n", encoding="utf-8")
    outside = tmp_path / "outside.md"
    outside.write_text("x\n", encoding="utf-8")
    found = commit_dates([repo / "a.md", str(repo / "b é.md"), repo / "new.md", outside])
    assert found == {str(repo / "a.md"): dt.date(2026, 2, 7), str(repo / "b é.md"): dt.date(2026, 1, 5)}


def test_summarise_counts_bins_groups_and_time() -> None:
    posts = [
        ReportPost("a.md", 100.0, [], platform="x", author="Ann", date=dt.date(2026, 1, 3), date_source="git"),
        ReportPost("b.md", 55.0, [_finding("PRO101", "self-promotion"), _finding("PRO101", "self-promotion", 5, 8),
                                  _finding("SNK101", "snark")], platform="x", author="Ann", date=dt.date(2026, 5, 1)),
        ReportPost("c.md", 84.0, [_finding("SEL101", "selfishness"), _finding("CON101", "connection")], platform="bluesky",
                   date=dt.date(2026, 5, 20)),
        ReportPost("d.md", None, [], error="cannot read: permission denied"),
    ]
    s = summarise(posts)
    assert (s["total"], s["checked"], s["mean"], s["min"], s["findings"], s["connection"], s["clean"]) == (4, 3, 79.7, 55.0, 4, 1, 1)
    assert [b["value"] for b in s["histogram"]["bars"]] == [0, 0, 0, 0, 0, 1, 0, 0, 1, 1]
    assert {b["label"]: b["value"] for b in s["categories"]["bars"]} == {"selfishness": 1, "snark": 1, "self-promotion": 2, "connection": 1}
    assert [(r["code"], r["findings"], r["posts"]) for r in s["rules"]][:1] == [("PRO101", 2, 1)]
    assert [p.label for _, p in s["worst"]] == ["b.md", "c.md"]
    assert s["timeline"]["by"] == "month" and s["timeline"]["rows"] == [("2026-01", 100.0, 1), ("2026-05", 69.5, 2)]
    assert [(r["name"], r["posts"], r["mean"]) for r in s["authors"]] == [("Ann", 2, 77.5)]
    assert [(r["name"], r["mean"], r["top"]) for r in s["platforms"]] == [("x", 77.5, "self-promotion"), ("bluesky", 84.0, "selfishness")]
    assert [p.label for p in s["errors"]] == ["d.md"]
    daily = summarise([ReportPost("a", 90.0, date=dt.date(2026, 1, 1)), ReportPost("b", 70.0, date=dt.date(2026, 1, 2))])
    assert daily["timeline"]["by"] == "day" and len(daily["timeline"]["chart"]["points"]) == 2
    assert summarise([ReportPost("a", 90.0)])["timeline"] is None


def test_html_is_self_contained_and_escapes_posts() -> None:
    evil = '<script>alert(1)</script><img src="https://tracker.example/x.png">'
    finding = {**_finding("SNK101", "snark", 0, 8), "message": evil}
    html = render([ReportPost("<b>bold</b>.md", 80.0, [finding], text=evil + " rest", author=evil, platform="x",
                              date=dt.date(2026, 1, 1))], generated=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>bold</b>" not in html
    assert re.search(r'<meta http-equiv="Content-Security-Policy" content="default-src \'none\';', html)
    # No request of any kind: no external script, stylesheet, image, font or frame.
    tags = re.findall(r"<(?:script|link|img|iframe|object|embed|source)\b[^>]*>", html)
    assert tags == ["<script>"], tags
    assert "url(" not in html and "@import" not in html
    assert "2026-01-02T00:00:00+00:00" in html


def _run(*args: str, cwd: Path | None = None) -> tuple[int, str]:
    runner = CliRunner()
    if cwd is not None:
        with runner.isolated_filesystem(temp_dir=cwd):
            os.chdir(cwd)
            result = runner.invoke(cli, list(args))
    else:
        result = runner.invoke(cli, list(args))
    return result.exit_code, result.output


def test_report_takes_checks_inputs_config_and_selection(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text("---\nplatform: x\ndate: 2026-02-01\n---\nBuy now!!! Oh great, another sale.\n", encoding="utf-8")
    (posts / "b.txt").write_text("Educate yourself. Link in bio.\n", encoding="utf-8")
    (posts / "skip.md").write_text("Buy now!\n", encoding="utf-8")
    (tmp_path / ".authlint.yaml").write_text("exclude: ['posts/skip.md']\nignore: [PRO102]\n", encoding="utf-8")
    out = tmp_path / "out" / "r.html"
    out.parent.mkdir()
    code, output = _run("report", str(posts), "--config", str(tmp_path / ".authlint.yaml"), "--no-cache", "--out", str(out))
    assert code == 0, output
    html = out.read_text(encoding="utf-8")
    assert "skip.md" not in html and "PRO102" not in html
    assert "PRO101" in html and "SNK101" in html and "SNK102" in html
    assert "wrote" in output and "2 posts checked" in output
    code, _ = _run("report", str(posts), "--config", str(tmp_path / ".authlint.yaml"), "--no-cache", "--select", "snark", "--out", str(out))
    narrowed = out.read_text(encoding="utf-8")
    assert code == 0 and "SNK101" in narrowed and "PRO101" not in narrowed
    assert not [p for p in out.parent.iterdir() if p.name != "r.html"]  # no temp file left behind


def test_report_reads_bulk_exports_with_dates_and_authors(tmp_path: Path) -> None:
    rows = [{"id": "p1", "text": "Buy now!!!", "date": "2026-03-01", "author": "sam", "platform": "x"},
            {"id": "p2", "text": "Thanks @lina for the fix!", "date": "2026-03-09", "author": "sam"},
            "not an object"]
    export = tmp_path / "export.jsonl"
    export.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    config = tmp_path / ".authlint.yaml"
    config.write_text("authors:\n  sam:\n    name: Sam Ortiz\n", encoding="utf-8")
    out = tmp_path / "r.html"
    code, output = _run("report", str(export), "--config", str(config), "--no-cache", "--out", str(out))
    html = out.read_text(encoding="utf-8")
    assert code == 2, output  # a bad row is an input error, listed in the report, like check
    assert "line 3: expected an object" in html
    assert "Sam Ortiz" in html and 'data-label="2026-03-01"' in html and 'data-label="2026-03-09"' in html
    assert "2 from column" in html


@pytest.mark.parametrize("args, message", [
    (["--out", "{tmp}/missing/r.html"], "cannot create a temporary file beside it"),
    (["--platform", "myspace"], "unknown platform 'myspace'"),
])
def test_report_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    post = tmp_path / "p.txt"
    post.write_text("Buy now!\n", encoding="utf-8")
    code, output = _run("report", str(post), "--no-cache", *(a.replace("{tmp}", str(tmp_path)) for a in args),
                        *([] if "--out" in args else ["--out", str(tmp_path / "r.html")]))
    assert code == 2
    assert output.startswith("authlint: error: ") and message in output and len(output.strip().splitlines()) == 1


def test_a_post_check_cannot_check_is_listed_and_exits_2(tmp_path: Path) -> None:
    post = tmp_path / "p.txt"
    post.write_text("Buy now!\n", encoding="utf-8")
    code, output = _run("report", str(post), "--no-cache", "--select", "NOPE", "--out", str(tmp_path / "r.html"))
    assert code == 2 and "1 could not be checked" in output  # as `authlint check --select NOPE` reports it
    assert "select: &#39;NOPE&#39; matches no rule" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_report_of_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    code, output = _run("report", str(tmp_path), "--no-cache", "--out", str(tmp_path / "r.html"))
    assert code == 2 and "no posts found" in output
    assert not (tmp_path / "r.html").exists()


def test_report_replaces_an_existing_file_atomically(tmp_path: Path) -> None:
    post = tmp_path / "p.txt"
    post.write_text("Oh great, another outage.\n", encoding="utf-8")
    out = tmp_path / "r.html"
    out.write_text("old report", encoding="utf-8")
    out.chmod(0o640)
    code, _ = _run("report", str(post), "--no-cache", "--out", str(out), "--title", "Weekly <trust> check")
    assert code == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "Weekly &lt;trust&gt; check" in html and html.rstrip().endswith("</html>")
    assert out.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.txt", "r.html"]
