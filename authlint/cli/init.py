"""``authlint init``: write a commented starter config (``.authlint.yaml`` or ``[tool.authlint]``)."""

from __future__ import annotations

from pathlib import Path

import click
import tomllib
import yaml

from authlint.cli.common import EXIT_CLEAN, fail
from authlint.settings.config import config_from_mapping
from authlint.support.data import data_path

STARTER = data_path("starter-config.yaml")
PYPROJECT_STARTER = """
[tool.authlint]
# See README "Configuration"; selectors are codes, prefixes, rule names or categories.
# select = ["selfishness", "snark", "self-promotion", "impersonation", "connection"]
ignore = []
fail-on = "warning"          # info | warning | error
# min-score = 70
# platform = "linkedin"      # x | bluesky | mastodon | threads | linkedin | instagram | facebook
allow = []                   # words or phrases never flagged
# check-language = true      # false: lint non-English posts too
rules = []                   # your own rule folders, relative to this file
exclude = []                 # paths never checked (.gitignore syntax)

# Who writes these posts: the honesty checks compare identity claims with this profile.
# [tool.authlint.author]
# name = "Jordan Lee"
# roles = ["community manager"]
# organizations = ["Acme"]

[tool.authlint.per-file-ignores]
# "drafts/ads/*.md" = ["PRO101"]
"""


@click.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option("--pyproject", is_flag=True, help="Add a [tool.authlint] table to pyproject.toml instead.")
@click.option("--force", is_flag=True, help="Overwrite an existing .authlint.yaml.")
def init(folder: str, pyproject: bool, force: bool) -> None:
    """Write a commented starter config into FOLDER (default: here)."""
    root = Path(folder)
    if not root.is_dir():
        fail(f"{folder}: no such folder")
    if pyproject:
        target = root / "pyproject.toml"
        existing = target.read_text(encoding="utf-8") if target.exists() else ""
        try:
            if "authlint" in tomllib.loads(existing).get("tool", {}):
                fail(f"{target}: already has a [tool.authlint] table")
        except tomllib.TOMLDecodeError as exc:
            fail(f"{target}: TOML syntax error: {exc}")
        sep = "" if not existing or existing.endswith("\n") else "\n"
        target.write_text(existing + sep + PYPROJECT_STARTER.lstrip("\n" if not existing else ""), encoding="utf-8")
    else:
        target = root / ".authlint.yaml"
        if target.exists() and not force:
            fail(f"{target}: already exists (use --force to overwrite)")
        text = STARTER.read_text(encoding="utf-8")
        config_from_mapping(yaml.safe_load(text), str(target))  # the starter must always be valid
        target.write_text(text, encoding="utf-8")
    click.echo(f"wrote {target}")
    raise SystemExit(EXIT_CLEAN)
