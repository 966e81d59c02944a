"""``authlint check``: lint posts (files, folders, stdin or bulk exports) and report findings and scores.

The command runs in stages so options can be added without touching the others:

1. :func:`collect` turns PATHS into :class:`Job` s (one per post), each with its text, its
   extracted prose (:mod:`authlint.io.source`), its config (discovered upward from the file) and
   its platform; unreadable inputs become per-post errors, never a crash.
2. :func:`lint` runs each config's :class:`~authlint.Linter` once over all its posts
   (``check_many``), then applies per-file ignores and inline suppressions and re-scores.
3. :func:`apply_fixes` (``--fix``/``--diff``) edits, re-lints and repeats until stable.
4. A formatter renders the :class:`RunResult`; the exit code is decided here, never there.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from authlint._version import __version__
from authlint.cache.store import cache_folder
from authlint.settings.config import Config, find_config, load_config
from authlint.cache.settings import ConfigCache
from authlint.io.discovery import STDIN, IgnoreRules, absolute, compile_patterns, discover
from authlint.errors import AuthlintError, ConfigError, InputError
from authlint.formatters import FORMATTERS, PostResult, RunResult
from authlint.settings.platform_names import canonical_platform
from authlint.report.results import Finding, Report
from authlint.severity import Severity
from authlint.io.source import Source, extract, kind_for
from authlint.engine.suppress import apply as apply_suppressions
from authlint.engine.suppress import parse as parse_suppressions
from authlint.engine.suppress import matches as selector_matches_finding
from authlint.engine.suppress import unused_suppression_rule
from authlint.io.textio import BinaryFileError, PostText, read_post, read_stream
from authlint.cli.common import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, fail

if TYPE_CHECKING:
    from authlint.engine.linter import Linter

BULK_SUFFIXES = {".jsonl": "jsonl", ".csv": "csv"}
PROGRESS_MIN_POSTS = 20


# --- settings -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overrides:
    """Settings given on the command line; they win over every config file."""

    config_path: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    platform: str | None = None
    fail_on: str | None = None
    min_score: float | None = None

    def apply(self, config: Config) -> Config:
        update: dict[str, Any] = {}
        if self.select is not None:
            update["select"] = list(self.select)
        if self.extend_select:
            update["extend_select"] = [*config.extend_select, *self.extend_select]
        if self.ignore:
            update["ignore"] = [*config.ignore, *self.ignore]
        if self.rules:
            update["rules"] = [*config.rules, *map(Path, self.rules)]
        if self.platform:
            update["platform"] = self.platform
        if self.fail_on and self.fail_on != "never":
            update["fail_on"] = Severity(self.fail_on)
        if self.min_score is not None:
            update["min_score"] = self.min_score
        return config.replace(**update) if update else config


@dataclass
class Settings:
    """The effective config for a set of posts, and the Linter built from it (once)."""

    config: Config
    base: Path
    """The folder the config's globs are relative to."""
    unused_suppressions: Severity | None
    """Severity of SUP100, or ``None`` when it is not selected."""
    linter_options: dict[str, Any] = field(default_factory=dict)
    """Keyword options for :class:`Linter` that are not settings (e.g. ``jobs``, ``cache_dir``)."""
    _linter: Linter | None = None

    @property
    def linter(self) -> Linter:
        if self._linter is None:
            from authlint.engine.linter import Linter  # the engine loads only when a post is not cached

            self._linter = Linter(_without_meta(self.config), **self.linter_options)
        return self._linter

    @cached_property
    def _exclude(self) -> IgnoreRules | None:
        return IgnoreRules(self.base.resolve(), compile_patterns(self.config.exclude)) if self.config.exclude else None

    def excludes(self, path: Path) -> bool:
        return self._exclude is not None and self._exclude.excludes(absolute(path))

    def per_file_ignores(self, path: Path | None) -> list[str]:
        if path is None or not self.config.per_file_ignores:
            return []
        out: list[str] = []
        target = absolute(path)
        for glob, selectors in self.config.per_file_ignores.items():
            if IgnoreRules(self.base.resolve(), compile_patterns([glob])).excludes(target):
                out += selectors
        return out


