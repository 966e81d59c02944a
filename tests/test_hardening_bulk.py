"""The same text gets the same findings as a .txt file, a CSV row and a JSONL row."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from authlint.cli import cli

TEXTS = [
    "Oh great, another Monday.\r\nBuy now at www.example.com/deal!!!\r\n",
    "Link in bio 👉 https://bit.ly/x?a=1&b=2 (limited offer) #ad #sale #deal #promo",
    "As a registered nurse I recommend this. <!-- authlint-disable-next-line PRO101 -->\nBuy now!",
    "Thanks @sam!\n\n\n\nQuestion: what do you think?",
    "---\nplatform: x\n---\n" + "word " * 60 + "test.com\n",
    "Buy now " + "!" * 300 + " 1\ufe0f\u20e3 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
]


def _lines(output: str, prefix: str) -> dict[str, list[str]]:
    """Finding lines per post number, with the file/row label replaced by the number."""
    out: dict[str, list[str]] = {}
    for line in output.splitlines():
        if line.startswith(prefix):
            number, _, rest = line[len(prefix):].partition(":")
            out.setdefault(number.removesuffix(".txt"), []).append(rest)
    return out


@pytest.mark.parametrize("config", ["", "platform: x\n"])
def test_rows_and_files_get_the_same_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str) -> None:
    if config:
        (tmp_path / ".authlint.yaml").write_text(config, encoding="utf-8")
    with open(tmp_path / "posts.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows([str(i), t] for i, t in enumerate(TEXTS))
    (tmp_path / "posts.jsonl").write_text(
        "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(TEXTS)), encoding="utf-8")
    files = []
    for i, text in enumerate(TEXTS):
        (tmp_path / f"t{i}.txt").write_bytes(text.encode("utf-8"))
        files.append(f"t{i}.txt")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--format", "concise", "posts.csv", "posts.jsonl", *files], catch_exceptions=False)
    assert "error" not in result.output.replace("[error]", "")
    as_files = {k.removeprefix("t"): v for k, v in _lines(result.output, "t").items()}
    assert _lines(result.output, "posts.csv#") == as_files == _lines(result.output, "posts.jsonl#")
    assert len(as_files) >= 5


SPANISH = (
    "Hoy quiero compartir con todos ustedes una noticia que me llena de alegría: después de muchos meses de "
    "trabajo, por fin lanzamos nuestra nueva aplicación para aprender idiomas. Gracias a todo el equipo por su "
    "esfuerzo y dedicación constante. Pruébenla y cuéntenme qué les parece, por favor. #idiomas #aprender"
)


def test_platform_limits_apply_whatever_the_language(linter) -> None:
    assert len(SPANISH) > 280
    report = linter.check(SPANISH, platform="x")
    assert any(n.kind == "language" for n in report.notices)  # the English rules are skipped...
    assert [f.rule for f in report.findings] == ["PLT101"]  # ...the platform's length limit is not
    assert not linter.check(SPANISH).findings  # no platform: nothing to measure against


def test_cli_fails_a_long_spanish_post_for_x(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "es.txt").write_text(SPANISH + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "concise", "--platform", "x", "es.txt"],
                                catch_exceptions=False)
    assert result.exit_code == 1 and "es.txt:1:" in result.output and "PLT101" in result.output
