"""Helpers every subcommand shares: exit codes and one-line errors."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def fail(message: str) -> NoReturn:
    """Print ``authlint: error: <message>`` on stderr and exit 2 (no traceback)."""
    click.echo(f"authlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def given(ctx: click.Context, param: str) -> bool:
    """Whether the user set option ``param`` (on the command line or through its environment
    variable), rather than leaving its default."""
    source = ctx.get_parameter_source(param)
    return source in (click.core.ParameterSource.COMMANDLINE, click.core.ParameterSource.ENVIRONMENT)
