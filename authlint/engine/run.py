"""Checking posts in this process: tokenize, gate, analyse, run the rules, isolate failures, score.

One bad post never stops the others: a post that is not English or too long is not analysed
(its report carries a notice), and a rule that fails on a post (e.g. its regex times out) is
reported as an ``error`` notice on that post; after :data:`MAX_RULE_FAILURES` failures it is
skipped (with a notice) for the rest of the run, so a pathological rule costs at most a few
time-outs, never a hang.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import regex as re_

from authlint.claims.extract import claims_for
from authlint.detectors.context import set_author
from authlint.engine.bind import BoundRule, findings_for
from authlint.engine.watchdog import Overrun, time_limit
from authlint.errors import AuthlintError
from authlint.nlp.views import PROFILE_KEY, URLS_KEY
from authlint.report.results import Finding, Notice, Report
from authlint.report.scoring import distinct, score
from authlint.settings.platforms import get_profile
from authlint.severity import Severity
from authlint.support.iterx import chunked

if TYPE_CHECKING:
    from authlint.engine.posts import Post
    from authlint.engine.rule_engine import RuleEngine

#: Longest post checked, in characters (the file limit of :mod:`authlint.io.textio`, well under
#: spaCy's ``max_length``); analysing longer ones takes minutes, so they get a notice instead.
MAX_POST_CHARS = 100_000
#: A rule that fails on this many posts of one run (e.g. its regex times out) is skipped for the rest.
MAX_RULE_FAILURES = 3
#: Seconds all rules together, then each rule alone, may spend on one post (see authlint.engine.watchdog).
RULE_TIME_LIMIT = 10.0
#: Seconds one run (or one pool worker) may lose to failing rules; then every rule that failed is skipped.
RUN_FAILURE_BUDGET = 30.0
#: Seconds tokenizing and analysing a batch of posts may take: this much...
ANALYSIS_BASE_SECONDS = 30.0
#: ...plus this much per character of the batch (one 100 KB post: 230 s; ordinary prose takes
#: 0.1-0.4 ms a character, the slowest pathological shape ~1 ms: docs/reliability.md).
ANALYSIS_SECONDS_PER_CHAR = 0.002
#: Posts analysed together under one time limit: the gate's own batch size.
ANALYSIS_BATCH = 256


def analysis_limit(chars: int) -> float:
    """The time bound for tokenizing and analysing ``chars`` characters (one post or a batch)."""
    return ANALYSIS_BASE_SECONDS + ANALYSIS_SECONDS_PER_CHAR * chars

_SURROGATE = re_.compile(r"[\ud800-\udfff]")


def analysable(text: str) -> str:
    """``text`` with lone surrogates (which spaCy cannot encode) as U+FFFD: same length, same offsets."""
    return _SURROGATE.sub("\ufffd", text) if not text.isascii() and _SURROGATE.search(text) else text


def make_report(engine: RuleEngine, findings: list[Finding], notices: list[Notice] | None = None) -> Report:
    """Score ``findings`` under ``engine``'s rules."""
    total, subscores = score(findings, engine.limits, engine.categories)
    return Report(score=total, categories=subscores, findings=findings, notices=notices or [])


