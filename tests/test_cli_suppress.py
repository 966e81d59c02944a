"""Inline suppressions through the CLI: they change the findings, the score and the exit code."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from authlint.cli import cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["check", *args], catch_exceptions=False)


def test_suppressed_post_passes_and_scores_higher(here: Path) -> None:
    (here / "a.md").write_text("Link in bio!\n")
    (here / "b.md").write_text("<!-- authlint-disable-next-line PRO102 -->\nLink in bio!\n")
    files = {f["path"]: f for f in json.loads(run(".", "--format", "json").stdout)["files"]}
    assert files["a.md"]["score"] < files["b.md"]["score"] == 100
    assert run("b.md").exit_code == 0


def test_unused_suppression_fails_like_a_warning_and_can_be_ignored(here: Path) -> None:
    (here / "p.txt").write_text("authlint-disable-next-line PRO102\nThanks to everyone who came.\n")
    result = run("p.txt", "--format", "concise")
    assert result.exit_code == 1 and "p.txt:1:1: SUP100" in result.stdout
    assert run("p.txt", "--ignore", "SUP100").exit_code == 0
    assert run("p.txt", "--ignore", "unused-suppression").exit_code == 0
    assert run("p.txt", "--select", "snark").exit_code == 0  # not selected


def test_sup100_severity_override(here: Path) -> None:
    (here / ".authlint.yaml").write_text("severity: {SUP100: info}\n")
    (here / "p.md").write_text("<!-- authlint-disable PRO102 -->\nHello.\n")
    result = run("p.md", "--format", "json")
    finding = json.loads(result.stdout)["files"][0]["findings"][0]
    assert (finding["rule"], finding["severity"]) == ("SUP100", "info") and result.exit_code == 0