def _meta_selector(selector: str) -> bool:
    rule = unused_suppression_rule()
    s = selector.strip()
    return s in ("ALL", rule.code, rule.name, rule.category) or (s.isupper() and rule.code.startswith(s))


def _exclusively_meta(selector: str) -> bool:
    rule = unused_suppression_rule()
    return selector.strip() in (rule.code, rule.name, rule.category, rule.code[:3])


def _without_meta(config: Config) -> Config:
    """The config the rule engine sees: selectors that only name SUP100 are the CLI's business."""
    update: dict[str, Any] = {
        "extend_select": [s for s in config.extend_select if not _exclusively_meta(s)],
        "ignore": [s for s in config.ignore if not _exclusively_meta(s)],
        "severity": {k: v for k, v in config.severity.items() if not _exclusively_meta(k)},
    }
    if config.select is not None:
        update["select"] = [s for s in config.select if not _exclusively_meta(s)]
    return config.replace(**update)


def _meta_severity(config: Config) -> Severity | None:
    rule = unused_suppression_rule()
    on = config.select is None or any(_meta_selector(s) for s in config.select)
    on = (on or any(_meta_selector(s) for s in config.extend_select)) and not any(_meta_selector(s) for s in config.ignore)
    if not on:
        return None
    severity = rule.severity
    for selector, override in config.severity.items():
        if _meta_selector(selector):
            severity = override
    return severity


class SettingsCache:
    """One :class:`Settings` per config file, so each Linter (and spaCy) is built once per run."""

    def __init__(
        self, overrides: Overrides, linter_options: dict[str, Any] | None = None, configs: ConfigCache | None = None,
    ) -> None:
        """``configs``: where validated config files are kept between runs (None: validate each)."""
        self.overrides = overrides
        self.linter_options = dict(linter_options or {})
        self._configs = configs
        self._by_key: dict[str, Settings] = {}
        self._found: dict[Path, Path | None] = {}
        self._keys: dict[Path, str] = {}
        self._by_parent: dict[str, Settings] = {}  # a post's folder as named -> its settings

    def for_path(self, target: Path | None) -> Settings:
        """The settings of the config that governs ``target`` (None: the working folder)."""
        if target is None or self.overrides.config_path:
            return self._for_path(target)
        parent = os.path.dirname(str(target))  # posts share folders: one lookup per folder
        found = self._by_parent.get(parent)
        if found is None:
            found = self._by_parent[parent] = self._for_path(target)
        return found

    def _for_path(self, target: Path | None) -> Settings:
        if self.overrides.config_path:
            config_file: Path | None = Path(self.overrides.config_path)
        else:
            folder = Path.cwd().resolve() if target is None else absolute(target).parent
            if folder not in self._found:
                self._found[folder] = find_config(folder)
            config_file = self._found[folder]
        if config_file is not None and config_file not in self._keys:
            self._keys[config_file] = str(config_file.resolve())
        key = self._keys[config_file] if config_file is not None else ""
        if key not in self._by_key:
            if config_file is None:
                base_config = Config()
            else:
                base_config = self._configs.load(config_file) if self._configs else load_config(config_file)
            config = self.overrides.apply(base_config)
            if config.platform:
                try:
                    canonical_platform(config.platform)
                except ConfigError as exc:
                    raise ConfigError(f"{config_file or 'config'}: platform: {exc}") from None
            self._by_key[key] = Settings(
                config=config,
                base=config_file.resolve().parent if config_file else Path.cwd(),
                unused_suppressions=_meta_severity(config),
                linter_options=self.linter_options,
            )
        return self._by_key[key]


# --- collecting posts -----------------------------------------------------------------------------


