"""``authlint check --show-settings PATH`` says which config, profile, platform and rules apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from authlint.cli import cli


def test_show_settings_names_the_config_profile_platform_and_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / ".authlint.yaml").write_text(
        "authors:\n  jordan:\n    name: Jordan Lee\nselect: [PRO]\nignore: [PRO103]\nplatform: linkedin\n", encoding="utf-8")
    (site / "p.md").write_text("---\nauthor: Jordan Lee\nplatform: X\n---\nHello.\n", encoding="utf-8")
    (site / "q.md").write_text("---\nauthor: Somebody Else\n---\nHello.\n", encoding="utf-8")
    monkeypatch.chdir(site)
    result = CliRunner().invoke(cli, ["check", "--show-settings", "p.md", "q.md"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"config file: {(site / '.authlint.yaml').resolve()}" in out
    assert "platform: x (from front matter)" in out
    assert "platform: linkedin (from config)" in out
    assert "author profile: Jordan Lee (from front matter `author: Jordan Lee`)" in out
    assert "author profile: none (from front matter `author: Somebody Else`: a display name no profile has, ignored)" in out
    assert "select: PRO" in out and "ignore: PRO103" in out
    rules_line = next(line for line in out.splitlines() if line.startswith("rules that run"))
    assert "PRO101" in rules_line and "PRO103" not in rules_line and "SNK" not in rules_line


def test_show_settings_flags_win_and_no_config_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "p.txt").write_text("Hello.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--show-settings", "--platform", "bsky", "--select", "SNK101", "p.txt"],
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert "platform: bluesky (from --platform)" in result.output
    rules_line = next(line for line in result.output.splitlines() if line.startswith("rules that run"))
    assert "SNK101" in rules_line and "PRO101" not in rules_line
    folder = CliRunner().invoke(cli, ["check", "--show-settings", "."], catch_exceptions=False)
    assert folder.exit_code == 2 and "needs a post file" in folder.output