class Run:
    """One pass of posts through an engine; remembers which rules failed on which posts."""

    def __init__(self, engine: RuleEngine, log: FailureLog | None = None) -> None:
        self.engine = engine
        self.log = log if log is not None else FailureLog()

    @property
    def failures(self) -> dict[str, list[str]]:
        return self.log.failures

    def reports(self, posts: Iterable[Post]) -> Iterator[Report]:
        """A report per post, in input order. Rules that need an author profile are left out
        for posts without one (they cannot match), so they never make the parser run there.

        Tokenizing and analysis run under the watchdog too (:func:`analysis_limit` of the
        batch's characters): when a batch runs past it, its posts are analysed again one by one
        under their own limits, and a post that alone takes longer is not checked and says so
        (an ``error`` notice, so the run exits 2). A stuck post costs at most twice its limit.

        A batch's reports are all made before the first is yielded, inside the engine's
        :meth:`~authlint.engine.rule_engine.RuleEngine.bounded` block (its Docs die with it),
        so a run of any length keeps flat memory."""
        bounded = self.engine.bounded
        for batch in chunked(posts, ANALYSIS_BATCH):
            with bounded():
                reports = self._batch_reports(batch)
            yield from reports

    def _batch_reports(self, batch: list[Post]) -> list[Report]:
        engine = self.engine
        skips: list[Notice | None] = []
        for post in batch:
            if not isinstance(post.text, str):
                raise TypeError(f"expected str, got {type(post.text).__name__}")
            skips.append(self.skip_notice(post.text))
        # str(): spaCy takes exact str only (a Prose carries its stubbed URLs, read below)
        wanted = [(analysable(str(p.text)), p.author is not None) for p, skip in zip(batch, skips) if skip is None]
        analysed = iter(self._analysed(wanted))
        reports = []
        for post, skip in zip(batch, skips):
            if skip is not None:
                findings, notices = self.platform_only(post) if skip.kind == "language" else ([], [])
                reports.append(make_report(engine, findings, [skip, *notices]))
                continue
            result = next(analysed)
            if isinstance(result, Notice):
                reports.append(make_report(engine, [], [result]))
                continue
            doc, plan = result
            reports.append(self._report(post, doc, plan))
        return reports

    def _analysed(self, texts: list[tuple[str, bool]]) -> list[tuple[Any, Any] | Notice]:
        """(Doc, plan) per text through the gate, under the analysis time limit; a text that
        alone runs past its limit gets a notice instead."""
        if not texts:
            return []
        limit = analysis_limit(sum(len(text) for text, _ in texts))
        try:
            with time_limit(limit):
                return list(self.engine.gate.pipe_posts(texts, batch_size=len(texts)))
        except Overrun:
            if len(texts) == 1:
                return [Notice(
                    kind="error", severity=Severity.ERROR,
                    message=f"analysing this post took longer than {limit:g}s ({len(texts[0][0]):,} characters); not checked",
                )]
        return [result for text in texts for result in self._analysed([text])]

    def _report(self, post: Post, doc: Any, plan: Any) -> Report:
        engine = self.engine
        run = [b.only(plan[b.rule.code]) for b in engine.bound if b.rule.code in plan]
        profile = get_profile(post.platform) if post.platform else engine.default_profile
        set_author(doc, post.author)
        urls = getattr(post.text, "urls", None)  # a Prose (authlint.io.source) knows its stubbed URLs
        if urls:
            doc.user_data[URLS_KEY] = urls
        if profile is not None:
            doc.user_data[PROFILE_KEY] = profile
            run += [b.only(plan[b.rule.code]) for b in engine.bound_platform if b.rule.code in plan]
        findings, notices = self.findings(doc, post.text, run)
        report = make_report(engine, findings, notices)
        if engine.lists_claims:
            report.claims = claims_for(doc)
        return report

    def platform_only(self, post: Post) -> tuple[list[Finding], list[Notice]]:
        """The platform rules' findings on a post the language rules skip: length and hashtag
        limits hold whatever the language (they need tokens only, never the statistical models)."""
        engine = self.engine
        profile = get_profile(post.platform) if post.platform else engine.default_profile
        if profile is None or not engine.bound_platform:
            return [], []
        text = analysable(post.text)
        try:
            with time_limit(analysis_limit(len(text))):
                doc = engine.analyzer.tokenize([text])[0]
        except Overrun:
            return [], [Notice(kind="error", severity=Severity.ERROR,
                               message="tokenizing this post for the platform rules took too long; they did not run")]
        doc.user_data[PROFILE_KEY] = profile
        return self.findings(doc, post.text, list(engine.bound_platform))

    def skip_notice(self, text: str) -> Notice | None:
        """Why ``text`` is not analysed at all, or ``None``."""
        if len(text) > MAX_POST_CHARS:
            return Notice(
                kind="too-long", severity=Severity.ERROR,
                message=f"post has {len(text):,} characters, over the {MAX_POST_CHARS:,} limit; not checked",
            )
        language = self.engine.language
        guess = language.guess(text) if language is not None else None
        if guess is not None and not guess.english:
            return Notice(
                kind="language",
                message=f"post looks like {guess.describe()}, not English; authlint checks English only, so no rules ran",
            )
        return None

    def findings(self, doc: Any, text: str, bound: list[BoundRule]) -> tuple[list[Finding], list[Notice]]:
        """Findings plus a notice for every rule that failed on this post or was given up on.

        The rules run together under one time limit; when one fails (or the limit interrupts
        it), that rule is recorded as failed and the rules after it run on, under a fresh limit:
        a failing rule costs a post at most the limit once. Once the run has spent
        :data:`RUN_FAILURE_BUDGET` seconds on failures, every rule that failed is skipped."""
        log = self.log
        failures = log.failures
        allow = self.engine.allow
        broken = log.broken()
        notices = [
            Notice(
                kind="error", severity=Severity.ERROR, rule=code,
                message=f"rule {code} skipped: it failed on {len(failures[code])} earlier posts ({failures[code][-1]})",
            )
            for code in sorted(broken)
        ]
        pending = [b for b in bound if b.rule.code not in broken] if broken else bound
        findings: list[Finding] = []
        while pending:
            progress = [0]
            started = time.monotonic()
            try:
                with time_limit(RULE_TIME_LIMIT):
                    findings += findings_for(doc, text, pending, allow, progress)
                break
            except (Exception, Overrun) as exc:  # noqa: BLE001 - isolate the failing rule, report it, keep going
                log.spent += time.monotonic() - started
                failed = pending[progress[0]]
                code = failed.rule.code
                reason = _reason(exc, code)
                failures.setdefault(code, []).append(reason)
                notices.append(Notice(
                    kind="error", severity=Severity.ERROR, rule=code,
                    message=f"rule {code} could not check this post: {reason}",
                ))
                # the rules before it ran to completion: run them again (fast) with the rest
                pending = [b for i, b in enumerate(pending) if i != progress[0]]
                if log.over_budget():
                    pending = [b for b in pending if b.rule.code not in failures]
        # One phrase matched by two rules of a category is one problem (before suppressions).
        return distinct(findings, self.engine.fallback_rules), notices


class FailureLog:
    """Which rules failed on which posts, and how long failing took, for a whole run: shared
    by every :class:`Run` of one Linter in a pool worker, so the budget never resets per chunk."""

    def __init__(self) -> None:
        self.failures: dict[str, list[str]] = {}  # rule code -> why it failed, per failing post
        self.spent = 0.0  # seconds spent in passes a failure interrupted

    def over_budget(self) -> bool:
        return self.spent >= RUN_FAILURE_BUDGET

    def broken(self) -> set[str]:
        """Rules skipped from now on: failed :data:`MAX_RULE_FAILURES` times, or at all once
        the run's failure budget is spent."""
        if self.over_budget():
            return set(self.failures)
        return {code for code, why in self.failures.items() if len(why) >= MAX_RULE_FAILURES}


def _reason(exc: BaseException, code: str) -> str:
    reason = (
        str(exc) if isinstance(exc, AuthlintError)
        else f"it {exc} on this post" if isinstance(exc, Overrun)
        else f"{type(exc).__name__}: {exc}"
    )
    return " ".join(reason.removeprefix(f"rule {code}: ").split())