@dataclass
class Job:
    """One post on its way through the run."""

    result: PostResult
    settings: Settings | None = None
    source: Source | None = None
    post_text: PostText | None = None
    target: Path | None = None
    """The file the post belongs to, for config matching (also ``--stdin-filename``)."""
    original: str = ""
    """The text as read, before any fix."""
    author: str | None = None
    """A bulk row's ``author`` column (files use their front matter)."""
    date: str | None = None
    """A bulk row's ``date`` column (``authlint report``; files use their front matter)."""


@dataclass(frozen=True)
class InputOptions:
    input_format: str = "auto"
    text_field: str = "text"
    id_field: str = "id"
    stdin_filename: str | None = None
    encoding: str | None = None


def _platform_for(job: Job, overrides: Overrides, front: str | None, row: str | None) -> str | None:
    """``--platform`` > the row's or front matter's ``platform`` > config."""
    name = overrides.platform or row or front
    if name:
        return canonical_platform(name)
    assert job.settings is not None
    configured = job.settings.config.platform
    return canonical_platform(configured) if configured else None


def _prepare(job: Job, text: str, kind: str, overrides: Overrides, row_platform: str | None = None) -> None:
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


def _bulk_format(name: str | None, opts: InputOptions, explicit: bool) -> str | None:
    if opts.input_format in ("jsonl", "csv"):
        return opts.input_format
    if opts.input_format == "auto" and explicit and name:
        return BULK_SUFFIXES.get(Path(name).suffix.lower())
    return None


def collect(paths: Sequence[str], opts: InputOptions, settings: SettingsCache) -> list[Job]:
    """Every post to check, in output order; reading problems become per-post errors."""
    given = set(paths)
    root_settings = settings.for_path(None)

    def excluded(path: Path) -> bool:
        return settings.for_path(path).excludes(path)

    jobs: list[Job] = []
    for name in discover(paths, excluded):
        is_stdin = name == STDIN
        display = (opts.stdin_filename or "<stdin>") if is_stdin else name
        target = Path(opts.stdin_filename) if is_stdin and opts.stdin_filename else (None if is_stdin else Path(name))
        job_settings = settings.for_path(target) if target is not None else root_settings
        try:
            if is_stdin:
                if sys.stdin is None:
                    raise InputError(f"{display}: cannot read: stdin is closed")
                post = read_stream(getattr(sys.stdin, "buffer", sys.stdin), display, encoding=opts.encoding)
            else:
                post = read_post(name, encoding=opts.encoding)
        except BinaryFileError as exc:
            jobs.append(Job(PostResult(display, skipped=str(exc).removeprefix(f"{display}: ")), job_settings, target=target))
            continue
        except InputError as exc:
            jobs.append(Job(PostResult(display, error=str(exc).removeprefix(f"{display}: ")), job_settings, target=target))
            continue
        bulk = _bulk_format(opts.stdin_filename if is_stdin else name, opts, is_stdin or name in given)
        if bulk:
            from authlint.io.bulk import read_rows

            for row in read_rows(post.text, bulk, opts.text_field, opts.id_field):  # type: ignore[arg-type]
                job = Job(PostResult(display, id=row.id, error=row.error), job_settings, target=target,
                          author=row.author, date=row.date)
                if row.error is None:
                    job.original = row.text
                    _prepare(job, row.text, "text", settings.overrides, row.platform)
                jobs.append(job)
            continue
        job = Job(PostResult(display), job_settings, post_text=post, target=target, original=post.text)
        _prepare(job, post.text, _kind(opts.stdin_filename if is_stdin else name, opts), settings.overrides)
        jobs.append(job)
    return jobs


# --- linting --------------------------------------------------------------------------------------


def _restore(source: Source, f: Finding) -> Finding:
    """Findings quote the original text (URL stubs become URLs again)."""
    if not source.urls:
        return f
    return f.replace(
        text=source.text[f.start:f.end],
        message=source.restore(f.message),
        suggestions=[
            s.replace(
                text=source.restore(s.text),
                replacement=source.restore(s.replacement) if s.replacement is not None else None,
            )
            for s in f.suggestions
        ],
    )


