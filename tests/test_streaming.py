"""``authlint check`` writes each post as soon as it is checked: a streamed format prints what
the whole-run formatter prints, byte for byte, and output starts before the input has ended."""

from __future__ import annotations

import json
import select
import subprocess
import sys

import pytest

from authlint import Linter
from authlint.formatters import FORMATTERS, PostResult, RunResult, stream_for

TEXTS = ["Buy now!!! Link in bio.", "Huge thanks to @maria for the review!", "The weather is mild.",
         "Trust me, I'm a doctor: this tea cures everything."]


@pytest.fixture(scope="module")
def posts(linter: Linter) -> list[PostResult]:
    checked = [PostResult(f"p{i}.md", text=t, report=linter.check(t), platform="x" if i % 2 else None)
               for i, t in enumerate(TEXTS)]
    return [*checked, PostResult("bad.md", error="cannot read: no such file"), PostResult("bin.md", skipped="a binary file")]


@pytest.mark.parametrize("fmt", ["text", "concise", "github", "json"])
@pytest.mark.parametrize("statistics", [False, True])
@pytest.mark.parametrize("count", [0, 1, 6])
def test_a_streamed_run_prints_what_the_whole_run_formatter_prints(posts, fmt, statistics, count):
    chosen = posts[:count]
    whole = FORMATTERS[fmt](RunResult(posts=list(chosen), statistics=statistics, min_score=90), False)
    run = RunResult(statistics=statistics, min_score=90)
    stream = stream_for(fmt, run)
    assert stream is not None
    lines = stream.opening()
    for post in chosen:
        run.add(post, keep=False)
        lines += stream.post(post)
    lines += stream.closing()
    assert "\n".join(lines) == whole
    assert run.posts == []  # nothing kept
    assert run.summary() == RunResult(posts=list(chosen), statistics=statistics, min_score=90).summary()


def test_sarif_and_rdjson_are_whole_run_formats():
    assert stream_for("sarif", RunResult()) is None and stream_for("rdjson", RunResult()) is None


def test_output_starts_before_the_input_ends():
    rows = 600  # over the gate's batch of 256 posts: the first batch is printed while more arrive
    proc = subprocess.Popen(
        [sys.executable, "-m", "authlint", "check", "-", "--input-format", "jsonl", "--no-cache", "--format", "concise"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("".join(json.dumps({"id": i, "text": f"Buy now!!! Link in bio, row {i}."}) + "\n" for i in range(rows)))
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], 300)
        assert ready, "nothing was printed while the input was still open"
        first = proc.stdout.readline()
        assert first.startswith("<stdin>#0:")
        proc.stdin.close()
        rest = proc.stdout.read()
        assert proc.wait(timeout=300) == 1
    finally:
        proc.kill()
    ids = {line.split(":", 1)[0] for line in [first, *rest.splitlines()]}
    assert ids == {f"<stdin>#{i}" for i in range(rows)}
