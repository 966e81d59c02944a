"""``--select X`` / ``--extend-select X`` run X even when the config file ignores it, however either names it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from authlint.engine.workspace import Overrides
from authlint.errors import ConfigError
from authlint.ruleset.loader import load_rules
from authlint.ruleset.meta import meta_severity
from authlint.ruleset.selection import platform_rules, select_rules
from authlint.settings.config import Config, config_from_mapping
from authlint.support.data import builtin_rules_dir


@pytest.fixture(scope="module")
def rules():  # type: ignore[no-untyped-def]
    return load_rules([builtin_rules_dir()])


def _codes(rules, file: Config, flags: Overrides) -> set[str]:  # type: ignore[no-untyped-def]
    return {r.code for r in select_rules(rules, flags.apply(file))}


@pytest.mark.parametrize("ignored", ["PRO101", "PRO", "PRO10", "hard-sell-call-to-action", "self-promotion", "ALL"])
@pytest.mark.parametrize("selected", ["PRO101", "hard-sell-call-to-action"])
def test_select_wins_over_any_form_of_the_files_ignore(rules, ignored: str, selected: str) -> None:  # type: ignore[no-untyped-def]
    assert _codes(rules, Config(ignore=[ignored]), Overrides(select=(selected,))) == {"PRO101"}


def test_a_selected_prefix_beats_the_files_ignore_of_one_of_its_rules(rules) -> None:  # type: ignore[no-untyped-def]
    codes = _codes(rules, Config(ignore=["PRO102"]), Overrides(select=("PRO",)))
    assert "PRO102" in codes and "PRO101" in codes and not any(c.startswith("SNK") for c in codes)


def test_extend_select_runs_only_what_it_names_of_an_ignored_category(rules) -> None:  # type: ignore[no-untyped-def]
    codes = _codes(rules, Config(ignore=["self-promotion"]), Overrides(extend_select=("PRO101",)))
    assert "PRO101" in codes
    assert not {"PRO102", "PRO103"} & codes  # the rest of the category stays ignored
    assert "SNK101" in codes


def test_alias_selectors_count_too(rules) -> None:  # type: ignore[no-untyped-def]
    codes = _codes(rules, Config(ignore=["impersonation"]), Overrides(extend_select=("paid-post-without-disclosure",)))
    assert "IMP207" in codes and "IMP101" not in codes


def test_the_command_lines_own_ignore_still_wins_over_its_select(rules) -> None:  # type: ignore[no-untyped-def]
    codes = _codes(rules, Config(), Overrides(extend_select=("PRO",), ignore=("PRO103",)))
    assert "PRO101" in codes and "PRO103" not in codes
    with pytest.raises(ConfigError, match="both selected and ignored"):
        _codes(rules, Config(), Overrides(select=("PRO101",), ignore=("PRO101",)))


def test_the_file_alone_still_cannot_select_and_ignore_the_same_rule(rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match="both selected and ignored"):
        select_rules(rules, Config(select=["PRO101"], ignore=["PRO101"]))


def test_platform_rules_follow_the_same_resolver(rules) -> None:  # type: ignore[no-untyped-def]
    config = Overrides(extend_select=("PLT101",)).apply(Config(ignore=["platform"]))
    chosen = select_rules(rules, config)
    extra = {r.code for r in platform_rules(rules, config, chosen)} | {r.code for r in chosen}
    assert "PLT101" in extra


def test_the_meta_rule_follows_flags_too() -> None:
    assert meta_severity(Config(ignore=["SUP"])) is None
    assert meta_severity(Overrides(extend_select=("SUP100",)).apply(Config(ignore=["SUP"]))) is not None


def test_flags_cannot_be_set_from_a_config_file() -> None:
    with pytest.raises(ConfigError, match="unknown setting 'flags'"):
        config_from_mapping({"flags": {"select": ["PRO101"]}}, ".authlint.yaml")


def test_cli_select_when_the_config_ignores_the_category(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".authlint.yaml").write_text("ignore: [self-promotion]\n", encoding="utf-8")
    (tmp_path / "p.md").write_text("Buy now!!! Link in bio.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "authlint", "check", "--select", "PRO101", "--format", "concise", "p.md"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "PRO101" in result.stdout and "PRO102" not in result.stdout
