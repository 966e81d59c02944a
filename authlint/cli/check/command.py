"""``authlint check``: lint posts (files, folders, stdin or bulk exports) and report findings and scores.

The command runs in stages, each in its own module so options can be added without touching
the others:

1. :mod:`~authlint.cli.check.collect` turns PATHS into jobs (one per post);
2. :mod:`~authlint.cli.check.lint` lints them, one Linter per config, and applies fixes;
3. a formatter renders the :class:`~authlint.formatters.RunResult`; the exit code is decided
   here, never there.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import click

from authlint._version import __version__
from authlint.cache.settings import ConfigCache
from authlint.cli.check.collect import InputOptions, Job, bulk_format, collect, iter_jobs
from authlint.cli.check.lint import apply_fixes, fix_roots, lint, lint_stream, performance_options, write_fixes
from authlint.cli.common import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, fail, given
from authlint.engine.workspace import Overrides, Settings, SettingsCache
from authlint.errors import AuthlintError, ConfigError
from authlint.formatters import FORMATTERS, RunResult, stream_for
from authlint.io.discovery import STDIN
from authlint.settings.config import Config
from authlint.settings.platform_names import canonical_platform
from authlint.severity import Severity


def _split(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(part.strip() for v in values for part in v.split(",") if part.strip())


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "--output-format", "fmt", type=click.Choice(sorted(FORMATTERS)), default="text",
              show_default=True, help="Output format.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file to use (no discovery).")
@click.option("--select", multiple=True, help="Only these rules (codes, names, categories or prefixes; comma-separated).")
@click.option("--extend-select", multiple=True, help="Add rules to the selection.")
@click.option("--ignore", multiple=True, help="Skip these rules.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra folder of YAML rules (repeatable).")
@click.option("--platform", default=None, help="Where the posts will go: x, bluesky, mastodon, threads, linkedin, instagram, facebook.")
@click.option("--fail-on", type=click.Choice([*(s.value for s in Severity), "never"]), default=None,
              help="Lowest severity that fails the run [default: warning].")
@click.option("--min-score", type=click.FloatRange(0, 100), default=None, help="Fail when a post scores below this.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings (errors still exit 2).")
@click.option("--show-settings", is_flag=True,
              help="Print the config file, profile, platform and rules that apply to each PATH, and exit.")
@click.option("--quiet", "-q", is_flag=True, help="List only posts with something to act on; hide connection (+ good) findings.")
@click.option("--min-severity", type=click.Choice([s.value for s in Severity]), default=None,
              help="Show only findings at or above this severity (the exit code still counts every finding).")
@click.option("--statistics", is_flag=True, help="Show counts per rule instead of each finding.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes too.")
@click.option("--diff", is_flag=True, help="Print the fixes as a diff instead of writing them.")
@click.option("--stdin-filename", default=None, help="Name for stdin: used for config discovery, per-file-ignores and Markdown detection.")
@click.option("--input-format", type=click.Choice(["auto", "markdown", "text", "jsonl", "csv", "parquet"]), default="auto",
              show_default=True, help="How to read inputs; jsonl/csv/parquet: one post per row of an export.")
@click.option("--text-field", default="text", show_default=True, help="Bulk input: the field holding the post.")
@click.option("--id-field", default="id", show_default=True, help="Bulk input: the field naming the post.")
@click.option("--encoding", default=None, help="Decode files with this encoding (default: BOM, else UTF-8).")
@click.option("--jobs", "-j", "n_jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for large inputs (256+ posts).  [default: number of cores]")
@click.option("--no-cache", is_flag=True, help="Check every post again; do not read or write the result cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Where results of unchanged posts are kept (default: cache-dir in config, else .authlint_cache).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text output (auto: when stdout is a terminal and NO_COLOR is unset).")
def check(paths: tuple[str, ...], **options: Any) -> None:
    """Check posts in PATHS: files, folders (recursive) or - for stdin. Default: the current folder.

    Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it (or a post below
    --min-score), 2 usage, config or input errors.
    """
    opts = CheckOptions(**options, id_required=given(click.get_current_context(), "id_field"))
    overrides = opts.overrides()
    if opts.show_settings:
        _show_settings(paths or (".",), overrides)
    if opts.fix or opts.diff:
        exports = [p for p in paths if bulk_format(opts.stdin_filename if p == STDIN else p, opts.inputs(), True)]
        if exports:
            fail(f"{exports[0]}: bulk exports (JSONL, CSV, Parquet) are not fixed; "
                 "--fix and --diff rewrite post files only (run without them to check the rows)")
    _refuse_combinations(opts)
    paths = paths or (".",)
    try:
        settings, root = _settings(paths, opts, overrides)
        if not (opts.fix or opts.diff):
            _check_streamed(paths, opts, settings, root)  # exits
        jobs = _fix_paths(paths, opts, overrides, settings)
    except AuthlintError as exc:
        fail(str(exc))
    run = _run_result(opts, root)
    for job in jobs:
        _count(run, job, opts)
    if opts.diff:
        _print_diff(jobs, run, opts.exit_zero)
    _print_run(jobs, run, opts)
    _exit(run, opts)


def _run_result(opts: CheckOptions, root: Settings) -> RunResult:
    """An empty run with the thresholds and display options of this command line."""
    return RunResult(
        fail_on=None if opts.fail_on == "never" else root.config.fail_on,
        min_score=root.config.min_score, statistics=opts.statistics, tool_version=__version__,
        quiet=opts.quiet, min_severity=Severity(opts.min_severity) if opts.min_severity else None,
    )


def _count(run: RunResult, job: Job, opts: CheckOptions, *, keep: bool = True) -> None:
    if opts.fail_on == "never":
        job.result.thresholds = (None, job.result.thresholds[1] if job.result.thresholds else None)
    run.add(job.result, keep=keep)


def _exit(run: RunResult, opts: CheckOptions) -> NoReturn:
    if run.errors or run.incomplete:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if run.any_failing and not opts.exit_zero else EXIT_CLEAN)


@dataclass(frozen=True)
class CheckOptions:
    """The command's options, as click parsed them (see the decorators above)."""

    fmt: str
    config_path: str | None
    select: tuple[str, ...]
    extend_select: tuple[str, ...]
    ignore: tuple[str, ...]
    rule_dirs: tuple[str, ...]
    platform: str | None
    fail_on: str | None
    min_score: float | None
    exit_zero: bool
    statistics: bool
    fix: bool
    unsafe_fixes: bool
    diff: bool
    stdin_filename: str | None
    input_format: str
    text_field: str
    id_field: str
    encoding: str | None
    color: str
    n_jobs: int | None = None
    show_settings: bool = False
    quiet: bool = False
    min_severity: str | None = None
    no_cache: bool = False
    cache_dir: str | None = None
    id_required: bool = False
    """``--id-field`` was given on the command line (or in its environment variable)."""

    def overrides(self) -> Overrides:
        return Overrides(
            config_path=self.config_path, select=_split(self.select) if self.select else None,
            extend_select=_split(self.extend_select), ignore=_split(self.ignore), rules=self.rule_dirs,
            platform=self.platform, fail_on=self.fail_on, min_score=self.min_score,
        )

    def inputs(self) -> InputOptions:
        return InputOptions(self.input_format, self.text_field, self.id_field, self.stdin_filename, self.encoding,
                            self.id_required)


