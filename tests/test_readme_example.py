"""README's console examples are what authlint prints today (docs must not drift).

Every ``$ authlint check|eval ...`` line in a ``console`` block of README.md whose inputs are in
the repository runs, and its output must be the lines below it (``...`` stands for lines left
out); ``echo "..." |`` feeds stdin, ``| sed -n Np`` keeps one line, ``$ echo $?`` the exit code.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from authlint.cli import cli

ROOT = Path(__file__).resolve().parent.parent
_COMMAND = re.compile(r"^(?:echo (?P<stdin>\"[^\"]*\") \| )?authlint (?P<args>(?:check|eval) [^|]+?)(?: \| sed -n (?P<line>\d+)p)?$")


@dataclass
class Example:
    command: str
    stdin: str | None
    args: list[str]
    line: int | None
    expected: list[str]
    exit_code: int | None


def _examples() -> list[Example]:
    found = []
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        lines = block.splitlines()
        starts = [i for i, line in enumerate(lines) if line.startswith("$ ")]
        for n, i in enumerate(starts):
            m = _COMMAND.match(lines[i][2:])
            if m is None:
                continue
            args = shlex.split(m["args"])
            if not all((ROOT / a).exists() for a in args[1:] if "/" in a or Path(a).suffix):
                continue  # an illustration with a file of the reader's own
            end = starts[n + 1] if n + 1 < len(starts) else len(lines)
            code = None
            if end < len(lines) and lines[end] == "$ echo $?":
                code = int(lines[end + 1])
            stdin = shlex.split(m["stdin"])[0] + "\n" if m["stdin"] else None
            found.append(Example(lines[i][2:], stdin, args, int(m["line"]) if m["line"] else None, lines[i + 1:end], code))
    return found


def _matches(expected: list[str], got: list[str]) -> bool:
    """``got`` is ``expected`` where each ``...`` line stands for any number of lines."""
    pattern = "\n".join(".*?" if line == "..." else re.escape(line) for line in expected)
    pattern = pattern.replace("\n.*?\n", "(?:\n.*?)?\n")
    if "..." in expected:  # an abbreviated output may also stop before the end
        pattern += "(?:\n.*)?"
    return re.fullmatch(pattern, "\n".join(got), re.S) is not None


EXAMPLES = _examples()


def test_the_readme_has_runnable_examples() -> None:
    assert {e.args[0] for e in EXAMPLES} == {"check", "eval"} and len(EXAMPLES) >= 4


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.command for e in EXAMPLES])
def test_a_readme_example_prints_what_it_shows(example: Example, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    extra = ["--no-cache", "--color", "never"] if example.args[0] == "check" else []
    result = CliRunner().invoke(cli, [*example.args, *extra], input=example.stdin)
    got = result.stdout.splitlines()
    if example.line is not None:
        got = got[example.line - 1:example.line]
    assert _matches(example.expected, got), "\n".join(got)
    if example.exit_code is not None:
        assert result.exit_code == example.exit_code