def _finish(job: Job, report: Report) -> Report:
    """Per-file ignores, URL restoring and inline suppressions, then a fresh score."""
    assert job.settings is not None and job.source is not None
    linter = job.settings.linter
    ignores = job.settings.per_file_ignores(job.target)
    findings = [
        _restore(job.source, f) for f in report.findings
        if not any(selector_matches_finding(s, f) for s in ignores)
    ]
    if len(findings) == len(report.findings) and not parse_suppressions(job.source.text):
        # Nothing silenced: the score stands (scoring is a pure function of the findings), and a
        # cached run never has to load the rules.
        return report.replace(findings=findings) if job.source.urls else report
    known = frozenset(x for r in [*linter.rules, *linter._platform_rules] for x in (r.code, r.name, r.category))
    kept, unused = apply_suppressions(job.source.text, findings, known)
    severity = job.settings.unused_suppressions
    if severity is None or any(selector_matches_finding(s, u) for u in unused for s in ignores):
        unused = []
    else:
        unused = [u.replace(severity=severity) for u in unused]
    rescored = linter.report(kept, list(report.notices))
    if unused:
        merged = sorted([*rescored.findings, *unused], key=lambda f: (f.start, f.end, f.rule))
        rescored = rescored.replace(findings=merged)
    return rescored


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


def _performance_options(n_jobs: int | None, no_cache: bool, cache_dir: str | None, config: Config) -> dict[str, Any]:
    """Linter options for --jobs / --no-cache / --cache-dir (see authlint.engine.pool, authlint.cache.results)."""
    from authlint.engine.pool import default_jobs

    return {"jobs": n_jobs or default_jobs(), "cache_dir": None if no_cache else cache_folder(config.cache_dir, cache_dir)}


def lint(jobs: Sequence[Job]) -> None:
    """Check every job that has prose; one ``check_many`` call per config."""
    groups: dict[int, list[Job]] = {}
    for job in jobs:
        if job.source is not None and job.settings is not None:
            try:  # an unknown or invalid `author:` is this post's error, not the whole run's
                job.settings.linter.author_profile(job.author or job.source.author)
            except AuthlintError as exc:
                job.result.error = str(exc)
                continue
            groups.setdefault(id(job.settings), []).append(job)
            job.result.thresholds = (job.settings.config.fail_on, job.settings.config.min_score)
    ticks = _progress(sum(len(g) for g in groups.values()))
    for group in groups.values():
        linter = group[0].settings.linter  # type: ignore[union-attr]
        reports = linter.check_many(
            (j.source.prose for j in group),  # type: ignore[union-attr]
            platforms=(j.result.platform for j in group),
            authors=(j.author or j.source.author for j in group),  # type: ignore[union-attr]  # row or front matter
        )
        for job, report in zip(group, reports):
            job.result.report = _finish(job, report)
            next(ticks, None)


def _relint(jobs: Sequence[Job], overrides: Overrides) -> None:
    for job in jobs:
        platform = job.result.platform
        _prepare(job, job.result.text, job.source.kind if job.source else "text", overrides)
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


def write_fixes(jobs: Sequence[Job]) -> None:
    from authlint.io.atomic import write_post

    for job in jobs:
        if not job.result.fixed or job.result.text == job.original:
            continue
        if job.post_text is None or job.post_text.path is None:
            continue  # stdin: the caller prints the fixed text
        try:
            job.post_text = write_post(job.post_text, job.result.text)
        except AuthlintError as exc:
            job.result.error = str(exc).removeprefix(f"{job.result.path}: ")
            job.result.fixed = 0