def _settings(paths: tuple[str, ...], opts: CheckOptions, overrides: Overrides) -> tuple[SettingsCache, Settings]:
    """The run's settings per path, and the settings of its root (the working folder's, or
    ``--stdin-filename``'s), with the Linter options the command line asks for."""
    if opts.platform:
        canonical_platform(opts.platform)
    configs = None if opts.no_cache else ConfigCache(opts.cache_dir)
    settings = SettingsCache(overrides, linter_options={}, configs=configs)  # e.g. jobs=, cache_dir= for the Linter
    try:
        root = settings.for_path(Path(opts.stdin_filename) if opts.stdin_filename else None)
    except ConfigError:
        if opts.stdin_filename or STDIN in paths or not paths:
            raise
        # A broken config here must not block posts below that have their own valid config; a
        # post this config governs still fails the run (once, while the posts are collected).
        root = Settings(config=overrides.apply(Config()), base=Path.cwd())
    settings.linter_options.update(performance_options(opts.n_jobs, opts.no_cache, opts.cache_dir, root))
    # Only the JSON format shows each post's claims; the others need not parse for them.
    settings.linter_options["claims"] = opts.fmt == "json"
    return settings, root


def checked_jobs(paths: tuple[str, ...], opts: CheckOptions) -> list[Job]:
    """Every post of ``paths`` collected and checked exactly as ``authlint check`` does, kept in
    memory (for commands that need the whole run, such as ``authlint report``)."""
    return _checked(paths, opts, _settings(paths, opts, opts.overrides())[0])


def _checked(paths: tuple[str, ...], opts: CheckOptions, settings: SettingsCache) -> list[Job]:
    jobs = collect(paths, opts.inputs(), settings)
    if not jobs:
        _no_posts(paths)
    lint(jobs)
    return jobs


def _no_posts(paths: tuple[str, ...]) -> None:
    folders = [p for p in paths if p != STDIN and Path(p).is_dir()]
    if folders:  # named files that were all excluded are fine (pre-commit passes those)
        fail(f"{' '.join(folders)}: no posts found (looked for *.md, *.markdown, *.mdx, *.txt)")


