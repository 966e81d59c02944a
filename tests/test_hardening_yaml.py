"""Odd YAML, TOML and JSON in every place authlint reads them: one line, exit 2, never a traceback.

Covers values PyYAML's constructors reject with non-YAML exceptions, nesting past the bound,
alias bombs, non-table ``tool`` keys in pyproject.toml, and front matter display names.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from authlint.cli import cli
from authlint.errors import ConfigError, InputError, RuleError
from authlint.io.source import extract
from authlint.io.tables import iter_rows
from authlint.ruleset.loader import load_yaml
from authlint.settings.config import find_config, load_config
from authlint.settings.profile import AuthorProfile, DisplayName, resolve_author
from authlint.support.nesting import MAX_DEPTH, TooDeepError, depth, loads_json, loads_toml
from authlint.support.yamlio import YamlProblem, load_user_yaml

REJECTED_VALUES = {
    "date: 2024-02-30": "day is out of range",
    "when: 2024-01-01T25:00:00": "hour must be in 0..23",
    "n: !!int abc": "invalid literal for int",
    "t: !!timestamp nope": "not a valid timestamp",
    "f: !!float abc": "could not convert",
}
DEEP_YAML = "a: " + "[" * 500 + "]" * 500 + "\n"


def alias_bomb() -> str:
    """A 9-level billion-laughs document ending in ``platform: *i`` (about 400 bytes)."""
    text, previous = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n', "a"
    for name in "bcdefghi":
        text += f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return text + "platform: *i\n"


@pytest.mark.parametrize("fast", [False, True])
@pytest.mark.parametrize(("text", "reason"), sorted(REJECTED_VALUES.items()))
def test_values_pyyaml_rejects_are_one_problem_with_a_location(text: str, reason: str, fast: bool) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_user_yaml("ok: 1\n" + text, fast=fast)
    assert caught.value.line == 2
    assert reason in caught.value.problem
    assert "\n" not in caught.value.describe("x.yaml")


@pytest.mark.parametrize("fast", [False, True])
def test_deep_yaml_is_refused_while_composing(fast: bool) -> None:
    with pytest.raises(YamlProblem, match=f"nested deeper than {MAX_DEPTH} levels"):
        load_user_yaml(DEEP_YAML, fast=fast)
    assert load_user_yaml("a: " + "[" * 10 + "1" + "]" * 10) == {"a": [[[[[[[[[[1]]]]]]]]]]}


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(YamlProblem):
        load_user_yaml("a: &a [*a]\n")


def test_alias_bomb_is_refused_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(YamlProblem, match="expands to more than"):
        load_user_yaml(alias_bomb())
    assert time.perf_counter() - started < 5
    assert len(alias_bomb()) < 450


def test_alias_bomb_in_front_matter_fails_that_post_only() -> None:
    with pytest.raises(InputError, match=r"^front matter is not valid YAML at line \d+: expands to more than"):
        extract("---\n" + alias_bomb() + "---\nHello.\n", "markdown")


def test_modest_aliases_still_work() -> None:
    assert load_user_yaml("x: &x [1, 2]\ny: *x\n") == {"x": [1, 2], "y": [1, 2]}


@pytest.mark.parametrize("body", [*REJECTED_VALUES, DEEP_YAML.strip()])
def test_front_matter_problems_are_input_errors(body: str) -> None:
    with pytest.raises(InputError, match=r"^front matter is not valid YAML at line 3: "):
        extract("---\nok: 1\n" + body + "\n---\nHello.\n", "markdown")


def test_deep_toml_front_matter() -> None:
    with pytest.raises(InputError, match="front matter is not valid TOML: nested deeper"):
        extract("+++\na = " + "[" * 500 + "]" * 500 + "\n+++\nHello.\n", "markdown")


def test_platform_must_be_a_string_never_a_stringified_structure() -> None:
    with pytest.raises(InputError, match="'platform' must be a string, got list"):
        extract("---\nplatform: [x, y]\n---\nHi.\n", "markdown")
    assert extract("---\nplatform: ' X '\n---\nHi.\n", "markdown").platform == "x"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("tool = 5\n", "'tool' must be a table, got int"),
        ('tool = "authlint"\n', "'tool' must be a table, got str"),
        ("[tool]\nauthlint = 3\n", "'tool.authlint' must be a table, got int"),
        ("[tool.authlint]\nselect = [\n", "TOML syntax error"),
        ("[tool.authlint]\nx = " + "[" * 500 + "]" * 500 + "\n", "nested deeper than"),
    ],
)
def test_pyproject_shapes_are_config_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_broken_or_undecodable_pyproject_that_names_authlint_is_found_not_skipped(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.authlint]\nselect = [\n", encoding="utf-8")
    assert find_config(tmp_path) == path
    path.write_bytes(b"[tool.authlint]\nselect = ['\xff']\n")
    assert find_config(tmp_path) == path
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(path)
    path.write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config(tmp_path) is None


@pytest.mark.parametrize("body", [*REJECTED_VALUES, DEEP_YAML.strip(), alias_bomb()])
def test_config_yaml_problems_are_config_errors(tmp_path: Path, body: str) -> None:
    path = tmp_path / ".authlint.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}:")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("body", [*REJECTED_VALUES, DEEP_YAML.strip()])
def test_rule_file_problems_are_rule_errors(tmp_path: Path, body: str) -> None:
    path = tmp_path / "TST001-x.yaml"
    path.write_text("code: TST001\n" + body + "\n", encoding="utf-8")
    with pytest.raises(RuleError, match=rf"^{path}:\d+:\d+: YAML error: "):
        load_yaml(path)


def test_syntax_errors_keep_their_wording(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("select: [snark\nignore: []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"c\.yaml:2:7: YAML syntax error: expected ',' or ']'"):
        load_config(path)


def test_json_nesting_is_bounded() -> None:
    for n in (500, 5000):
        with pytest.raises(TooDeepError):
            loads_json("[" * n + "]" * n)
    assert loads_json('{"a": [1, {"b": 2}]}') == {"a": [1, {"b": 2}]}
    assert depth({"a": [1, {"b": 2}]}) == 3
    with pytest.raises(TooDeepError):
        loads_toml("a = " + "[" * 2000 + "]" * 2000)


def test_deep_jsonl_row_is_that_rows_error() -> None:
    content = '{"text": "fine"}\n{"text": ' + "[" * 500 + "]" * 500 + "}\n"
    rows = list(iter_rows(io.BytesIO(content.encode("utf-8")), "jsonl"))
    assert rows[0].text == "fine" and rows[0].error is None
    assert rows[1].error == f"line 2: not valid JSON: nested deeper than {MAX_DEPTH} levels"


def test_display_name_author_matches_a_profile_name_or_is_ignored() -> None:
    jordan = AuthorProfile(name="Jordan Lee", credentials=["RN"])
    authors = {"jordan": jordan, "sam": AuthorProfile(name="Sam")}
    assert resolve_author(DisplayName("jordan"), authors) is jordan
    assert resolve_author(DisplayName("Jordan  lee"), authors) is jordan
    assert resolve_author(DisplayName("Somebody Else"), authors) is None
    assert resolve_author(DisplayName("Somebody Else"), authors, "sam") is authors["sam"]
    with pytest.raises(ConfigError, match="not defined"):
        resolve_author("Somebody Else", authors)  # a key given explicitly must exist


def test_front_matter_author_kinds() -> None:
    assert isinstance(extract("---\nauthor: Jordan Lee\n---\nHi.\n", "markdown").author, DisplayName)
    explicit = extract("---\nauthor: Jordan Lee\nauthlint-author: jordan\n---\nHi.\n", "markdown").author
    assert explicit == "jordan" and not isinstance(explicit, DisplayName)


def test_cli_bad_front_matter_fails_that_post_and_checks_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".authlint.yaml").write_text("select: [SNK]\n", encoding="utf-8")
    (tmp_path / "a-date.md").write_text("---\ndate: 2024-02-30\n---\nHello there.\n", encoding="utf-8")
    (tmp_path / "b-bomb.md").write_text("---\n" + alias_bomb() + "---\nHello.\n", encoding="utf-8")
    (tmp_path / "c-hugo.md").write_text("---\nauthor: Jordan Lee\n---\nThanks to everyone who came.\n", encoding="utf-8")
    (tmp_path / "d-deep.md").write_text("---\n" + DEEP_YAML + "---\nHello.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "concise", "."], catch_exceptions=False)
    assert result.exit_code == 2
    output = result.output
    assert "a-date.md: error: front matter is not valid YAML at line 2: cannot read value '2024-02-30'" in output
    assert "b-bomb.md: error: front matter is not valid YAML" in output
    assert "d-deep.md: error: front matter is not valid YAML at line 2: nested deeper" in output
    assert "c-hugo.md" not in output  # a display name is not an error; the post was checked clean
    assert "Traceback" not in output


def test_init_starter_has_no_placeholder_url_and_a_commented_author_section(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0
    text = (tmp_path / ".authlint.yaml").read_text(encoding="utf-8")
    assert "https://" not in text and "http://" not in text
    assert "# author:" in text and "#   name:" in text
    # uncommenting the author section gives a valid config
    lines = text.splitlines()
    first, last = lines.index("# author:"), lines.index("# authors:")
    uncommented = "\n".join(
        line.replace("# ", "", 1) if first <= i < last else line for i, line in enumerate(lines)
    )
    (tmp_path / ".authlint.yaml").write_text(uncommented, encoding="utf-8")
    assert load_config(tmp_path / ".authlint.yaml").author.name == "Jordan Lee"
    result = CliRunner().invoke(cli, ["init", "--pyproject", str(tmp_path)], catch_exceptions=False)
    assert "[tool.authlint.author]" in (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
