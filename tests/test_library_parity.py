"""The library does what the CLI does: `Linter.check(text, kind=...)` masks markup, reads front
matter and applies inline suppressions exactly as `authlint check` does on the same file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from authlint import Linter
from authlint.io.source import kind_for

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted(
    p for folder in (ROOT / "examples", ROOT / "tests" / "data" / "documents")
    for p in folder.iterdir() if p.suffix in (".md", ".mdx", ".txt", ".markdown")
)


def _cli_reports(paths: list[Path]) -> dict[str, dict]:
    run = subprocess.run(
        [sys.executable, "-m", "authlint", "check", "--no-cache", "--format", "json", *map(str, paths)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert run.returncode in (0, 1), run.stderr
    return {Path(f["path"]).name: f for f in json.loads(run.stdout)["files"]}


def _essence(report: dict) -> dict:
    keep = ("rule", "start", "end", "line", "column", "text", "message", "severity", "suggestions")
    return {
        "score": report["score"], "categories": report["categories"], "notices": report["notices"],
        "findings": [{k: f[k] for k in keep} for f in report["findings"]],
    }


def test_there_are_documents_of_every_kind() -> None:
    assert {kind_for(p.name) for p in DOCUMENTS} == {"markdown", "mdx", "text"}
    assert any("authlint-disable" in p.read_text(encoding="utf-8") for p in DOCUMENTS)


def test_library_and_cli_give_identical_reports(linter: Linter) -> None:
    cli = _cli_reports(DOCUMENTS)
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        library = linter.check(text, kind=kind_for(path.name)).to_dict()
        assert _essence(library) == _essence(cli[path.name]), path.name


@pytest.mark.parametrize("kind", ["markdown", "text"])
def test_suppressions_and_sup100_in_the_library(linter: Linter, kind: str) -> None:
    text = "Oh great, another Monday.\nauthlint-disable-next-line SNK101\nOh great, again.\n"
    if kind == "markdown":
        text = text.replace("authlint-disable-next-line SNK101", "<!-- authlint-disable-next-line SNK101 -->")
    report = linter.check(text, kind=kind)  # type: ignore[arg-type]
    assert [(f.rule, f.line) for f in report.findings if f.rule == "SNK101"] == [("SNK101", 1)]
    unused = linter.check("authlint-disable-next-line PRO101\nNothing to silence.\n", kind="text")
    assert [f.rule for f in unused.findings] == ["SUP100"]


def test_kind_none_checks_the_text_as_given(linter: Linter) -> None:
    text = "Great post.\n\n```\nBuy now!!!\n```\n"
    assert any(f.rule == "PRO101" for f in linter.check(text).findings)
    assert not any(f.rule == "PRO101" for f in linter.check(text, kind="markdown").findings)


def test_front_matter_platform_applies_in_the_library(linter: Linter) -> None:
    text = "---\nplatform: x\n---\n" + "word " * 80
    report = linter.check(text, kind="markdown")
    assert any(f.rule == "PLT101" for f in report.findings)
