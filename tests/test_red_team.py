"""The red-team matrix: bad input of every class, on purpose, through the real CLI.

Posts and front matter go through one ``authlint check --fix`` of a folder holding all of them;
config files, rule files, ignore patterns and pathological lengths each get their own run.
Each run must end with exit 0, 1 or 2 and no traceback (the CLI is invoked with exceptions
propagating, so any escape fails the test), within the product's own time bounds
(:func:`authlint.engine.run.analysis_limit`, the rules' time limit; the timings of these shapes
are measured in ``bench/pathological.py``), and lose no byte: every file is unchanged after the
run except the posts with a safe fix, which hold exactly their fixed text.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from authlint.cli import cli
from authlint.engine import run as engine_run

FIXABLE = "Big news!!!!! We moved.\n"  # PRO103 has a safe fix (one exclamation mark)

POSTS: dict[str, bytes] = {
    "nul.md": b"Hidden \x00 post. Buy now!!!\n",
    "utf16-nobom.txt": "Thanks to everyone who came out last night!\n".encode("utf-16-le"),
    "invalid-utf8.md": b"Caf\xe9 opening, buy now\n",
    "empty.md": b"",
    "blank.md": b"  \n\t\n",
    "crlf-cr.md": b"Line one\r\nBuy now!!!\rLink in bio\n",
    "bidi.md": "Thanks \u202eall\u202c \u200b for \u2066coming\u2069!\n".encode(),
    "huge.md": b"word " * 25_000,  # over the 100 KB limit
    "bang-run.md": b"Big news " + b"!" * 20_000,
    "emoji-run.md": ("Big news " + "\U0001F600" * 5_000).encode(),
    "family-run.md": ("Big news " + "\U0001F469\u200d\U0001F469\u200d\U0001F467" * 1_000).encode(),
    "fm-bad-date.md": b"---\ndate: 2024-02-30\n---\nHello there.\n",
    "fm-bad-int.md": b"---\ncount: !!int abc\n---\nHello there.\n",
    "fm-bad-time.md": b"---\nwhen: 2024-01-01T25:00:00\n---\nHello there.\n",
    "fm-deep.md": b"---\nx: " + b"[" * 500 + b"]" * 500 + b"\n---\nHello there.\n",
    "fm-alias-bomb.md": (
        b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        b"platform: *f\n---\nHello.\n"
    ),
    "fm-platform-list.md": b"---\nplatform: [x, bluesky]\n---\nHello there.\n",
    "fm-author-display.md": b"---\nauthor: Jordan Lee\n---\nThanks to everyone who came!\n",
    "fm-toml-bad.md": b"+++\ntitle = \n+++\nHello there.\n",
    "fm-toml-deep.md": b"+++\nx = " + b"[" * 500 + b"]" * 500 + b"\n+++\nHello there.\n",
    "code-in-list.md": b"- step\n\n  ```\n  Buy now\n  ```\n\n    Link in bio\n",
    "spanish-long.md": ("Hoy lanzamos nuestra nueva aplicación y estamos muy contentos. " * 5).encode(),
    "rows.jsonl": b'{"id": ' + b"9" * 5_000 + b', "text": "Buy now"}\n{"id": 2, "text": "\\ud83d"}\n{"text": [1]}\n',
    "rows.csv": b"id,text\n1,Buy now!!!\n2,\"unterminated\n",
    "deep.jsonl": b'{"text": ' + b"[" * 500 + b"]" * 500 + b"}\n",
    "fixable.md": FIXABLE.encode(),
}


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink() and ".authlint_cache" not in p.parts
    }


def _run(*args: str) -> tuple[Result, float]:
    started = time.monotonic()
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result, time.monotonic() - started


def _bound(texts: list[bytes]) -> float:
    """The product's own bound for a run over these posts: analysis, the rules, spaCy's start."""
    return engine_run.analysis_limit(sum(len(t) for t in texts)) * 2 + engine_run.RULE_TIME_LIMIT * len(texts) + 60


def _clean(result: Result) -> None:
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_bad_posts_and_front_matter_one_line_each_no_traceback_no_byte_lost(here: Path) -> None:
    posts = here / "posts"
    posts.mkdir()
    for name, data in POSTS.items():
        (posts / name).write_bytes(data)
    os.mkfifo(posts / "fifo.md")  # opening it would block the walk
    outside = here.parent / f"{here.name}-outside.md"
    outside.write_text(FIXABLE)
    (posts / "leak.md").symlink_to(outside)  # a walk never follows it out, --fix never writes there
    before = _digest(here)
    result, elapsed = _run("check", "--fix", "--no-cache", "--format", "concise", "posts")
    _clean(result)
    assert result.exit_code == 2  # several posts are errors
    assert elapsed < _bound(list(POSTS.values()))
    after = _digest(here)
    changed = {name for name in before if before[name] != after.get(name)}
    fixed = {  # the safe fix (PRO103: one exclamation mark) and nothing else; line breaks kept
        "posts/fixable.md": b"Big news! We moved.\n",
        "posts/crlf-cr.md": b"Line one\r\nBuy now!\rLink in bio\n",
        "posts/bang-run.md": b"Big news !",
    }
    assert changed == set(fixed), changed
    for name, data in fixed.items():
        assert (here / name).read_bytes() == data, name
    assert outside.read_text() == FIXABLE
    for name in ("nul.md", "invalid-utf8.md", "huge.md", "fm-bad-date.md", "fm-bad-int.md", "fm-bad-time.md",
                 "fm-deep.md", "fm-alias-bomb.md", "fm-platform-list.md", "fm-toml-bad.md", "fm-toml-deep.md",
                 "fifo.md", "leak.md"):
        assert name in result.output, name
    assert not [p for p in os.listdir(posts) if p.endswith(".authlint-tmp")]
    # bulk exports are checked row by row (never fixed): a walk takes post files only, so name them
    tables = ("posts/rows.jsonl", "posts/rows.csv", "posts/deep.jsonl")
    before = _digest(here)
    result, _ = _run("check", "--no-cache", "--format", "concise", *tables)
    _clean(result)
    assert result.exit_code == 2
    assert "rows.jsonl" in result.output and "deep.jsonl" in result.output
    assert _digest(here) == before


CONFIGS: dict[str, tuple[str, str]] = {
    "yaml-bad-value": (".authlint.yaml", "min-score: !!int abc\n"),
    "yaml-deep": (".authlint.yaml", "select: " + "[" * 500 + "]" * 500 + "\n"),
    "yaml-alias-bomb": (".authlint.yaml", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nselect: *e\n"),
    "yaml-not-mapping": (".authlint.yaml", "- just\n- a list\n"),
    "unknown-key": (".authlint.yaml", "selcet: [PRO]\n"),
    "flags-key": (".authlint.yaml", "flags: {select: [PRO101]}\n"),
    "unknown-selector": (".authlint.yaml", "ignore: [NOPE999]\n"),
    "rules-root": (".authlint.yaml", "rules: [/]\n"),
    "exclude-bad": (".authlint.yaml", "exclude:\n  - 'x[]]y.md'\n  - '[[:alpha:]]x.md'\n"),
    "pyproject-tool-str": ("pyproject.toml", "tool = \"authlint\"\n"),  # (one that never names authlint is not a config)
    "pyproject-authlint-int": ("pyproject.toml", "[tool]\nauthlint = 3\n"),
    "pyproject-bad-toml": ("pyproject.toml", "[tool.authlint]\nselect = [\n"),
    "gitignore-bad": (".gitignore", "# notes\n[[:digit:]]*.md\n"),
}


@pytest.mark.parametrize("case", sorted(CONFIGS))
def test_bad_config_and_ignore_files_are_one_line_errors(here: Path, case: str) -> None:
    name, body = CONFIGS[case]
    (here / name).write_text(body)
    (here / "p.md").write_text(FIXABLE)
    before = _digest(here)
    result, _ = _run("check", "--fix", ".")  # with the result cache: its rules fingerprint walks too
    _clean(result)
    assert result.exit_code == 2, result.output
    assert "error:" in result.output or "invalid pattern" in result.output  # (a rules folder: said per post)
    assert _digest(here) == before  # nothing fixed before the config error, nothing lost


RULES: dict[str, dict[str, object]] = {
    "nested-repeats": {"type": "regex", "pattern": "(?:(?:(?:foo){1000}){1000}){1000}"},
    "three-stars": {"type": "token_pattern", "patterns": [[{"OP": "*"}, {"LOWER": "a"}, {"OP": "*"}, {"OP": "*"}]]},
    "two-open-relations": {"type": "dependency_pattern", "patterns": [[
        {"RIGHT_ID": "a", "RIGHT_ATTRS": {}},
        {"LEFT_ID": "a", "REL_OP": ".*", "RIGHT_ID": "b", "RIGHT_ATTRS": {}},
        {"LEFT_ID": "b", "REL_OP": ".*", "RIGHT_ID": "c", "RIGHT_ATTRS": {}},
    ]]},
    "bad-regex": {"type": "regex", "pattern": "(unclosed"},
    "unknown-type": {"type": "telepathy"},
}


@pytest.mark.parametrize("case", sorted(RULES))
def test_bad_rule_files_are_one_line_errors_naming_the_file(here: Path, case: str) -> None:
    rules = here / "myrules"
    rules.mkdir()
    body = {
        "code": "TST001", "name": "red-team", "category": "snark", "severity": "warning", "message": "m", "why": "w",
        "detectors": [RULES[case]], "suggestions": [{"template": "t"}], "examples": {"bad": ["foo"], "good": ["bar"]},
    }
    path = rules / "TST001-red-team.yaml"
    path.write_text(json.dumps(body))
    (here / "p.md").write_text(FIXABLE)
    result, _ = _run("check", "--rules", str(rules), "p.md")
    _clean(result)
    assert result.exit_code == 2
    [line] = [ln for ln in result.output.splitlines() if ln.strip()]
    assert line.startswith("authlint: error:") and str(path) in line


def test_a_name_clash_with_a_builtin_rule_is_refused(here: Path) -> None:
    rules = here / "myrules"
    rules.mkdir()
    body = {
        "code": "TST001", "name": "hard-sell-call-to-action", "category": "snark", "severity": "warning", "message": "m",
        "why": "w", "detectors": [{"type": "phrase", "phrases": ["foo"]}], "suggestions": [{"template": "t"}],
        "examples": {"bad": ["foo"], "good": ["bar"]},
    }
    (rules / "TST001-x.yaml").write_text(json.dumps(body))
    (here / "p.md").write_text(FIXABLE)
    result, _ = _run("check", "--rules", str(rules), "p.md")
    _clean(result)
    assert result.exit_code == 2 and "hard-sell-call-to-action" in result.output
