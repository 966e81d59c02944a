"""`authlint ...` run inside the test process (click's CliRunner), returned as a CompletedProcess.

A real `python -m authlint` costs about 1.5 s of imports and spaCy loading before it does
anything; in-process, the command reuses the suite's loaded pipeline and parsed rules (see
conftest.py). Use it where the output and exit code are what a test checks; keep a real process
where the process itself is the point (signals, closed pipes, imports, the environment, offline).
"""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

from click.testing import CliRunner

from authlint.cli import cli


def authlint(*args: str, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI with ``args`` in ``cwd`` (default: the current folder), ``input`` on stdin.

    Like ``subprocess.run(..., text=True)``: ``returncode``, and ``stdout``/``stderr`` as text
    with universal newlines."""
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return subprocess.CompletedProcess(["authlint", *args], result.exit_code, result.stdout, result.stderr)
