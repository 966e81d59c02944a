"""The ``authlint`` command line: assembles the subcommands in :mod:`authlint.cli` (one module each, imported when it runs).

Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage, config or input errors.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from importlib import import_module

import click

from authlint.nlp.blas import one_thread_from_start

#: Subcommand -> "module:attribute". Each is imported only when it runs (or for --help), so a
#: pre-commit run of `check` never loads the code of `eval` or `rules`.
COMMANDS = {
    "batch": "authlint.cli.batch:batch",
    "check": "authlint.cli.check:check",
    "clean": "authlint.cli.clean:clean",
    "eval": "authlint.cli.eval:eval_command",
    "init": "authlint.cli.init:init",
    "lsp": "authlint.cli.lsp:lsp_command",
    "report": "authlint.cli.report:report",
    "rule": "authlint.cli.rules:rule_command",
    "rules": "authlint.cli.rules:rules_command",
    "serve": "authlint.cli.serve:serve",
    "train": "authlint.cli.train:train_command",
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


#: The exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130


class Interrupted(BaseException):
    """Ctrl-C, raised instead of KeyboardInterrupt: click turns that into "Aborted!" and exit 1
    (the findings code); this one passes through to :func:`main`, which says one line."""


def _interrupt(_signum: int, _frame: object) -> None:
    raise Interrupted


def main() -> None:
    # pydantic looks for third-party plugins by reading the metadata of every installed package
    # the first time a validator is built (~15 ms of a run that reads a config or the rules);
    # authlint's own models have nothing for a plugin to observe. A value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    one_thread_from_start()  # see authlint.nlp.blas: parallelism is per process
    signal.signal(signal.SIGINT, _interrupt)  # worker processes ignore it (authlint.engine.pool)
    try:
        cli()
    except Interrupted:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not print a traceback
        sys.stderr.write("authlint: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    finally:
        # At exit Python runs a full garbage collection over every object still alive: with
        # spaCy loaded that is a quarter of a second of a one-post check, spent after the
        # answer is printed. That collection skips frozen objects; exit proceeds as before.
        gc.freeze()
