"""README's first console example is what `authlint check` prints today (docs must not drift)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from authlint.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_command_line_example_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    block = re.search(r"```console\n\$ authlint check (?P<args>[^\n]+)\n(?P<out>.*?)\$ echo \$\?\n(?P<code>\d+)\n```",
                      (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert block is not None, "README lost its command-line example"
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["check", *block["args"].split(), "--no-cache", "--color", "never"])
    assert result.stdout == block["out"]
    assert result.exit_code == int(block["code"])
