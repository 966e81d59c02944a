"""The library entry point: :class:`Linter` holds a config and checks posts against its rules.

The facade only turns arguments into :class:`~authlint.engine.posts.Post` records and chooses
where they are checked: from the result cache (:mod:`authlint.cache.results`), in worker
processes (:mod:`authlint.engine.pool`) or here (:mod:`authlint.engine.run`). What checking
needs (rules, spaCy, gates) is the :class:`~authlint.engine.rule_engine.RuleEngine`, built on
first use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from authlint.engine.arguments import plain_str as _plain_str
from authlint.engine.posts import Post
from authlint.errors import ArgumentError
from authlint.report.results import Finding, Notice, Report
from authlint.settings.config import Config, config_from_mapping, load_config
from authlint.settings.profile import AuthorProfile, resolve_author
from authlint.support.iterx import Guarded

if TYPE_CHECKING:
    from authlint.engine.rule_engine import RuleEngine
    from authlint.io.source import Kind
    from authlint.nlp.analyzer import Analyzer
    from authlint.ruleset.schema import Rule
    from authlint.settings.selectors import RuleIndex
    from authlint.severity import Severity

AuthorRef = AuthorProfile | Mapping[str, Any] | str | None


def _as_config(config: Config | Mapping[str, Any] | str | Path | None) -> Config:
    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    if isinstance(config, Mapping):
        return config_from_mapping(dict(config))
    if isinstance(config, (str, Path)):
        return load_config(Path(config))
    raise ArgumentError(f"config must be a Config, a mapping or a path, not {type(config).__name__}")


_KINDS = ("text", "markdown", "mdx")


def _then_reraise(reports: Iterator[Report], source: Guarded[Any]) -> Iterator[Report]:
    """Every report ``source`` fed, then the error that stopped ``source`` (if any)."""
    yield from reports
    source.reraise()


class Linter:
    """Checks posts against the selected rules.

    Rules are loaded and validated when the Linter is created (so a bad rule fails fast);
    spaCy is loaded on the first check, with only the components those rules need.
    """

    def __init__(
        self, config: Config | Mapping[str, Any] | str | Path | None = None, *, prefilter: bool = True,
        cache_dir: str | Path | None = None, jobs: int = 1, claims: bool = True,
    ) -> None:
        """``prefilter=False`` annotates every post fully (the reference the prefilters must
        equal); ``cache_dir`` stores reports of unchanged posts there (authlint.cache.results);
        ``jobs`` > 1 checks large inputs in that many processes (authlint.engine.pool);
        ``claims=False`` leaves ``Report.claims`` empty, which spares the claim parse of every
        first-person post (rules that check claims still extract them where they need to).
        With a ``cache_dir`` the rules load at the first post that is not cached."""
        self.config = _as_config(config)
        self.prefilter = prefilter
        self.list_claims = claims
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.jobs = max(1, int(jobs))
        self._default_author = resolve_author(None, self.config.authors, self.config.author)
        self._failure_log: Any = None  # see keep_failures
        if self.cache_dir is None:
            self.engine  # noqa: B018 - load and validate the rules now

    # --- what the rules are ----------------------------------------------------------------------

    @cached_property
    def engine(self) -> RuleEngine:
        """Rules, analyzer and gates for this config (loaded on first use)."""
        from authlint.engine.rule_engine import RuleEngine

        return RuleEngine(self.config, prefilter=self.prefilter, list_claims=self.list_claims)

    @property
    def rules(self) -> list[Rule]:
        """The selected rules (platform rules, which run only for posts with a platform, apart)."""
        return self.engine.rules

    @property
    def platform_rules(self) -> list[Rule]:
        return self.engine.platform_rules

    @property
    def rule_index(self) -> RuleIndex:
        """Every rule that runs, by every name a selector may use."""
        return self.engine.rule_index

    @property
    def analyzer(self) -> Analyzer:
        return self.engine.analyzer

    @cached_property
    def unused_suppressions(self) -> Severity | None:
        """SUP100's severity under this config, or None when the selection turns it off."""
        from authlint.ruleset.meta import meta_severity

        return meta_severity(self.config)

    # --- checking ---------------------------------------------------------------------------------

    def check(
        self, text: str, *, platform: str | None = None, author: AuthorRef = None, kind: Kind | None = None,
    ) -> Report:
        """Check one post (``platform`` overrides the configured one for this post).

        ``author`` is who really wrote it: a profile, a mapping of profile fields, or a key
        into the config's ``authors``; default: the config's ``author`` (or no profile).
        ``kind`` ("text", "markdown" or "mdx") checks ``text`` as ``authlint check`` checks a
        file of that kind: markup masked, front matter read, inline suppressions applied. With
        ``kind=None`` the text is checked exactly as given.
        """
        return next(self.check_many([text], platforms=[platform], author=author, kind=kind))

    def check_many(
        self, texts: Iterable[str], *, platforms: Iterable[str | None] | None = None,
        author: AuthorRef = None, authors: Iterable[AuthorRef] | None = None, kind: Kind | None = None,
    ) -> Iterator[Report]:
        """Check many posts, batched through spaCy; reports come back in input order.

        With a ``cache_dir`` unchanged posts come from the cache; with ``jobs`` > 1 large inputs
        are split across processes. ``kind``: as for :meth:`check`.
        """
        if kind is not None and kind not in _KINDS:
            raise ArgumentError(f"kind must be one of {', '.join(_KINDS)} or None, not {kind!r}")
        if isinstance(texts, str):
            raise ArgumentError("texts must be an iterable of str, not one str (use check() for one post)")
        if kind is not None:
            from authlint.engine.document import check_documents

            source = Guarded(texts)
            return _then_reraise(check_documents(self, source, kind, platforms=platforms, author=author, authors=authors), source)
        posts = Guarded(self.posts(texts, platforms, author, authors))
        return _then_reraise(self.check_posts(posts), posts)

    def check_posts(self, posts: Iterable[Post]) -> Iterator[Report]:
        """Reports for ready-made :class:`Post` records, in order (what ``check_many`` calls)."""
        if self.cache_dir is None:
            return self.analyse(posts)
        from authlint.cache.results import ResultCache, cached_reports, namespace, post_context

        cache = ResultCache(self.cache_dir, namespace(self.config, claims=self.list_claims))
        keyed = ((p.text, post_context(p.platform, p.author), p) for p in posts)
        return cached_reports(keyed, cache, self.analyse)

    def analyse(self, posts: Iterable[Post], *, pooled: bool = True) -> Iterator[Report]:
        """Reports for ``posts``, never from the cache: in worker processes when ``jobs`` > 1
        and the input is large (``pooled=False``: always in this process)."""
        if self.jobs > 1 and pooled:
            from authlint.engine.pool import check_posts

            return check_posts(self, posts, self.jobs)
        from authlint.engine.run import Run

        return Run(self.engine, self._failure_log).reports(posts)

    @property
    def failure_log(self) -> Any:
        """The failure log shared by :meth:`analyse` calls (None: each call is its own run)."""
        return self._failure_log

    def keep_failures(self) -> None:
        """Share one failure log (and time budget) across every later :meth:`analyse` call,
        as one run: what a pool worker does, so the budget does not reset per chunk."""
        from authlint.engine.run import FailureLog

        self._failure_log = FailureLog()

    def prepare(self) -> None:
        """Load spaCy and bind the rules now (before forking workers, so they share them)."""
        self.engine.prepare()

    def worker_options(self) -> dict[str, Any]:
        """Keyword options a worker process needs to rebuild this Linter (never cache or jobs)."""
        return {"prefilter": self.prefilter, "claims": self.list_claims}

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by config and options, never the loaded engine (a used spaCy pipeline does not
        pickle, and shipping it would be slow): the receiving process builds its own."""
        options = {**self.worker_options(), "cache_dir": self.cache_dir, "jobs": self.jobs}
        return (_rebuild, (type(self), self.config, options))

    # --- authors and scores -----------------------------------------------------------------------

    def author_profile(self, ref: AuthorRef = None) -> AuthorProfile | None:
        """The profile ``ref`` selects (a profile, a mapping of fields, a key into ``authors``;
        None: the configured ``author``). Raises :class:`~authlint.errors.ConfigError` for an
        unknown key or a bad field, so a caller can report it against one file (front matter)."""
        return resolve_author(ref, self.config.authors, self.config.author)

    def report(self, findings: list[Finding], notices: list[Notice] | None = None) -> Report:
        """Score ``findings`` under this Linter's rules (after a caller filtered some, e.g. suppressions)."""
        from authlint.engine.run import make_report

        return make_report(self.engine, list(findings), notices)

    def posts(
        self, texts: Iterable[str], platforms: Iterable[str | None] | None = None, author: AuthorRef = None,
        authors: Iterable[AuthorRef] | None = None,
    ) -> Iterator[Post]:
        """:class:`Post` records for ``texts``, validated and with author profiles resolved as
        :meth:`check_many` does (a bad value raises an :class:`~authlint.errors.AuthlintError`)."""
        names = iter(platforms) if platforms is not None else None
        refs = iter(authors) if authors is not None else None
        shared = self.author_profile(author) if author is not None else self._default_author
        for text in texts:
            text = _plain_str(text, "text")
            name = _plain_str(next(names, None) if names is not None else None, "platform", optional=True)
            ref = next(refs, None) if refs is not None else None
            yield Post(text, name, self.author_profile(ref) if ref is not None else shared)


def _rebuild(cls: type[Linter], config: Config, options: dict[str, Any]) -> Linter:
    """The other half of :meth:`Linter.__reduce__`."""
    return cls(config, **options)


def check(text: str) -> Report:
    """Check one post with the default configuration (the Linter is created once and reused)."""
    return _default_linter().check(text)


@lru_cache(maxsize=1)
def _default_linter() -> Linter:
    return Linter()
