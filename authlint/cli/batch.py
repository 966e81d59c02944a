"""``authlint batch INPUT... --out OUTPUT``: lint tables of posts into a table of results.

The work is in :mod:`authlint.batch.runner`; this module parses options, discovers each
input's config as ``check`` does, prints progress on a terminal and the summary at the end.
Exit codes: 0 the output was written, 2 usage, config or input errors (nothing half-written).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from authlint.cli.common import fail, given
from authlint.engine.workspace import Overrides, SettingsCache
from authlint.errors import AuthlintError


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for v in values for part in v.split(",") if part.strip())


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "-o", "out", required=True,
              help="Output table (.parquet, .jsonl or .csv), or a folder for one file per partition.")
@click.option("--out-format", type=click.Choice(["parquet", "jsonl", "csv"]), default=None,
              help="Format of the partitions when --out is a folder.  [default: parquet]")
@click.option("--input-format", type=click.Choice(["auto", "jsonl", "csv", "parquet"]), default="auto", show_default=True,
              help="How to read INPUTs (auto: by suffix).")
@click.option("--text-field", default="text", show_default=True, help="The column holding the post.")
@click.option("--id-field", default="id", show_default=True, help="The column naming the post.")
@click.option("--encoding", default=None, help="Decode JSONL/CSV with this encoding (default: UTF-8).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file to use (no discovery).")
@click.option("--select", multiple=True, help="Only these rules (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules.")
@click.option("--platform", default=None, help="Where the posts will go (unless a row's platform column says).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes in-process, or workers of --scheduler local.  [default: number of cores]")
@click.option("--scheduler", default=None, help="Run on Dask: local, local:N (a local cluster) or tcp://HOST:PORT.")
@click.option("--partition-rows", type=click.IntRange(min=1), default=None, help="Rows per partition.  [default: 5000]")
@click.option("--resume", is_flag=True, help="Skip the partitions an earlier run already wrote to the --out folder.")
def batch(inputs: tuple[str, ...], **options: Any) -> None:
    """Lint the posts in table INPUTs (JSONL, CSV or Parquet) into the table --out:
    one row per post with its score, subscores, finding counts and findings."""
    from authlint.batch.runner import PARTITION_ROWS, BatchOptions, Input, input_format, run_batch, terminal_progress
    from authlint.engine.pool import default_jobs

    overrides = Overrides(
        config_path=options["config_path"], select=_split(options["select"]) if options["select"] else None,
        ignore=_split(options["ignore"]), platform=options["platform"],
    )
    opts = BatchOptions(
        text_field=options["text_field"], id_field=options["id_field"], encoding=options["encoding"],
        id_required=given(click.get_current_context(), "id_field"),
        partition_rows=options["partition_rows"] or PARTITION_ROWS, jobs=options["jobs"] or default_jobs(),
        scheduler=options["scheduler"], resume=options["resume"], out_format=options["out_format"],
    )
    show = sys.stderr.isatty()
    try:
        settings = SettingsCache(overrides)
        sources = [Input(p, input_format(p, options["input_format"]), settings.for_path(Path(p)).config) for p in inputs]
        summary = run_batch(sources, options["out"], opts, terminal_progress if show else None)
    except AuthlintError as exc:
        if show:
            sys.stderr.write("\n")
        fail(str(exc))
    if show:
        sys.stderr.write("\r\033[K")
    for line in summary.lines(options["out"]):
        click.echo(line)
    problem = summary.problem(options["out"])
    if problem is not None:
        fail(problem)
