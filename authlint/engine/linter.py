"""The library entry point: :class:`Linter` holds config, rules and the spaCy pipeline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from collections import deque
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex as re_

from authlint.settings.config import Config, config_from_mapping, load_config
from authlint.errors import AuthlintError
from authlint.settings.profile import AuthorProfile, resolve_author
from authlint.report.results import Finding, Notice, Report
from authlint.severity import Severity

# The analysis side (rules, detectors, spaCy) is imported where it is first used: a run whose
# posts all come from the cache (authlint.cache.results) never needs it.
if TYPE_CHECKING:
    from authlint.nlp.analyzer import Analyzer
    from authlint.engine.bind import BoundRule
    from authlint.gate.schedule import Gate
    from authlint.ruleset.schema import Rule
    from authlint.settings.platforms import Profile

BATCH_SIZE = 64
#: Longest post checked, in characters (the file limit of :mod:`authlint.io.textio`, well under
#: spaCy's ``max_length``); analysing longer ones takes minutes, so they get a notice instead.
MAX_POST_CHARS = 100_000
#: A rule that fails on this many posts of one run (e.g. its regex times out) is skipped for the rest.
MAX_RULE_FAILURES = 3
#: Seconds all rules together, then each rule alone, may spend on one post (see authlint.engine.watchdog).
RULE_TIME_LIMIT = 10.0


def _as_config(config: Config | Mapping[str, Any] | str | Path | None) -> Config:
    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    if isinstance(config, (str, Path)):
        return load_config(config)
    return config_from_mapping(dict(config), "config")


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
        first-person post (rules that check claims still extract them where they need to)."""
        self.config = _as_config(config)
        self._use_prefilter = prefilter
        self._list_claims = claims
        self._cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._jobs = max(1, int(jobs))
        self._default_author = resolve_author(None, self.config.authors, self.config.author)
        if self._cache_dir is None:
            self._setup()

    def _setup(self) -> None:
        """Load, validate and select the rules. With a cache this waits for the first miss: a run
        whose posts all hit needs no rules (a hit implies these exact rule files validated)."""
        from authlint.nlp.analyzer import Analyzer
        from authlint.detectors.context import CheckContext
        from authlint.engine.bind import AllowList
        from authlint.nlp.language import LanguageDetector
        from authlint.ruleset.loader import load_rules
        from authlint.settings.platforms import get_profile, platform_rules
        from authlint.ruleset.selection import select_rules
        from authlint.report.scoring import PENALTY_CATEGORIES

        self.__dict__["_ready"] = True
        loaded = load_rules(self.config.rule_dirs())
        self.rules: list[Rule] = select_rules(loaded, self.config)
        # Platform rules run only for posts that have a platform (config, front matter or argument).
        self._platform_rules = platform_rules(loaded, self.config, self.rules)
        self._default_profile = get_profile(self.config.platform) if self.config.platform else None
        needs: set[str] = set()
        eager: set[str] = set()
        for rule in [*self.rules, *self._platform_rules]:
            needs |= rule.needs()
            eager |= rule.needs() - rule.deferred()
        # Features no rule reads up front (entity types for claims) load with their first use.
        self.analyzer = Analyzer(self.config.model, needs, on_demand=needs - eager)
        # Detectors bind against the analyzer plus config they may read (disclosure lists).
        self._context = CheckContext(self.analyzer, disclosure=self.config.disclosure)
        # Report.claims is filled when asked for and a claim rule runs (the extractor needs the parser).
        self._claims = self._list_claims and any(_uses_claims(d) for r in self.rules for d in r.detectors)
        self._allow = AllowList(self.config.allow)
        self._limits = {r.code: r.limit for r in [*self.rules, *self._platform_rules]}
        self._categories = sorted({*PENALTY_CATEGORIES, *(r.category for r in self.rules if not r.positive)})
        self._language = LanguageDetector.from_file() if self.config.check_language else None

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes not set yet: the ones :meth:`_setup` makes, when deferred.
        if name.startswith("__") or self.__dict__.get("_ready") or "config" not in self.__dict__:
            raise AttributeError(name)
        self._setup()
        return getattr(self, name)

    @cached_property
    def _bound(self) -> list[BoundRule]:
        from authlint.engine.bind import bind_rules

        return bind_rules(self.rules, self._context)

    @cached_property
    def _bound_platform(self) -> list[BoundRule]:
        from authlint.engine.bind import bind_rules

        return bind_rules(self._platform_rules, self._context)

    @cached_property
    def _gate(self) -> Gate:
        """Tagger/parser/NER only for posts some rule needing them could match (authlint.gate.schedule)."""
        from authlint.gate.schedule import Gate

        return Gate([*self._bound, *self._bound_platform], self.analyzer, enabled=self._use_prefilter,
                    extras=self._gate_extras())

    def _gate_extras(self) -> list[tuple[frozenset[str], frozenset[str], Any]]:
        """Analysis needed beyond the rules': Report.claims lists every claim in the post,
        whichever claim rules are selected, so posts with a claim cue get the claim parse."""
        if not self._claims:
            return []
        from authlint.claims.cues import PREFILTER_WORDS

        detectors = [d for r in self.rules for d in r.detectors if _uses_claims(d)]
        needs = frozenset().union(*(d.needs() for d in detectors))
        deferred = frozenset().union(*(d.deferred() for d in detectors))
        return [(needs, deferred, PREFILTER_WORDS)]

    @cached_property
    def _gate_anonymous(self) -> Gate:
        """The gate for calls with no author profile at all: rules that need one cannot match,
        so they do not make the parser run (most first-person posts then skip it)."""
        from authlint.gate.schedule import Gate

        rules = [b for b in [*self._bound, *self._bound_platform] if not _needs_profile(b.rule)]
        return Gate(rules, self.analyzer, enabled=self._use_prefilter, extras=self._gate_extras())

    def check(
        self, text: str, *, platform: str | None = None,
        author: AuthorProfile | Mapping[str, Any] | str | None = None,
    ) -> Report:
        """Check one post (``platform`` overrides the configured one for this post).

        ``author`` is who really wrote it: a profile, a mapping of profile fields, or a key
        into the config's ``authors``; default: the config's ``author`` (or no profile).
        """
        return next(self.check_many([text], platforms=[platform], author=author))

    def check_many(
        self, texts: Iterable[str], *, platforms: Iterable[str | None] | None = None,
        author: AuthorProfile | Mapping[str, Any] | str | None = None,
        authors: Iterable[AuthorProfile | Mapping[str, Any] | str | None] | None = None,
    ) -> Iterator[Report]:
        """Check many posts, batched through spaCy; reports come back in input order.

        See :meth:`_analyse` for how failures are reported. With a ``cache_dir`` unchanged
        posts come from the cache; with ``jobs`` > 1 large inputs are split across processes.
        """
        if self._cache_dir is None and self._jobs <= 1:
            return self._analyse(texts, platforms=platforms, author=author, authors=authors)
        posts = self._posts(texts, platforms, author, authors)
        anonymous = author is None and authors is None and self._default_author is None
        if self._cache_dir is None:
            return self._analyse_posts(posts, anonymous)
        from authlint.cache.results import ResultCache, cached_reports, namespace

        cache = ResultCache(self._cache_dir, namespace(self.config, claims=self._list_claims))
        keyed = ((text, self._post_context(name, writer), (text, name, writer)) for text, name, writer in posts)
        return cached_reports(keyed, cache, lambda misses: self._analyse_posts(misses, anonymous))

    def _posts(
        self, texts: Iterable[str], platforms: Iterable[str | None] | None, author: Any, authors: Iterable[Any] | None
    ) -> Iterator[tuple[str, str | None, AuthorProfile | None]]:
        """(text, platform name, resolved author profile) per post."""
        names = iter(platforms) if platforms is not None else None
        refs = iter(authors) if authors is not None else None
        shared = self._author(author) if author is not None else self._default_author
        for text in texts:
            if not isinstance(text, str):
                raise TypeError(f"expected str, got {type(text).__name__}")
            name = next(names, None) if names is not None else None
            ref = next(refs, None) if refs is not None else None
            yield text, name, (self._author(ref) if ref is not None else shared)

    def _post_context(self, platform: str | None, writer: AuthorProfile | None) -> str:
        """The per-post settings a report depends on, for the cache key."""
        from authlint.cache.results import settings_fingerprint

        who = settings_fingerprint(writer) if writer is not None else ""
        return f"{platform or ''}\0{who}"

    def _analyse_posts(
        self, posts: Iterable[tuple[str, str | None, AuthorProfile | None]], anonymous: bool = False,
        pooled: bool = True,
    ) -> Iterator[Report]:
        """Reports for (text, platform, author) posts: in worker processes when ``jobs`` > 1.
        ``anonymous``: no post has an author profile (rules that need one are skipped);
        ``pooled=False``: in this process whatever ``jobs`` is (a worker never starts a pool)."""
        def serial(items: Iterable[tuple[str, str | None, AuthorProfile | None]]) -> Iterator[Report]:
            names: deque[str | None] = deque()
            writers: deque[AuthorProfile | None] = deque()

            def split() -> Iterator[str]:
                for text, name, writer in items:
                    names.append(name)
                    writers.append(writer)
                    yield text

            texts = split()
            return self._analyse(texts, platforms=_drain(names), authors=None if anonymous else _drain(writers))

        if self._jobs <= 1 or not pooled:
            return serial(posts)
        from authlint.engine.pool import check_posts

        return check_posts(self, posts, self._jobs, serial, anonymous)

    def _worker_options(self) -> dict[str, Any]:
        """Keyword options a worker process needs to rebuild this Linter (never cache or jobs)."""
        return {"prefilter": self._use_prefilter, "claims": self._list_claims}

    def _prepare(self) -> None:
        """Load spaCy and bind the rules now (before forking workers, so they share them)."""
        self._gate, self._gate_anonymous  # noqa: B018 - cached properties

    def _analyse(
        self, texts: Iterable[str], *, platforms: Iterable[str | None] | None = None,
        author: AuthorProfile | Mapping[str, Any] | str | None = None,
        authors: Iterable[AuthorProfile | Mapping[str, Any] | str | None] | None = None,
    ) -> Iterator[Report]:
        """Check many posts in this process, batched through spaCy, in input order.

        One bad post never stops the others: a post that is not English or too long is not
        analysed (its report carries a notice), and a rule that fails on a post (e.g. its regex
        times out) is reported as an ``error`` notice on that post; after
        :data:`MAX_RULE_FAILURES` failures it is skipped (with a notice) for the rest of the run,
        so a pathological regex costs at most a few time-outs, never a hang.
        """
        from authlint.detectors.context import set_author
        from authlint.claims.extract import claims_for
        from authlint.nlp.views import URLS_KEY
        from authlint.settings.platforms import PROFILE_KEY

        bound = self._bound
        profiles: deque[Profile | None] = deque()
        texts = self._with_profiles(texts, platforms, profiles)
        writers: deque[AuthorProfile | None] = deque()
        texts = self._with_authors(texts, author, authors, writers)
        originals: deque[tuple[str, Notice | None]] = deque()
        failures: dict[str, list[str]] = {}  # rule code -> why it failed, per failing post
        links: deque[Mapping[str, str] | None] = deque()

        def remember(items: Iterable[str]) -> Iterator[str]:
            for item in items:
                if not isinstance(item, str):
                    raise TypeError(f"expected str, got {type(item).__name__}")
                skip = self._skip_notice(item)
                originals.append((item, skip))
                links.append(getattr(item, "urls", None))  # a Prose knows its stubbed URLs
                yield "" if skip else _analysable(str(item))  # spaCy takes exact str only

        anonymous = author is None and authors is None and self._default_author is None
        gate = self._gate_anonymous if anonymous else self._gate
        for doc, plan in gate.pipe(remember(texts)):
            text, skip = originals.popleft()
            run = [b.only(plan[b.rule.code]) for b in bound if b.rule.code in plan]
            profile = profiles.popleft()
            set_author(doc, writers.popleft())
            urls = links.popleft()
            if urls:
                doc.user_data[URLS_KEY] = urls
            if profile is not None:
                doc.user_data[PROFILE_KEY] = profile
                run = [*run, *(b.only(plan[b.rule.code]) for b in self._bound_platform if b.rule.code in plan)]
            if skip is not None:
                yield self._report([], [skip])
                continue
            findings, notices = self._findings(doc, text, run, failures)
            report = self._report(findings, notices)
            if self._claims:
                report.claims = claims_for(doc)
            yield report

    def _with_authors(
        self, texts: Iterable[str], author: Any, authors: Iterable[Any] | None, out: deque[AuthorProfile | None]
    ) -> Iterator[str]:
        """Pass ``texts`` through, queueing each post's author profile (per post, shared, or configured)."""
        shared = self._author(author) if author is not None else self._default_author
        refs = iter(authors) if authors is not None else None
        for text in texts:
            ref = next(refs, None) if refs is not None else None
            out.append(self._author(ref) if ref is not None else shared)
            yield text

    def _author(self, ref: Any) -> AuthorProfile | None:
        return resolve_author(ref, self.config.authors, self.config.author)

    def author_profile(self, ref: AuthorProfile | Mapping[str, Any] | str | None = None) -> AuthorProfile | None:
        """The profile ``ref`` selects (a profile, a mapping of fields, a key into ``authors``;
        None: the configured ``author``). Raises :class:`~authlint.errors.ConfigError` for an
        unknown key or a bad field, so a caller can report it against one file (front matter)."""
        return self._author(ref)

    def _with_profiles(
        self, texts: Iterable[str], platforms: Iterable[str | None] | None, out: deque[Profile | None]
    ) -> Iterator[str]:
        """Pass ``texts`` through, queueing each post's platform profile (or the configured one)."""
        from authlint.settings.platforms import get_profile

        names = iter(platforms) if platforms is not None else None
        for text in texts:
            name = next(names, None) if names is not None else None
            out.append(get_profile(name) if name else self._default_profile)
            yield text

    def report(self, findings: list[Finding], notices: list[Notice] | None = None) -> Report:
        """Score ``findings`` under this Linter's rules (after a caller filtered some, e.g. suppressions)."""
        return self._report(list(findings), notices)

    def _skip_notice(self, text: str) -> Notice | None:
        """Why ``text`` is not analysed at all, or ``None``."""
        if len(text) > MAX_POST_CHARS:
            return Notice(
                kind="too-long", severity=Severity.ERROR,
                message=f"post has {len(text):,} characters, over the {MAX_POST_CHARS:,} limit; not checked",
            )
        guess = self._language.guess(text) if self._language is not None else None
        if guess is not None and not guess.english:
            return Notice(
                kind="language",
                message=f"post looks like {guess.describe()}, not English; authlint checks English only, so no rules ran",
            )
        return None

    def _findings(
        self, doc: Any, text: str, bound: list[BoundRule], failures: dict[str, list[str]]
    ) -> tuple[list[Finding], list[Notice]]:
        """Findings plus a notice for every rule that failed on this post or was given up on."""
        from authlint.engine.bind import findings_for
        from authlint.engine.watchdog import Overrun, time_limit
        from authlint.report.scoring import distinct  # one phrase matched by two rules is one problem

        broken = {code for code, why in failures.items() if len(why) >= MAX_RULE_FAILURES}
        notices = [
            Notice(
                kind="error", severity=Severity.ERROR, rule=code,
                message=f"rule {code} skipped: it failed on {len(failures[code])} earlier posts ({failures[code][-1]})",
            )
            for code in sorted(broken)
        ]
        active = [b for b in bound if b.rule.code not in broken] if broken else bound
        try:
            with time_limit(RULE_TIME_LIMIT):
                return distinct(findings_for(doc, text, active, self._allow)), notices
        except (Exception, Overrun):  # noqa: BLE001 - isolate the failing rule below, report it, keep going
            pass
        findings: list[Finding] = []
        for rule in active:
            try:
                with time_limit(RULE_TIME_LIMIT):
                    findings += findings_for(doc, text, [rule], self._allow)
            except (Exception, Overrun) as exc:  # noqa: BLE001
                code = rule.rule.code
                reason = (
                    str(exc) if isinstance(exc, AuthlintError)
                    else f"it {exc} on this post" if isinstance(exc, Overrun)
                    else f"{type(exc).__name__}: {exc}"
                )
                reason = " ".join(reason.removeprefix(f"rule {code}: ").split())
                failures.setdefault(code, []).append(reason)
                notices.append(Notice(
                    kind="error", severity=Severity.ERROR, rule=code,
                    message=f"rule {code} could not check this post: {reason}",
                ))
        return distinct(findings), notices

    def _report(self, findings: list[Finding], notices: list[Notice] | None = None) -> Report:
        from authlint.report.scoring import score

        total, subscores = score(findings, self._limits, self._categories)
        return Report(score=total, categories=subscores, findings=findings, notices=notices or [])


def _needs_profile(rule: Rule) -> bool:
    """Every detector of ``rule`` matches only for posts whose author has a profile."""
    return all(getattr(d, "needs_profile", False) for d in rule.detectors)


def _uses_claims(detector: Any) -> bool:
    if getattr(detector, "type", None) == "claim":
        return True
    if getattr(detector, "type", None) == "conditional":
        return _uses_claims(detector.when) or any(_uses_claims(d) for d in detector.unless)
    return False


_SURROGATE = re_.compile(r"[\ud800-\udfff]")


def _analysable(text: str) -> str:
    """``text`` with lone surrogates (which spaCy cannot encode) as U+FFFD: same length, same offsets."""
    return _SURROGATE.sub("\ufffd", text) if not text.isascii() and _SURROGATE.search(text) else text


def _drain(queue: deque[Any]) -> Iterator[Any]:
    """Yield queued values as a lockstep consumer takes them (the queue is filled just ahead)."""
    while True:
        yield queue.popleft() if queue else None


def check(text: str) -> Report:
    """Check one post with the default configuration (the Linter is created once and reused)."""
    return _default_linter().check(text)


@lru_cache(maxsize=1)
def _default_linter() -> Linter:
    return Linter()
