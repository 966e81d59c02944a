"""The ``authlint`` command line: assembles the subcommands in :mod:`authlint.cli` (one module each, imported when it runs).

Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage, config or input errors.
"""

from __future__ import annotations

import gc
import os
from importlib import import_module

import click

from authlint.nlp.blas import one_thread_from_start

#: Subcommand -> "module:attribute". Each is imported only when it runs (or for --help), so a
#: pre-commit run of `check` never loads the code of `eval` or `rules`.
COMMANDS = {
    "check": "authlint.cli.check:check",
    "clean": "authlint.cli.clean:clean",
    "eval": "authlint.cli.eval:eval_command",
    "init": "authlint.cli.init:init",
    "report": "authlint.cli.report:report",
    "rule": "authlint.cli.rules:rule_command",
    "rules": "authlint.cli.rules:rules_command",
    "serve": "authlint.cli.serve:serve",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS and name not in self.commands:
            module, attribute = COMMANDS[name].split(":")
            self.add_command(getattr(import_module(module), attribute), name)
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="authlint")
def cli() -> None:
    """authlint: check social-media drafts for what undermines trust."""


def main() -> None:
    # pydantic looks for third-party plugins by reading the metadata of every installed package
    # the first time a validator is built (~15 ms of a run that reads a config or the rules);
    # authlint's own models have nothing for a plugin to observe. A value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    one_thread_from_start()  # see authlint.nlp.blas: parallelism is per process
    try:
        cli()
    finally:
        # At exit Python runs a full garbage collection over every object still alive: with
        # spaCy loaded that is a quarter of a second of a one-post check, spent after the
        # answer is printed. That collection skips frozen objects; exit proceeds as before.
        gc.freeze()
