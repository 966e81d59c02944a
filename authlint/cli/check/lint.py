"""Stages 2 and 3 of ``authlint check``: lint the collected jobs, then fix and re-lint.

:func:`lint` runs each config's :class:`~authlint.Linter` once over all its posts
(``check_posts``) and finishes each report as the library does (:func:`authlint.engine.document.finish`:
per-file ignores, URLs restored, inline suppressions). :func:`apply_fixes` edits, re-lints and
repeats until stable; :func:`write_fixes` writes the results atomically.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from authlint.cache.store import cache_folder, project_root, refusal
from authlint.cli.check.collect import Job, prepare
from authlint.engine.document import finish
from authlint.engine.posts import Post
from authlint.engine.workspace import Overrides, Settings
from authlint.errors import AuthlintError

if TYPE_CHECKING:
    from authlint.report.results import Report

PROGRESS_MIN_POSTS = 20


class _Progress:
    """A counter of checked posts on stderr, drawn only when stderr is a terminal."""

    def __init__(self) -> None:
        self.done = 0
        self.show = sys.stderr.isatty()

    def tick(self) -> None:
        self.done += 1
        if self.show and self.done >= PROGRESS_MIN_POSTS and self.done % 10 == 0:
            sys.stderr.write(f"\rauthlint: checked {self.done} posts")
            sys.stderr.flush()

    def close(self) -> None:
        if self.show and self.done >= PROGRESS_MIN_POSTS:
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
    """Check every job that has prose, in place."""
    for _ in lint_stream(jobs):
        pass


def lint_stream(jobs: Iterable[Job]) -> Iterator[Job]:
    """Each job, checked, in input order, as soon as its report is ready: one ``check_posts``
    stream per run of consecutive jobs under the same config, so the Linter's cache, gate and
    worker pool see a long stream while memory holds only what is in flight."""
    progress = _Progress()
    try:
        for _, group in itertools.groupby(jobs, key=lambda job: id(job.settings)):
            yield from _lint_group(group, progress)
    finally:
        progress.close()


def _lint_group(group: Iterable[Job], progress: _Progress) -> Iterator[Job]:
    """The jobs of one config, in order, each finished. A job with nothing to check (an error,
    a skip, an unchanged file answered from the file index) that comes while no post is in
    flight goes straight out: a re-run of 10,000 unchanged files holds one job at a time, not
    all of them waiting for a Linter that is never needed."""
    jobs = iter(group)
    pending: deque[tuple[Job, Post | None]] = deque()  # taken from ``jobs``, not yet given back
    staged: deque[Post] = deque()  # a post taken while nothing was in flight, for the Linter

    def feed() -> Iterator[Post]:
        while True:
            if staged:
                yield staged.popleft()
                continue
            job = next(jobs, None)
            if job is None:
                return
            post = _post_of(job)
            pending.append((job, post))
            if post is not None:
                yield post

    reports: Iterator[Report] | None = None
    while True:
        if not pending:
            job = next(jobs, None)
            if job is None:
                break
            post = _post_of(job)
            if post is None:
                yield job
                continue
            pending.append((job, post))
            staged.append(post)
        job, post = pending.popleft()
        if post is not None:
            if reports is None:  # the first post decides which Linter (and whether one is needed)
                assert job.settings is not None
                reports = job.settings.linter.check_posts(feed())
            _finish(job, next(reports))  # reports come in post order: this is ``job``'s
            progress.tick()
        yield job
    if reports is not None:
        next(reports, None)  # let the stream end on its own (its cache writes, its workers)


def _post_of(job: Job) -> Post | None:
    """The post to check for ``job``, or None: nothing to check (an error, a skip, an index hit)
    or an unknown or invalid ``author:`` (this post's error, not the whole run's)."""
    if job.source is None or job.settings is None:
        return None
    try:
        author = job.settings.linter.author_profile(job.author or job.source.author)  # row or front matter
    except AuthlintError as exc:
        job.result.error = str(exc)
        return None
    job.result.thresholds = (job.settings.config.fail_on, job.settings.config.min_score)
    return Post(job.source.prose, job.result.platform, author)


def _finish(job: Job, report: Report) -> None:
    settings = job.settings
    assert job.source is not None and settings is not None
    job.result.report = finish(
        report, job.source, settings.linter, settings.per_file_ignores(job.target), settings.unused_suppressions,
    )


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
