"""``authlint clean``: remove the result cache that ``authlint check`` run here would use.

Results are cached per rule set, config, authlint version and model, so every upgrade or
config change starts a fresh namespace and the old ones stay until removed (like ``ruff clean``).
"""

from __future__ import annotations

import click

from authlint.cache.store import cache_folder, clear, project_root
from authlint.cli.common import fail
from authlint.engine.workspace import Overrides, SettingsCache
from authlint.errors import AuthlintError
from authlint.io.textio import human_size


@click.command()
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config whose cache-dir to clean (default: discovered from the current folder).")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None, help="The cache folder, as given to check.")
def clean(config_path: str | None, cache_dir: str | None) -> None:
    """Remove the result cache that check uses here.

    Only a folder authlint marked as its cache (its CACHEDIR.TAG and README) is touched, and
    in it only the files authlint wrote: anything else, and the folder holding it, stays.
    """
    try:
        configured = project = None
        if cache_dir is None:  # the config `check` run here would read for its cache folder
            here = SettingsCache(Overrides(config_path=config_path)).for_path(None)
            configured, project = here.config.cache_dir, project_root(here.config_file)
        folder = cache_folder(configured, cache_dir, project)
        removed = clear(folder)
    except AuthlintError as exc:
        fail(str(exc))
    if removed is None:
        click.echo(f"authlint: no cache at {folder}")
    else:
        files, size = removed
        click.echo(f"authlint: removed {folder} ({files} files, {human_size(size)})")
