"""Stages 2 and 3 of ``authlint check``: lint the collected jobs, then fix and re-lint.

:func:`lint` runs each config's :class:`~authlint.Linter` once over all its posts
(``check_posts``) and finishes each report as the library does (:func:`authlint.engine.document.finish`:
per-file ignores, URLs restored, inline suppressions). :func:`apply_fixes` edits, re-lints and
repeats until stable; :func:`write_fixes` writes the results atomically.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from authlint.cache.store import cache_folder, project_root, refusal
from authlint.cli.check.collect import Job, prepare
from authlint.engine.document import finish
from authlint.engine.posts import Post
from authlint.engine.workspace import Overrides, Settings
from authlint.errors import AuthlintError

PROGRESS_MIN_POSTS = 20


def _progress(total: int) -> Iterator[None]:
    """Yields once per post; draws a counter on stderr only when it is a terminal."""
    show = total >= PROGRESS_MIN_POSTS and sys.stderr.isatty()
    for done in range(1, total + 1):
        if show and (done % 10 == 0 or done == total):
            sys.stderr.write(f"\rauthlint: checked {done}/{total} posts")
            sys.stderr.flush()
        yield
    if show:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()


def performance_options(n_jobs: int | None, no_cache: bool, cache_dir: str | None, root: Settings) -> dict[str, Any]:
    """Linter options for --jobs / --no-cache / --cache-dir (see authlint.engine.pool, authlint.cache.results).
    The cache sits at the project root, so runs from its subfolders share it."""
    from authlint.engine.pool import default_jobs

    folder = None if no_cache else cache_folder(root.config.cache_dir, cache_dir, project_root(root.config_file))
    if folder is not None and (why := refusal(folder)) is not None:
        import click

        click.echo(f"authlint: notice: {folder} is not used as the cache: {why}; nothing is cached", err=True)
        folder = None
    return {"jobs": n_jobs or default_jobs(), "cache_dir": folder}


def lint(jobs: Sequence[Job]) -> None:
    """Check every job that has prose; one ``check_posts`` call per config."""
    groups: dict[int, list[tuple[Job, Post]]] = {}
    for job in jobs:
        if job.source is None or job.settings is None:
            continue
        try:  # an unknown or invalid `author:` is this post's error, not the whole run's
            author = job.settings.linter.author_profile(job.author or job.source.author)  # row or front matter
        except AuthlintError as exc:
            job.result.error = str(exc)
            continue
        groups.setdefault(id(job.settings), []).append((job, Post(job.source.prose, job.result.platform, author)))
        job.result.thresholds = (job.settings.config.fail_on, job.settings.config.min_score)
    ticks = _progress(sum(len(g) for g in groups.values()))
    for group in groups.values():
        settings = group[0][0].settings
        assert settings is not None
        reports = settings.linter.check_posts(post for _, post in group)
        for (job, _), report in zip(group, reports):
            assert job.source is not None
            job.result.report = finish(
                report, job.source, settings.linter, settings.per_file_ignores(job.target), settings.unused_suppressions,
            )
            next(ticks, None)


def _relint(jobs: Sequence[Job], overrides: Overrides) -> None:
    for job in jobs:
        platform = job.result.platform
        prepare(job, job.result.text, job.source.kind if job.source else "text", overrides)
        job.result.platform = job.result.platform or platform
    lint(jobs)


def apply_fixes(jobs: Sequence[Job], unsafe: bool, overrides: Overrides) -> None:
    """Apply fixes to every job's text, re-linting until nothing changes (at most MAX_PASSES)."""
    from authlint.report.fix import MAX_PASSES, apply_edits, edits_for

    pending = [j for j in jobs if j.result.report is not None]
    for _ in range(MAX_PASSES):
        changed = []
        for job in pending:
            assert job.result.report is not None
            edits = edits_for(job.result.text, job.result.report.findings, unsafe)
            if edits:
                job.result.text = apply_edits(job.result.text, edits)
                job.result.fixed += len(edits)
                changed.append(job)
        if not changed:
            return
        _relint(changed, overrides)
        pending = changed


def fix_roots(paths: Sequence[str]) -> list[Path]:
    """The folders ``--fix`` may write in: each named folder, and the folder of each named file
    (with their own symlinks resolved, but not a named file's)."""
    from authlint.io.discovery import STDIN, absolute

    roots = []
    for given in paths:
        if given == STDIN:
            continue
        path = Path(given)
        roots.append(Path(os.path.realpath(path)) if path.is_dir() else absolute(path).parent)
    return roots


def write_fixes(jobs: Sequence[Job], roots: Sequence[Path] | None = None) -> None:
    """Write each fixed post back atomically; ``roots``: folders a fix may write in (see
    :func:`fix_roots`), so a symlink out of the checked folders is never written through."""
    from authlint.io.atomic import write_post

    for job in jobs:
        if not job.result.fixed or job.result.text == job.original:
            continue
        if job.post_text is None or job.post_text.path is None:
            continue  # stdin: the caller prints the fixed text
        try:
            job.post_text = write_post(job.post_text, job.result.text, within=roots)
        except AuthlintError as exc:
            job.result.error = str(exc).removeprefix(f"{job.result.path}: ")
            job.result.fixed = 0
