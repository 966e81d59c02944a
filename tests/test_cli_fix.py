"""`--fix`, `--unsafe-fixes`, `--diff`: only what is allowed, format preserved, idempotent."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from authlint.cli import cli

POST = "Big news!!! We moved.\nPer my last post, the meetup is on Thursday.\n"


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["check", *args], input=input, catch_exceptions=False)


def test_fix_applies_only_safe_fixes_and_is_idempotent(here: Path) -> None:
    post = here / "p.md"
    post.write_text(POST)
    first = run("p.md", "--fix")
    assert post.read_text() == "Big news! We moved.\nPer my last post, the meetup is on Thursday.\n"
    assert "fixed 1" in first.stdout
    assert "PRO103" not in first.stdout and "SNK103" in first.stdout  # what is left is reported
    before = post.read_bytes()
    second = run("p.md", "--fix")
    assert post.read_bytes() == before and "fixed" not in second.stdout.split("✗")[0]


def test_unsafe_fixes(here: Path) -> None:
    post = here / "p.md"
    post.write_text(POST)
    run("p.md", "--fix", "--unsafe-fixes")
    assert post.read_text() == "Big news! We moved.\nTo recap, the meetup is on Thursday.\n"


def test_diff_shows_and_does_not_write(here: Path) -> None:
    post = here / "p.md"
    post.write_text(POST)
    result = run("p.md", "--diff")
    assert result.exit_code == 1
    assert post.read_text() == POST
    assert result.stdout.startswith("--- a/p.md\n+++ b/p.md\n")
    assert "-Big news!!! We moved.\n+Big news! We moved.\n" in result.stdout
    post.write_text("Big news! We moved.\n")
    clean = run("p.md", "--diff")
    assert clean.exit_code == 0 and clean.stdout == ""


def test_fix_keeps_crlf_and_bom_and_front_matter(here: Path) -> None:
    post = here / "p.md"
    original = "\ufeff---\r\ntitle: x\r\n---\r\nWow!!!\r\n`code!!!`\r\n".encode("utf-8")
    post.write_bytes(original)
    run("p.md", "--fix")
    assert post.read_bytes() == "\ufeff---\r\ntitle: x\r\n---\r\nWow!\r\n`code!!!`\r\n".encode("utf-8")


def test_fix_on_stdin_prints_the_fixed_text(here: Path) -> None:
    result = run("-", "--fix", input="Wow!!! Done.\n")
    assert result.stdout == "Wow! Done.\n"
    assert "score" in result.stderr


def test_fix_refuses_bulk_input(here: Path) -> None:
    (here / "d.jsonl").write_text('{"text": "Wow!!!"}\n')
    result = run("d.jsonl", "--input-format", "jsonl", "--fix")
    assert result.exit_code == 2 and "--fix" in result.stderr
