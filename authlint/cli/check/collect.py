"""Stage 1 of ``authlint check``: turn PATHS into :class:`Job` s, one per post.

Each job has its text, its extracted prose (:mod:`authlint.io.source`), its settings (the config
discovered upward from the file, :mod:`authlint.engine.workspace`) and its platform; unreadable
inputs become per-post errors, never a crash.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from authlint.engine.workspace import Overrides, Settings, SettingsCache
from authlint.errors import AuthlintError, ConfigError, InputError
from authlint.formatters import PostResult
from authlint.io.bulk import BULK_SUFFIXES
from authlint.io.discovery import STDIN, discover_files
from authlint.io.source import Source, extract, kind_for
from authlint.io.textio import BinaryFileError, PostText, read_post, read_stream
from authlint.settings.platform_names import canonical_platform

if TYPE_CHECKING:
    from authlint.cli.check.indexed import IndexedResults


@dataclass
class Job:
    """One post on its way through the run."""

    result: PostResult
    settings: Settings | None = None
    source: Source | None = None
    post_text: PostText | None = None
    target: Path | None = None
    """The file the post belongs to, for config matching (also ``--stdin-filename``); None for
    stdin without a name, and for a job the file index answered (finished: nothing to match)."""
    original: str = ""
    """The text as read, before any fix."""
    author: str | None = None
    """A bulk row's ``author`` column (files use their front matter)."""
    date: str | None = None
    """A bulk row's ``date`` column (``authlint report``; files use their front matter)."""
    stat: os.stat_result | None = None
    """The file's stat before it was read, when the run keeps a file index (see :mod:`.indexed`)."""


@dataclass(frozen=True)
class InputOptions:
    input_format: str = "auto"
    text_field: str = "text"
    id_field: str = "id"
    stdin_filename: str | None = None
    encoding: str | None = None
    id_required: bool = False
    """``--id-field`` was given: an export without that column is an error, not numbered rows."""


def _platform_for(job: Job, overrides: Overrides, front: str | None, row: str | None) -> str | None:
    """``--platform`` > the row's or front matter's ``platform`` > config."""
    name = overrides.platform or row or front
    if name:
        return canonical_platform(name)
    assert job.settings is not None
    configured = job.settings.config.platform
    return canonical_platform(configured) if configured else None


def prepare(job: Job, text: str, kind: str, overrides: Overrides, row_platform: str | None = None) -> None:
    job.result.text = text
    try:
        source = extract(text, kind if kind in ("markdown", "mdx") else "text")
        job.result.platform = _platform_for(job, overrides, source.platform, row_platform)
    except AuthlintError as exc:
        job.result.error = str(exc)
        return
    job.source = source


def _kind(name: str | None, opts: InputOptions) -> str:
    if opts.input_format in ("markdown", "text"):
        return opts.input_format
    return kind_for(name)


def bulk_format(name: str | None, opts: InputOptions, explicit: bool) -> str | None:
    """The export format of input ``name`` (``explicit``: named, not found in a folder), or None."""
    if opts.input_format in BULK_FORMATS:
        return opts.input_format
    if opts.input_format == "auto" and explicit and name:
        return BULK_SUFFIXES.get(Path(name).suffix.lower())
    return None


BULK_FORMATS = ("jsonl", "csv", "parquet")


def _bulk_jobs(
    name: str, display: str, fmt: str, opts: InputOptions, job_settings: Settings, target: Path | None,
    overrides: Overrides,
) -> Iterator[Job]:
    """One job per row of a bulk export, streamed (the per-post size limit applies per row)."""
    from authlint.io.tables import iter_rows

    try:
        if name == STDIN and sys.stdin is None:
            raise InputError(f"{display}: cannot read: stdin is closed")
        source = getattr(sys.stdin, "buffer", sys.stdin) if name == STDIN else name
        for row in iter_rows(source, fmt, opts.text_field, opts.id_field, name=display, encoding=opts.encoding,
                             id_required=opts.id_required):  # type: ignore[arg-type]
            job = Job(PostResult(display, id=row.id, error=row.error), job_settings, target=target,
                      author=row.author, date=row.date)
            if row.error is None:
                job.original = row.text
                prepare(job, row.text, "text", overrides, row.platform)
            yield job
    except InputError as exc:
        yield Job(PostResult(display, error=str(exc).removeprefix(f"{display}: ")), job_settings, target=target)


def collect(
    paths: Sequence[str], opts: InputOptions, settings: SettingsCache, index: IndexedResults | None = None,
) -> list[Job]:
    """Every post of :func:`iter_jobs`, as a list."""
    return list(iter_jobs(paths, opts, settings, index))


def iter_jobs(
    paths: Sequence[str], opts: InputOptions, settings: SettingsCache, index: IndexedResults | None = None,
) -> Iterator[Job]:
    """Every post to check, in output order, read as it is asked for; reading problems become
    per-post errors. With an ``index``, unchanged files come back finished (no ``source``:
    nothing left to lint)."""
    given = set(paths)

    def excluded(path: str) -> bool:
        try:
            return settings.for_path(path).excludes(path)
        except ConfigError:
            if os.path.isdir(path):  # a broken config above a folder with its own config: walk on
                return False
            raise  # a post the broken config governs: the run's one error

    def notice(message: str) -> None:
        import click

        click.echo(f"authlint: {message}", err=True)

    for name, found_stat in discover_files(paths, excluded, notice=notice):
        is_stdin = name == STDIN
        display = (opts.stdin_filename or "<stdin>") if is_stdin else name
        if is_stdin:
            target = Path(opts.stdin_filename) if opts.stdin_filename else None
            job_settings = settings.for_path(target)  # None: the working folder's
        else:
            job_settings = settings.for_path(name)
        bulk = bulk_format(opts.stdin_filename if is_stdin else name, opts, is_stdin or name in given)
        if bulk:
            yield from _bulk_jobs(name, display, bulk, opts, job_settings, target if is_stdin else Path(name),
                                  settings.overrides)
            continue
        stat = None
        if index is not None and not is_stdin:
            hit, stat = index.lookup(name, display, job_settings, found_stat)
            if hit is not None:
                yield hit
                continue
        if not is_stdin:
            target = Path(name)  # after the index: an unchanged file needs no Path
        try:
            if is_stdin:
                if sys.stdin is None:
                    raise InputError(f"{display}: cannot read: stdin is closed")
                post = read_stream(getattr(sys.stdin, "buffer", sys.stdin), display, encoding=opts.encoding)
            else:
                post = read_post(name, encoding=opts.encoding)
        except BinaryFileError as exc:
            yield Job(PostResult(display, skipped=str(exc).removeprefix(f"{display}: ")), job_settings, target=target)
            continue
        except InputError as exc:
            yield Job(PostResult(display, error=str(exc).removeprefix(f"{display}: ")), job_settings, target=target)
            continue
        job = Job(PostResult(display), job_settings, post_text=post, target=target, original=post.text, stat=stat)
        prepare(job, post.text, _kind(opts.stdin_filename if is_stdin else name, opts), settings.overrides)
        yield job
