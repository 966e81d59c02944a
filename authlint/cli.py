"""The ``authlint`` command line: assembles the subcommands in :mod:`authlint.commands`.

Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage, config or input errors.
"""

from __future__ import annotations

import click

from .commands.check import check
from .commands.eval import eval_command
from .commands.init import init
from .commands.rules import rule_command, rules_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="authlint")
def cli() -> None:
    """authlint: check social-media drafts for what undermines trust."""


cli.add_command(check)
cli.add_command(eval_command)
cli.add_command(rules_command)
cli.add_command(rule_command)
cli.add_command(init)


def main() -> None:
    cli()
