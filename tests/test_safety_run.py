"""Issue 14, runs that must end in one clear line: SIGINT, config and selection errors,
gitignore patterns (checked against `git check-ignore`), binary skips in every format,
library arguments, rule names, flag combinations, flags over the file, nested configs."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from authlint import Linter
from authlint.cli import cli
from authlint.errors import ArgumentError, AuthlintError, RuleError
from authlint.io.discovery import IgnoreRules, PatternError, compile_patterns
from authlint.io.textio import decode
from authlint.ruleset.loader import load_rules
from authlint.support.data import builtin_rules_dir

BAD = "Buy now!!! Link in bio.\n"


def run(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


# --- 7. SIGINT and errors said once ---------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _wait_for_pool_workers(pid: int, timeout: float = 120) -> None:
    """Until ``pid`` has forked its pool workers: the parent loads spaCy before it forks
    (authlint.engine.pool), so workers mean the model is loaded and the pool is running. Polled
    instead of a fixed sleep long enough for a loaded machine. Without /proc: the old fixed wait."""
    if not Path("/proc/self/stat").exists():
        time.sleep(15)
        return
    deadline = time.monotonic() + timeout
    while len(_children(pid)) < 2:
        assert time.monotonic() < deadline, "the pool never started"
        time.sleep(0.1)
    time.sleep(1)  # the workers are past their initializer (SIGINT ignored) and linting


@pytest.mark.slow
def test_sigint_exits_130_with_one_line_and_no_worker_tracebacks(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    for i in range(1500):
        (posts / f"p{i:04}.md").write_text(f"Post {i}: we shipped the new release today, thanks to everyone who tested it.\n")
    proc = subprocess.Popen([sys.executable, "-m", "authlint", "check", "--no-cache", "--jobs", "2", str(posts)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    _wait_for_pool_workers(proc.pid)  # spaCy loaded and the pool running (the run itself takes minutes)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends: the whole group
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert err.strip().splitlines() == ["authlint: interrupted"]


def test_a_config_error_is_said_once_before_any_post(here: Path) -> None:
    (here / ".authlint.yaml").write_text("author: nobody\n")
    for name in ("a.md", "b.md", "c.md"):
        (here / name).write_text(BAD)
    result = run("check", "a.md", "b.md", "c.md")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "author 'nobody' is not defined" in result.stderr


# --- 8. gitignore and exclude patterns ----------------------------------------------------------

#: pattern (a .gitignore's text) -> paths to ask git and authlint about: 62 in all.
GIT_CASES = {
    r"\#lit.md": ["#lit.md", "lit.md", "a/#lit.md"],
    r"\!bang.md": ["!bang.md", "bang.md", "d/!bang.md"],
    "sp\\ ": ["sp ", "sp", "d/sp "],
    r"st\*r.md": ["st*r.md", "stXr.md", "d/st*r.md"],
    r"br\[x].md": ["br[x].md", "brx.md", "d/br[x].md"],
    "a/**b.md": ["a/xb.md", "a/b.md", "a/x/yb.md", "a/x/b.md"],
    "a/**/b.md": ["a/b.md", "a/x/b.md", "a/x/y/b.md", "b.md"],
    "**/c.md": ["c.md", "x/c.md", "x/y/c.md", "xc.md"],
    "d/**": ["d/a.md", "d/x/a.md", "da.md"],
    "x[]]y.md": ["x]y.md", "xy.md", "x]]y.md"],
    "q?.md": ["q1.md", "q.md", "q12.md", "z/q1.md"],
    "*.txt": ["a.txt", "s/a.txt", "a.txt.md"],
    "/root.md": ["root.md", "s/root.md"],
    "s/anch.md": ["s/anch.md", "t/s/anch.md"],
    "[!a]n.md": ["bn.md", "an.md"],
    "[a-c]r.md": ["br.md", "dr.md"],
    "trail.md   ": ["trail.md", "trail.md   "],
    "build/": ["build/x.md", "build", "s/build/y.md"],
    "*.md\n!keep.md": ["keep.md", "other.md", "s/keep.md"],
    "***.md": ["x.md", "s/x.md"],
    "e\\\\f.md": ["e\\f.md", "ef.md"],
    "docs/*.md": ["docs/a.md", "docs/x/a.md"],
}


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_ignore_patterns_match_git_check_ignore_on_62_paths(tmp_path: Path) -> None:
    assert sum(map(len, GIT_CASES.values())) == 62
    disagreements = []
    for n, (pattern, paths) in enumerate(GIT_CASES.items()):
        repo = tmp_path / f"r{n}"
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
        (repo / ".gitignore").write_text(pattern + "\n")
        asked = subprocess.run(["git", "-C", str(repo), "check-ignore", "--no-index", "--stdin", "-z"],
                               input="\0".join(paths) + "\0", capture_output=True, text=True, check=False)
        ignored_by_git = set(filter(None, asked.stdout.split("\0")))
        rules = IgnoreRules(repo, compile_patterns(pattern.splitlines()))
        for path in paths:
            if rules.excludes(repo / path) != (path in ignored_by_git):
                disagreements.append((pattern, path))
    assert disagreements == []


def test_a_bad_pattern_is_a_one_line_error_naming_file_and_line(here: Path) -> None:
    with pytest.raises(PatternError, match=r"^exclude:2: invalid pattern '\[\[:alpha:\]\]x.md'"):
        compile_patterns(["ok.md", "[[:alpha:]]x.md"])
    (here / "p.md").write_text(BAD)
    (here / ".authlint.yaml").write_text("exclude:\n  - 'x[]]y.md'\n  - '[[:alpha:]]x.md'\n")
    result = run("check", ".")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert ".authlint.yaml: exclude:2: invalid pattern" in result.stderr
    repo = here / "repo"  # a fresh folder: .gitignore files are read once per folder and process
    (repo / ".git").mkdir(parents=True)
    (repo / "p.md").write_text(BAD)
    (repo / ".gitignore").write_text("# notes\n[[:digit:]]*.md\n")
    os.chdir(repo)
    result = run("check", ".")
    assert result.exit_code == 2 and f"{repo / '.gitignore'}:2: invalid pattern" in result.stderr


# --- 9. binary skips and wide encodings -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github"])
def test_a_post_skipped_as_binary_is_said_in_every_format(here: Path, fmt: str) -> None:
    (here / "hidden.md").write_bytes(b"Buy now!!!\x00 Link in bio.\n")
    result = run("check", "--format", fmt, "hidden.md")
    assert "hidden.md" in result.stdout and "binary" in result.stdout and "skipped" in result.stdout


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_bom_are_sniffed_not_called_binary(codec: str) -> None:
    text = "Buy now!!! Link in bio. Café ☕\n"
    decoded, fmt = decode(text.encode(codec), "p.md")
    assert decoded == text and fmt.encoding == codec and fmt.bom == b""


def test_real_binary_is_still_binary() -> None:
    from authlint.io.textio import BinaryFileError

    with pytest.raises(BinaryFileError):
        decode(bytes(range(256)) * 4, "blob.md")


# --- 10. library arguments ---------------------------------------------------------------------------


class Tagged(str):
    pass


def test_bad_library_values_raise_authlint_errors_with_one_line(linter: Linter) -> None:
    for call in (lambda: linter.check("Buy now", platform=5),  # type: ignore[arg-type]
                 lambda: list(linter.check_many(["a"], platforms=[5])),  # type: ignore[list-item]
                 lambda: linter.check(5),  # type: ignore[arg-type]
                 lambda: linter.check("x", kind="html"),  # type: ignore[arg-type]
                 lambda: Linter(5)):  # type: ignore[arg-type]
        with pytest.raises(ArgumentError) as info:
            call()
        assert isinstance(info.value, AuthlintError) and "\n" not in str(info.value)
    assert linter.check(Tagged(BAD)) == linter.check(BAD)  # a str subclass is a str
    assert linter.check(BAD, platform=Tagged("x")) == linter.check(BAD, platform="x")


@pytest.mark.parametrize("kind", [None, "markdown"])
def test_check_many_yields_what_it_got_before_the_source_failed(linter: Linter, kind: str | None) -> None:
    def posts():
        yield BAD
        yield "Thanks to @maria for the review.\n"
        raise ValueError("export broke")

    got: list = []
    with pytest.raises(ValueError, match="export broke"):
        got.extend(linter.check_many(posts(), kind=kind))  # type: ignore[arg-type]
    assert len(got) == 2 and got[0].findings and got[0].score < got[1].score


# --- 11. user rules cannot reuse a name -------------------------------------------------------------


def test_a_user_rule_reusing_a_builtin_name_is_refused(tmp_path: Path) -> None:
    builtin = load_rules([builtin_rules_dir()])[0]
    user = tmp_path / "rules"
    user.mkdir()
    source = next(p for p in builtin_rules_dir().rglob("*.yaml") if f"code: {builtin.code}" in p.read_text())
    (user / "USR900-copy.yaml").write_text(source.read_text().replace(f"code: {builtin.code}", "code: USR900"))
    with pytest.raises(RuleError, match=f"duplicate name '{builtin.name}', already used by {builtin.code}"):
        load_rules([builtin_rules_dir(), user])


# --- 12. --statistics and --diff ---------------------------------------------------------------------


def test_statistics_and_diff_list_per_file_errors(here: Path) -> None:
    (here / "good.md").write_text("Big news!!! We moved.\n")
    (here / "broken.md").write_bytes(b"caf\xe9 \xff\n")  # not UTF-8
    stats = run("check", "--statistics", "good.md", "broken.md")
    assert stats.exit_code == 2 and "broken.md: error: not valid UTF-8" in stats.stdout
    diff = run("check", "--diff", "good.md", "broken.md")
    assert diff.exit_code == 2 and "+Big news! We moved." in diff.stdout
    assert "broken.md: error: not valid UTF-8" in diff.stderr


@pytest.mark.parametrize("flags", [("--statistics", "--format", "json"), ("--diff", "--format", "json"),
                                   ("--diff", "--statistics"), ("--statistics", "--format", "sarif")])
def test_flags_that_cannot_combine_are_a_usage_error(here: Path, flags: tuple[str, ...]) -> None:
    (here / "p.md").write_text(BAD)
    result = run("check", *flags, "p.md")
    assert result.exit_code == 2 and result.stdout == "" and result.stderr.count("\n") == 1
    assert result.stderr.startswith("authlint: error: ") and "cannot be combined" in result.stderr


# --- 13. flags over the file; nested configs ---------------------------------------------------------


def test_select_on_the_command_line_wins_over_the_configs_ignore(here: Path) -> None:
    (here / ".authlint.yaml").write_text("ignore: [PRO101]\n")
    (here / "p.md").write_text(BAD)
    result = run("check", "--format", "json", "--select", "PRO101", "p.md")
    assert result.exit_code == 1
    assert {f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]} == {"PRO101"}


def test_a_broken_config_here_does_not_block_folders_with_their_own(here: Path) -> None:
    (here / ".authlint.yaml").write_text("select: [\n")  # broken YAML
    (here / "blog").mkdir()
    (here / "blog" / ".authlint.yaml").write_text("ignore: [PRO102]\n")
    (here / "blog" / "p.md").write_text(BAD)
    result = run("check", "blog")
    assert result.exit_code == 1 and "PRO101" in result.stdout and "PRO102" not in result.stdout
    (here / "top.md").write_text(BAD)  # a post the broken config governs: one error for the run
    result = run("check", ".")
    assert result.exit_code == 2 and "YAML syntax error" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("base", ["/", "/repo", "/repo/sub", "/re", "repo", "."])
def test_an_ignore_sets_relative_path_is_what_relative_to_says(base: str) -> None:
    """The walk's string slice (absolute POSIX bases) and pathlib's relative_to agree on every
    path: inside, the base itself, a sibling that shares a prefix, outside, relative."""
    rules = IgnoreRules(Path(base), [])
    for path in ["/", "/repo", "/repo/a.md", "/repo/sub/b/c.md", "/repository/a.md", "/re/x", "/other/a.md",
                 "repo/a.md", "a.md", "."]:
        try:
            expected: str | None = Path(path).relative_to(Path(base)).as_posix()
        except ValueError:
            expected = None
        assert rules._relative(Path(path)) == expected, (base, path)
