"""``authlint clean``: remove the result cache that ``authlint check`` run here would use.

Results are cached per rule set, config, authlint version and model, so every upgrade or
config change starts a fresh namespace and the old ones stay until removed (like ``ruff clean``).
"""

from __future__ import annotations

from pathlib import Path

import click

from ..cachedir import cache_folder, clear
from ..config import Config, find_config, load_config
from ..errors import AuthlintError
from ..textio import human_size
from .common import fail


@click.command()
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config whose cache-dir to clean (default: discovered from the current folder).")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None, help="The cache folder, as given to check.")
def clean(config_path: str | None, cache_dir: str | None) -> None:
    """Remove the result cache that check uses here.

    Only a folder authlint marked as its cache (its CACHEDIR.TAG and README) is removed.
    """
    try:
        configured = None
        if cache_dir is None:
            config_file = Path(config_path) if config_path else find_config(Path.cwd())
            configured = (load_config(config_file) if config_file else Config()).cache_dir
        folder = cache_folder(configured, cache_dir)
        removed = clear(folder)
    except AuthlintError as exc:
        fail(str(exc))
    if removed is None:
        click.echo(f"authlint: no cache at {folder}")
    else:
        files, size = removed
        click.echo(f"authlint: removed {folder} ({files} files, {human_size(size)})")
