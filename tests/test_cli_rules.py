"""`authlint rules`, `authlint rule CODE` and `authlint init`, rendered from the rule YAML."""

from __future__ import annotations

import json
from pathlib import Path

import tomllib
import yaml
from click.testing import CliRunner, Result

from authlint.cli import cli
from authlint.ruleset.loader import load_rules
from authlint.settings.config import Config, load_config

RULES = load_rules(Config().rule_dirs())


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_rules_table_lists_every_rule_with_its_columns() -> None:
    result = run("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["code", "name", "category", "severity", "fix", "default"]
    for rule in RULES:
        row = next(line for line in lines if line.startswith(rule.code + " "))
        assert rule.name in row and rule.category in row and str(rule.severity) in row
        # The fix column says how safe the fix is, not just that there is one.
        assert row.split()[4] == (rule.fix_safety or "-")
    assert {"safe", "unsafe", "-"} <= {line.split()[4] for line in lines[1:] if line[:1].isupper() and len(line.split()) > 5}
    assert any(line.startswith("SUP100") for line in lines)


def test_rules_json_and_category_filter() -> None:
    rows = json.loads(run("rules", "--format", "json", "--category", "platform").stdout)
    assert {r["code"] for r in rows} == {r.code for r in RULES if r.category == "platform"}
    assert all(r["default"] == "platform" for r in rows)


def test_rule_docs_come_from_the_yaml() -> None:
    rule = next(r for r in RULES if r.code == "PRO103")
    out = run("rule", "PRO103").stdout
    for heading in ("What it does", "Why", "Example", "Use instead", "Suggestions", "Fix safety"):
        assert f"\n{heading}\n" in out
    assert rule.examples.bad[0].text in out and rule.examples.good[0] in out
    assert "Safe: `authlint check --fix`" in out
    assert " ".join(rule.why.split())[:40] in " ".join(out.split())
    assert run("rule", rule.name).stdout == out  # by name too


def test_rule_docs_say_what_detects_it() -> None:
    """A conditional shows its cue and what makes it stand down; repeats are counted."""
    detected = lambda code: " ".join(run("rule", code).stdout.split("Detected by")[1].split("Turn it off")[0].split())  # noqa: E731
    assert detected("IMP190") == "classifier (model default, label impersonation), unless regex (shared pattern security-advisory)"
    assert detected("IMP210") == "regex, unless regex (shared pattern security-advisory) in the same sentence"
    assert detected("SNK101") == "phrase; regex ×5"


def test_rule_unknown_code_hints() -> None:
    result = run("rule", "PRO1O1")
    assert result.exit_code == 2 and "no rule 'PRO1O1'" in result.stderr and "did you mean" in result.stderr


def test_rule_sup100() -> None:
    out = run("rule", "SUP100").stdout
    assert "unused-suppression" in out and "authlint-disable-next-line" in out


def test_init_writes_a_valid_commented_config(tmp_path: Path) -> None:
    result = run("init", str(tmp_path))
    assert result.exit_code == 0
    written = tmp_path / ".authlint.yaml"
    text = written.read_text()
    assert text.count("\n#") > 10  # commented
    config = load_config(written)
    assert config.fail_on == "warning" and config.ignore == []
    assert run("init", str(tmp_path)).exit_code == 2  # refuses to overwrite
    assert run("init", str(tmp_path), "--force").exit_code == 0


def test_init_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'posts'\n")
    assert run("init", str(tmp_path), "--pyproject").exit_code == 0
    data = tomllib.loads((tmp_path / "pyproject.toml").read_text())
    assert data["project"]["name"] == "posts" and data["tool"]["authlint"]["fail-on"] == "warning"
    assert load_config(tmp_path / "pyproject.toml").fail_on == "warning"
    assert run("init", str(tmp_path), "--pyproject").exit_code == 2


def test_starter_config_documents_every_setting() -> None:
    text = (Path(__file__).parent.parent / "authlint" / "data" / "starter-config.yaml").read_text()
    for key in ("select", "extend-select", "ignore", "per-file-ignores", "severity", "fail-on", "min-score",
                "platform", "allow", "rules", "exclude"):
        assert f"{key}:" in text, key
    yaml.safe_load(text)
