"""`authlint check`: inputs, exit codes, text output, colour, progress, statistics."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result

from authlint.cli import cli

BAD = "Buy now!!! Link in bio.\n"
GOOD = "We wrote up how we rebuilt search, with the numbers. What would you measure next?\n"
WARN_ONLY = "Oh great, another Monday.\n"


def run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["check", *args], input=input, env=env, catch_exceptions=False)


def test_exit_0_for_a_good_post(here: Path) -> None:
    (here / "good.md").write_text(GOOD)
    result = run("good.md")
    assert result.exit_code == 0, result.output
    assert "good.md" in result.stdout and "score 100/100" in result.stdout


def test_exit_1_for_findings_at_or_above_fail_on(here: Path) -> None:
    (here / "warn.txt").write_text(WARN_ONLY)
    assert run("warn.txt").exit_code == 1
    assert run("warn.txt", "--fail-on", "error").exit_code == 0
    assert run("warn.txt", "--fail-on", "never").exit_code == 0
    assert run("warn.txt", "--exit-zero").exit_code == 0


def test_info_findings_fail_only_with_fail_on_info(here: Path) -> None:
    (here / "p.txt").write_text("We launched!!!\n")  # PRO103 is info
    assert run("p.txt", "--select", "PRO103").exit_code == 0
    assert run("p.txt", "--select", "PRO103", "--fail-on", "info").exit_code == 1


def test_min_score(here: Path) -> None:
    (here / "p.txt").write_text(WARN_ONLY)
    assert run("p.txt", "--fail-on", "never", "--min-score", "99").exit_code == 1
    assert run("p.txt", "--fail-on", "never", "--min-score", "50").exit_code == 0


def test_exit_2_for_usage_and_input_errors(here: Path) -> None:
    missing = run("missing.md")
    assert missing.exit_code == 2 and "missing.md  error: no such file or folder" in missing.stdout
    (here / "empty").mkdir()
    no_posts = run("empty")
    assert no_posts.exit_code == 2 and "authlint: error: empty: no posts found" in no_posts.stderr
    assert run("--format", "xml", ".").exit_code == 2
    result = run("--platform", "myspace", ".")
    assert result.exit_code == 2 and "unknown platform 'myspace'" in result.stderr


def test_one_unreadable_file_does_not_stop_the_others(here: Path) -> None:
    (here / "bad.txt").write_bytes(b"caf\xe9 buy now\n")
    (here / "ok.txt").write_text(WARN_ONLY)
    result = run("bad.txt", "ok.txt")
    assert result.exit_code == 2
    assert "bad.txt" in result.stdout and "byte 3" in result.stdout
    assert "SNK101" in result.stdout  # ok.txt was still checked
    assert "could not be checked" in result.stdout


def test_stdin_and_stdin_filename(here: Path) -> None:
    result = run("-", input=BAD)
    assert result.exit_code == 1 and "<stdin>" in result.stdout and "PRO101" in result.stdout
    md = "---\nplatform: x\n---\n`Buy now` is what the ad said. Oh great.\n"
    as_text = run("-", "--format", "concise", input=md)
    as_markdown = run("-", "--format", "concise", "--stdin-filename", "post.md", input=md)
    assert "post.md" in as_markdown.stdout
    assert "PRO101" not in as_markdown.stdout  # inline code is skipped in Markdown
    assert as_text.stdout != as_markdown.stdout


def test_folders_are_walked_with_default_globs(here: Path) -> None:
    (here / "posts" / "deep").mkdir(parents=True)
    for name in ("a.md", "b.markdown", "c.mdx", "deep/d.txt", "e.rst", "f.py"):
        (here / "posts" / name).write_text(BAD)
    (here / "posts" / ".git").mkdir()
    (here / "posts" / ".git" / "g.md").write_text(BAD)
    result = run("posts", "--format", "concise")
    files = {line.split(":")[0] for line in result.stdout.splitlines()}
    assert files == {str(Path("posts") / n) for n in ("a.md", "b.markdown", "c.mdx", "deep/d.txt")}


def test_default_path_is_the_current_folder(here: Path) -> None:
    (here / "x.md").write_text(BAD)
    assert "x.md" in run("--format", "concise").stdout


def test_named_files_are_checked_whatever_their_extension(here: Path) -> None:
    (here / "draft.post").write_text(BAD)
    assert "PRO101" in run("draft.post").stdout


def test_gitignore_is_respected(here: Path) -> None:
    (here / ".git").mkdir()
    (here / ".gitignore").write_text("drafts/\n*.tmp.md\n!keep.tmp.md\n")
    (here / "drafts").mkdir()
    (here / "drafts" / "x.md").write_text(BAD)
    (here / "sub").mkdir()
    (here / "sub" / ".gitignore").write_text("local.md\n")
    for name in ("a.md", "b.tmp.md", "keep.tmp.md", "sub/local.md", "sub/other.md"):
        (here / name).write_text(BAD)
    result = run(".", "--format", "concise")
    files = {line.split(":")[0] for line in result.stdout.splitlines()}
    assert files == {"a.md", "keep.tmp.md", str(Path("sub") / "other.md")}


def test_text_output_is_grouped_with_caret_and_suggestion(here: Path) -> None:
    (here / "post.md").write_text("# Launch\n\nBig day. Link in bio!\n")
    out = run("post.md", "--select", "PRO102").stdout
    lines = out.splitlines()
    assert lines[0].startswith("post.md") and "score 89/100" in lines[0]  # one warning: never "ready" (>= 90)
    i = next(n for n, line in enumerate(lines) if "PRO102" in line)
    assert lines[i].strip().startswith("3:10")
    source, carets = lines[i + 1], lines[i + 2]
    assert source.endswith("Big day. Link in bio!")
    assert carets.index("^") == source.index("Link in bio") and carets.count("^") == len("Link in bio")
    assert "try:" in lines[i + 3]
    assert re.search(r"1 finding \(1 warning\) in 1 post", lines[-1])


def test_caret_lines_up_after_tabs_and_emoji(here: Path) -> None:
    (here / "p.txt").write_text("🎉\tOh great, another launch.\n")
    lines = run("p.txt", "--select", "SNK101").stdout.splitlines()
    i = next(n for n, line in enumerate(lines) if "SNK101" in line)
    assert lines[i].strip().startswith("1:3")  # columns count code points: emoji 1, tab 1
    source, carets = lines[i + 1], lines[i + 2]
    # the emoji is two terminal cells wide and the tab is shown as four spaces
    prefix = source.split("│", 1)[1]
    caret_col = carets.split("│", 1)[1].index("^")
    assert prefix.index("Oh") + 1 == caret_col  # + 1: the emoji is one char but two columns


def test_color_only_when_asked_or_on_a_tty(here: Path) -> None:
    (here / "p.txt").write_text(BAD)
    assert "\x1b[" not in run("p.txt").stdout
    assert "\x1b[" in run("p.txt", "--color", "always").stdout
    assert "\x1b[" not in run("p.txt", "--color", "auto", env={"NO_COLOR": "1"}).stdout


def test_progress_never_on_stdout(here: Path) -> None:
    for i in range(25):
        (here / f"p{i}.txt").write_text(GOOD)
    result = run(".", "--format", "json")
    assert result.stdout.lstrip().startswith("{") and "checked" not in result.stderr  # stderr is not a TTY here


def test_statistics(here: Path) -> None:
    (here / "a.txt").write_text(BAD)
    (here / "b.txt").write_text("Link in bio. Oh great.\n")
    out = run(".", "--statistics").stdout.splitlines()
    rows = [line.split() for line in out if re.match(r"\s*\d+\s+[A-Z]{2,5}\d{3}", line)]
    counts = {r[1]: int(r[0]) for r in rows}
    assert counts["PRO102"] == 2 and counts["PRO101"] == 1
    assert rows[0][1] == "PRO102"  # most frequent first
    assert any("[*]" in line and "PRO103" in line for line in out)  # fixable marker


def test_front_matter_platform(here: Path) -> None:
    (here / "p.md").write_text("---\nplatform: x\n---\nOur notes are up #python #community #meetup #events\n")
    out = run("p.md", "--format", "json").stdout
    assert '"platform": "x"' in out and "PLT103" in out
    assert "PLT103" not in run("p.md", "--platform", "instagram", "--format", "concise").stdout


def test_unknown_front_matter_platform_is_an_input_error(here: Path) -> None:
    (here / "p.md").write_text("---\nplatform: myspace\n---\nHello.\n")
    result = run("p.md")
    assert result.exit_code == 2 and "unknown platform 'myspace'" in result.stdout


def test_binary_files_are_skipped_not_errors(here: Path) -> None:
    (here / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = run("img.txt")
    assert result.exit_code == 0 and "skipped" in result.stdout
