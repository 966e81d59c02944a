"""Config for `authlint check`: discovery per file, precedence, every setting's effect."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from authlint.cli import cli
from authlint.settings.config import find_config

BAD = "Buy now!!! Link in bio. Oh great.\n"


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["check", "--format", "concise", *args], input=input, catch_exceptions=False)


def rules_in(result: Result) -> set[str]:
    return {line.split()[1] for line in result.stdout.splitlines() if line.count(":") >= 3}


def test_discovery_upward_and_precedence(here: Path) -> None:
    (here / "pyproject.toml").write_text("[tool.authlint]\nignore = ['PRO101']\n")
    sub = here / "a" / "b"
    sub.mkdir(parents=True)
    assert find_config(sub) == here / "pyproject.toml"
    (here / "a" / ".authlint.yml").write_text("ignore: [PRO102]\n")
    assert find_config(sub / "post.md") == here / "a" / ".authlint.yml"
    (here / "a" / ".authlint.yaml").write_text("ignore: [SNK101]\n")
    assert find_config(sub) == here / "a" / ".authlint.yaml"
    (here / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # no [tool.authlint]: not a config
    assert find_config(sub) == here / "a" / ".authlint.yaml"


def test_pyproject_table_found_however_it_is_spelled(here: Path) -> None:
    # Files that never mention "authlint" are skipped without parsing; escapes still count.
    for text in ('[tool."\\u0061uthlint"]\nignore = []\n', "[tool]\nauthlint = {ignore = []}\n"):
        (here / "pyproject.toml").write_text(text)
        assert find_config(here) == here / "pyproject.toml", text
    (here / "pyproject.toml").write_text("[tool.other]\nx = '\\u0041'\n")
    assert find_config(here) is None


def test_each_file_uses_its_nearest_config(here: Path) -> None:
    (here / "one").mkdir()
    (here / "two").mkdir()
    (here / "one" / ".authlint.yaml").write_text("ignore: [PRO101]\n")
    (here / "two" / "pyproject.toml").write_text("[tool.authlint]\nignore = ['PRO102']\n")
    (here / "one" / "p.md").write_text(BAD)
    (here / "two" / "p.md").write_text(BAD)
    out = run(".").stdout.splitlines()
    one = {line.split()[1] for line in out if line.startswith(str(Path("one") / "p.md"))}
    two = {line.split()[1] for line in out if line.startswith(str(Path("two") / "p.md"))}
    assert "PRO101" not in one and "PRO102" in one
    assert "PRO102" not in two and "PRO101" in two


def test_config_option_overrides_discovery(here: Path) -> None:
    (here / ".authlint.yaml").write_text("ignore: [PRO101]\n")
    (here / "other.yaml").write_text("ignore: [PRO102]\n")
    (here / "p.md").write_text(BAD)
    got = rules_in(run("--config", "other.yaml", "p.md"))
    assert "PRO101" in got and "PRO102" not in got


def test_unknown_key_is_an_error_with_a_hint(here: Path) -> None:
    (here / ".authlint.yaml").write_text("ignor: [PRO101]\n")
    (here / "p.md").write_text(BAD)
    result = run("p.md")
    assert result.exit_code == 2
    assert "unknown setting 'ignor'; did you mean 'ignore'?" in result.stderr


@pytest.mark.parametrize(
    ("setting", "absent", "present"),
    [
        ("select: [snark]", {"PRO101", "PRO102"}, {"SNK101"}),
        ("select: [PRO]", {"SNK101"}, {"PRO101", "PRO102"}),
        ("select: [link-in-bio]", {"PRO101", "SNK101"}, {"PRO102"}),
        ("ignore: [self-promotion]", {"PRO101", "PRO102"}, {"SNK101"}),
        ("select: [snark]\nextend-select: [PRO102]", {"PRO101"}, {"SNK101", "PRO102"}),
        ("allow: [link in bio]", {"PRO102"}, {"PRO101"}),
    ],
)
def test_selection_settings(here: Path, setting: str, absent: set[str], present: set[str]) -> None:
    (here / ".authlint.yaml").write_text(setting + "\n")
    (here / "p.md").write_text(BAD)
    got = rules_in(run("p.md"))
    assert not (got & absent) and present <= got


def test_cli_selection_flags(here: Path) -> None:
    (here / "p.md").write_text(BAD)
    assert rules_in(run("p.md", "--select", "PRO101,SNK101")) == {"PRO101", "SNK101"}
    assert "PRO102" not in rules_in(run("p.md", "--ignore", "link-in-bio"))
    assert rules_in(run("p.md", "--select", "SNK101", "--extend-select", "PRO102")) == {"SNK101", "PRO102"}


def test_per_file_ignores_by_glob(here: Path) -> None:
    (here / ".authlint.yaml").write_text("per-file-ignores:\n  'ads/*.md': [PRO101, snark]\n")
    (here / "ads").mkdir()
    (here / "ads" / "p.md").write_text(BAD)
    (here / "p.md").write_text(BAD)
    out = run(".").stdout.splitlines()
    ads = {line.split()[1] for line in out if line.startswith(str(Path("ads") / "p.md"))}
    root = {line.split()[1] for line in out if line.startswith("p.md")}
    assert ads and not ads & {"PRO101", "SNK101"}
    assert {"PRO101", "SNK101"} <= root


def test_per_rule_severity_and_fail_on(here: Path) -> None:
    (here / "p.md").write_text("Oh great, another Monday.\n")
    (here / ".authlint.yaml").write_text("severity: {snark: info}\n")
    assert run("p.md").exit_code == 0
    (here / ".authlint.yaml").write_text("severity: {snark: error}\nfail-on: error\n")
    assert run("p.md").exit_code == 1
    (here / ".authlint.yaml").write_text("fail-on: error\n")
    assert run("p.md").exit_code == 0
    assert run("p.md", "--fail-on", "warning").exit_code == 1  # the flag wins


def test_min_score_in_config(here: Path) -> None:
    (here / "p.md").write_text("Oh great, another Monday.\n")
    (here / ".authlint.yaml").write_text("fail-on: error\nmin-score: 99\n")
    assert run("p.md").exit_code == 1


def test_platform_in_config_and_front_matter_override(here: Path) -> None:
    tags = "Notes are up #python #community #meetup #events\n"
    (here / ".authlint.yaml").write_text("platform: x\n")
    (here / "p.md").write_text(tags)
    (here / "q.md").write_text("---\nplatform: instagram\n---\n" + tags)
    out = run(".").stdout
    assert "p.md:1:33: PLT103" in out and "q.md" not in out


def test_bad_platform_in_config(here: Path) -> None:
    (here / ".authlint.yaml").write_text("platform: tiktok\n")
    (here / "p.md").write_text("Hi.\n")
    result = run("p.md")
    assert result.exit_code == 2 and "unknown platform 'tiktok'" in result.stderr


def test_rule_folders_resolve_relative_to_the_config_file(here: Path) -> None:
    house = here / "house-rules"
    house.mkdir()
    (house / "HSE001-synergy.yaml").write_text(
        "code: HSE001\nname: synergy\ncategory: snark\nmessage: \"'{match}' is jargon.\"\nwhy: Nobody talks like that.\n"
        "detectors: [{type: phrase, phrases: [synergy]}]\nsuggestions: [{template: Say what you mean.}]\n"
        "examples: {bad: [Great synergy.], good: [Great teamwork.]}\n"
    )
    (here / ".authlint.yaml").write_text("rules: [./house-rules]\n")
    (here / "posts").mkdir()
    (here / "posts" / "p.md").write_text("So much synergy today.\n")
    assert "HSE001" in run("posts/p.md").stdout
    # run from elsewhere: still found relative to the config, not the working directory
    assert "HSE001" in CliRunner().invoke(cli, ["check", str(here / "posts" / "p.md")]).stdout


def test_exclude_setting(here: Path) -> None:
    (here / ".authlint.yaml").write_text("exclude: [archive/, '*.draft.md']\n")
    (here / "archive").mkdir()
    (here / "archive" / "old.md").write_text(BAD)
    (here / "x.draft.md").write_text(BAD)
    (here / "p.md").write_text(BAD)
    files = {line.split(":")[0] for line in run(".").stdout.splitlines()}
    assert files == {"p.md"}
    assert run("x.draft.md").stdout == ""  # excluded even when named (pre-commit passes names)


def test_stdin_filename_picks_the_config(here: Path) -> None:
    (here / "blog").mkdir()
    (here / "blog" / ".authlint.yaml").write_text("ignore: [PRO101]\n")
    got = rules_in(run("-", "--stdin-filename", "blog/post.md", input=BAD))
    assert "PRO101" not in got and "PRO102" in got
