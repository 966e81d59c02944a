"""``authlint report PATH... --out report.html``: one self-contained HTML page about many posts.

It takes exactly the inputs and config of ``authlint check`` (its options are check's own
click parameters, so they cannot drift), checks the posts the same way (check's ``checked_jobs``:
collect and lint), dates them (front matter ``date:``, a ``date`` column, else the last git commit of
the file: :mod:`authlint.web.dates`) and writes :mod:`authlint.web.report`'s page atomically.
Exit codes: 0 when the report was written, 2 on usage, config or input errors (posts that
could not be read are listed in the report and make the exit code 2, as with ``check``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from authlint.cli.check.collect import Job
from authlint.cli.check.command import CheckOptions, checked_jobs
from authlint.cli.check.command import check as check_command
from authlint.cli.common import EXIT_CLEAN, EXIT_ERROR, fail, given
from authlint.errors import AuthlintError

#: check's options that mean the same for a report (output, fixing and exit-code options do not apply).
SHARED_OPTIONS = (
    "paths", "config_path", "select", "extend_select", "ignore", "rule_dirs", "platform", "stdin_filename",
    "input_format", "text_field", "id_field", "encoding", "n_jobs", "no_cache", "cache_dir",
)


def _author_name(job: Job) -> str | None:
    """Who wrote the post, as the report shows it: the profile's name, else its key or first handle.
    The profile is the one ``check`` used: the row's or front matter's ``author``, else the config's."""
    ref = job.author if job.author is not None else (job.source.author if job.source is not None else None)
    profile = None
    if job.settings is not None and job.result.report is not None:
        try:
            profile = job.settings.linter.author_profile(ref)
        except AuthlintError:
            profile = None
    if profile is not None and profile.name:
        return profile.name
    if isinstance(ref, str) and ref.strip():
        return ref.strip()
    return profile.handles[0] if profile is not None and profile.handles else None


def report_posts(jobs: Sequence[Job]) -> list[Any]:
    """The report's view of each checked job, dated where a date can be found."""
    from authlint.web.dates import commit_dates, parse_date
    from authlint.web.report import ReportPost

    dated: dict[int, tuple[Any, str]] = {}
    undated_files = []
    for i, job in enumerate(jobs):
        front = job.source.front_matter.get("date") if job.source is not None else None
        when = parse_date(job.date) if job.date is not None else parse_date(front)
        if when is not None:
            dated[i] = (when, "column" if job.date is not None else "front matter")
        elif job.target is not None and job.result.id is None:  # a file (rows of an export are not dated by git)
            undated_files.append(str(job.target))
    from_git = commit_dates(undated_files) if undated_files else {}
    posts = []
    for i, job in enumerate(jobs):
        result = job.result
        when, source = dated.get(i, (None, None))
        if when is None and job.target is not None and str(job.target) in from_git:
            when, source = from_git[str(job.target)], "git"
        posts.append(ReportPost(
            label=result.label, score=result.report.score if result.report else None,
            findings=[f.to_dict() for f in result.report.findings] if result.report else [],
            text=result.text, platform=result.platform, author=_author_name(job), date=when, date_source=source,
            error=result.error, skipped=result.skipped,
        ))
    return posts


def _report(paths: tuple[str, ...], out: str, title: str | None, **shared: Any) -> None:
    """Check posts in PATHS (as `authlint check` would) and write an HTML report to --out."""
    from authlint.io.atomic import write_atomic
    from authlint.web.report import render

    # check's own options, with everything about output, fixing and exit codes switched off.
    ctx = click.get_current_context(silent=True)
    id_required = ctx is not None and "id_field" in ctx.params and given(ctx, "id_field")
    opts = CheckOptions(fmt="text", fail_on=None, min_score=None, exit_zero=True, statistics=False, fix=False,
                        unsafe_fixes=False, diff=False, color="never", id_required=id_required, **shared)
    try:
        jobs = checked_jobs(paths or (".",), opts)
        posts = report_posts(jobs)
        html = render(posts, title=title or f"authlint report: {', '.join(paths or ('.',))}")
        write_atomic(out, html.encode("utf-8"))
    except AuthlintError as exc:
        fail(str(exc))
    checked = sum(1 for p in posts if p.score is not None)
    errors = [p for p in posts if p.error]
    click.echo(f"authlint: wrote {out} ({checked} posts checked" + (f", {len(errors)} could not be checked" if errors else "") + ")", err=True)
    sys.exit(EXIT_ERROR if errors else EXIT_CLEAN)


report = click.Command(
    name="report",
    callback=_report,
    params=[
        *(p for p in check_command.params if p.name in SHARED_OPTIONS),
        click.Option(["--out", "-o"], type=click.Path(dir_okay=False), default="authlint-report.html", show_default=True,
                     help="The HTML file to write (replaced atomically)."),
        click.Option(["--title"], default=None, help="The report's title (default: the paths checked)."),
    ],
    help=_report.__doc__,
    context_settings={"help_option_names": ["-h", "--help"]},
)
