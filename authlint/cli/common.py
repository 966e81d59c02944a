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