def _check_streamed(paths: tuple[str, ...], opts: CheckOptions, settings: SettingsCache, root: Settings) -> NoReturn:
    """Check and print post by post: each post is written as soon as it is checked and then
    dropped, so memory does not grow with the number of posts (SARIF and rdjson, which index
    across posts, keep each post's report until the end). Unchanged files come from the file
    index (:mod:`authlint.cli.check.indexed`)."""
    index = None
    cache_dir = settings.linter_options["cache_dir"]
    if cache_dir is not None:
        from authlint.cli.check.indexed import IndexedResults

        index = IndexedResults(cache_dir, settings.overrides, opts.inputs(), claims=settings.linter_options["claims"],
                               quotes_text=opts.fmt in QUOTING_FORMATS)
    run = _run_result(opts, root)
    colored = _use_color(opts.color)
    stream = stream_for(opts.fmt, run, colored)
    jobs = lint_stream(iter_jobs(paths, opts.inputs(), settings, index))
    first = next(jobs, None)
    if first is None:
        _no_posts(paths)
    _write(stream.opening() if stream else [], colored)
    for job in itertools.chain([first] if first is not None else [], jobs):
        _count(run, job, opts, keep=stream is None)
        if stream is not None:
            _write(stream.post(job.result), colored)
        if index is not None:
            index.remember([job])
    if index is not None:
        index.save()
    if stream is not None:
        _write(stream.closing(), colored)
    else:
        _write([whole] if (whole := FORMATTERS[opts.fmt](run, colored)) else [], colored)
    _exit(run, opts)


def _write(lines: list[str], colored: bool) -> None:
    if lines:
        click.echo("\n".join(lines), color=colored)


def _fix_paths(paths: tuple[str, ...], opts: CheckOptions, overrides: Overrides, settings: SettingsCache) -> list[Job]:
    """Collect, lint and fix (``--fix``) or diff (``--diff``) every post, all in memory: fixes
    re-lint until stable, and a diff is printed whole."""
    jobs = _checked(paths, opts, settings)
    apply_fixes(jobs, opts.unsafe_fixes, overrides)
    if opts.fix and not opts.diff:
        write_fixes(jobs, fix_roots(paths))
    return jobs


def _show_settings(paths: tuple[str, ...], overrides: Overrides) -> NoReturn:
    from authlint.cli.check.show_settings import describe

    settings = SettingsCache(overrides)
    blocks = []
    try:
        for path in paths:
            if path == STDIN or Path(path).is_dir():
                fail(f"{path}: --show-settings needs a post file")
            blocks.append("\n".join(describe(path, settings)))
    except AuthlintError as exc:
        fail(str(exc))
    click.echo("\n\n".join(blocks))
    sys.exit(EXIT_CLEAN)


#: Formats that quote each finding's post (the others need only its report).
QUOTING_FORMATS = ("text", "rdjson")

#: Formats that can show --statistics (the machine formats always carry every finding).
STATISTICS_FORMATS = ("text", "concise")


def _refuse_combinations(opts: CheckOptions) -> None:
    """Flags that cannot combine are a usage error (exit 2, one line), not one silently ignored."""
    if opts.diff and opts.statistics:
        fail("--diff and --statistics cannot be combined (--diff prints only the patch)")
    if opts.diff and opts.fmt != "text":
        fail(f"--diff prints a patch; it cannot be combined with --format {opts.fmt}")
    if opts.statistics and opts.fmt not in STATISTICS_FORMATS:
        fail(f"--statistics is a summary for people; it cannot be combined with --format {opts.fmt}")


def _print_diff(jobs: list[Job], run: RunResult, exit_zero: bool) -> NoReturn:
    from authlint.formatters.text import problem_lines
    from authlint.report.fix import unified_diff

    patches = "".join(unified_diff(j.result.label, j.original, j.result.text) for j in jobs if j.result.text != j.original)
    click.echo(patches, nl=False)
    for line in problem_lines(run):  # on stderr: stdout stays a patch `git apply` takes
        click.echo(f"authlint: {line}", err=True)
    sys.exit(EXIT_ERROR if run.errors else EXIT_FINDINGS if patches and not exit_zero else EXIT_CLEAN)


def _print_run(jobs: list[Job], run: RunResult, opts: CheckOptions) -> None:
    colored = _use_color(opts.color)
    output = FORMATTERS[opts.fmt](run, colored)
    stdin_fixed = [j for j in jobs if opts.fix and j.post_text is not None and j.post_text.path is None]
    if stdin_fixed:  # in the encoding it came in (UTF-16 with its BOM stays UTF-16 with its BOM)
        from authlint.io.textio import encode

        post = stdin_fixed[0]
        assert post.post_text is not None
        try:
            data = encode(post.result.text, post.post_text.format)
        except UnicodeEncodeError:
            data = post.result.text.encode("utf-8")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        click.echo(output, err=True, color=colored)
    elif output:
        click.echo(output, color=colored)