# --- the command ----------------------------------------------------------------------------------


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
@click.option("--statistics", is_flag=True, help="Show counts per rule instead of each finding.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes too.")
@click.option("--diff", is_flag=True, help="Print the fixes as a diff instead of writing them.")
@click.option("--stdin-filename", default=None, help="Name for stdin: used for config discovery, per-file-ignores and Markdown detection.")
@click.option("--input-format", type=click.Choice(["auto", "markdown", "text", "jsonl", "csv"]), default="auto",
              show_default=True, help="How to read inputs; jsonl/csv: one post per row of an export.")
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
def check(paths: tuple[str, ...], fmt: str, config_path: str | None, select: tuple[str, ...],
          extend_select: tuple[str, ...], ignore: tuple[str, ...], rule_dirs: tuple[str, ...],
          platform: str | None, fail_on: str | None, min_score: float | None, exit_zero: bool,
          statistics: bool, fix: bool, unsafe_fixes: bool, diff: bool, stdin_filename: str | None,
          input_format: str, text_field: str, id_field: str, encoding: str | None, color: str,
          n_jobs: int | None = None, no_cache: bool = False, cache_dir: str | None = None) -> None:
    """Check posts in PATHS: files, folders (recursive) or - for stdin. Default: the current folder.

    Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it (or a post below
    --min-score), 2 usage, config or input errors.
    """
    overrides = Overrides(
        config_path=config_path, select=_split(select) if select else None, extend_select=_split(extend_select),
        ignore=_split(ignore), rules=rule_dirs, platform=platform, fail_on=fail_on, min_score=min_score,
    )
    opts = InputOptions(input_format, text_field, id_field, stdin_filename, encoding)
    bulk = input_format in ("jsonl", "csv")
    if (fix or diff) and bulk:
        fail("--fix and --diff rewrite files; they cannot be used with --input-format jsonl/csv")
    try:
        if platform:
            canonical_platform(platform)
        configs = None if no_cache else ConfigCache(cache_dir)
        settings = SettingsCache(overrides, linter_options={}, configs=configs)  # e.g. jobs=, cache_dir= for the Linter
        root = settings.for_path(Path(stdin_filename) if stdin_filename else None)
        settings.linter_options.update(_performance_options(n_jobs, no_cache, cache_dir, root.config))
        # Only the JSON format shows each post's claims; the others need not parse for them.
        settings.linter_options["claims"] = fmt == "json"
        jobs = collect(paths or (".",), opts, settings)
        if not jobs:
            folders = [p for p in (paths or (".",)) if p != STDIN and Path(p).is_dir()]
            if folders:  # named files that were all excluded are fine (pre-commit passes those)
                fail(f"{' '.join(folders)}: no posts found (looked for *.md, *.markdown, *.mdx, *.txt)")
        lint(jobs)
        if fix or diff:
            apply_fixes(jobs, unsafe_fixes, overrides)
            if fix and not diff:
                write_fixes(jobs)
    except AuthlintError as exc:
        fail(str(exc))
    threshold = None if fail_on == "never" else root.config.fail_on
    if fail_on == "never":
        for job in jobs:
            job.result.thresholds = (None, job.result.thresholds[1] if job.result.thresholds else None)
    run = RunResult(
        posts=[j.result for j in jobs], fail_on=threshold,
        min_score=root.config.min_score, statistics=statistics, tool_version=__version__,
    )
    if diff:
        from authlint.report.fix import unified_diff

        patches = "".join(unified_diff(j.result.label, j.original, j.result.text) for j in jobs if j.result.text != j.original)
        click.echo(patches, nl=False)
        sys.exit(EXIT_ERROR if run.errors else EXIT_FINDINGS if patches and not exit_zero else EXIT_CLEAN)
    colored = _use_color(color)
    output = FORMATTERS[fmt](run, colored)
    stdin_fixed = [j for j in jobs if fix and j.post_text is not None and j.post_text.path is None]
    if stdin_fixed:
        click.echo(stdin_fixed[0].result.text, nl=False)
        click.echo(output, err=True, color=colored)
    elif output:
        click.echo(output, color=colored)
    if run.errors or run.incomplete:
        sys.exit(EXIT_ERROR)
    failing = any(run.failing(p) for p in run.posts)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)
