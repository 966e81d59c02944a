"""Checking posts in this process: tokenize, gate, analyse, run the rules, isolate failures, score.

One bad post never stops the others: a post that is not English or too long is not analysed
(its report carries a notice), and a rule that fails on a post (e.g. its regex times out) is
reported as an ``error`` notice on that post; after :data:`MAX_RULE_FAILURES` failures it is
skipped (with a notice) for the rest of the run, so a pathological rule costs at most a few
time-outs, never a hang.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import regex as re_

from authlint.claims.extract import claims_for
from authlint.detectors.context import set_author
from authlint.engine.bind import BoundRule, findings_for
from authlint.engine.watchdog import Overrun, time_limit
from authlint.errors import AuthlintError
from authlint.report.results import Finding, Notice, Report
from authlint.report.scoring import distinct, score
from authlint.nlp.views import PROFILE_KEY, URLS_KEY
from authlint.settings.platforms import get_profile
from authlint.severity import Severity

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

    def __init__(self, engine: RuleEngine) -> None:
        self.engine = engine
        self.failures: dict[str, list[str]] = {}  # rule code -> why it failed, per failing post

    def reports(self, posts: Iterable[Post]) -> Iterator[Report]:
        """A report per post, in input order. Rules that need an author profile are left out
        for posts without one (they cannot match), so they never make the parser run there."""
        engine = self.engine
        waiting: deque[tuple[Post, Notice | None]] = deque()

        def texts() -> Iterator[tuple[str, bool]]:
            for post in posts:
                if not isinstance(post.text, str):
                    raise TypeError(f"expected str, got {type(post.text).__name__}")
                skip = self.skip_notice(post.text)
                waiting.append((post, skip))
                # str(): spaCy takes exact str only (a Prose carries its stubbed URLs, read below)
                yield ("" if skip else analysable(str(post.text))), post.author is not None

        for doc, plan in engine.gate.pipe_posts(texts()):
            post, skip = waiting.popleft()
            if skip is not None:
                yield make_report(engine, [], [skip])
                continue
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
            yield report

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
        """Findings plus a notice for every rule that failed on this post or was given up on."""
        failures = self.failures
        allow = self.engine.allow
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
                return distinct(findings_for(doc, text, active, allow)), notices
        except (Exception, Overrun):  # noqa: BLE001 - isolate the failing rule below, report it, keep going
            pass
        findings: list[Finding] = []
        for rule in active:
            try:
                with time_limit(RULE_TIME_LIMIT):
                    findings += findings_for(doc, text, [rule], allow)
            except (Exception, Overrun) as exc:  # noqa: BLE001
                code = rule.rule.code
                reason = _reason(exc, code)
                failures.setdefault(code, []).append(reason)
                notices.append(Notice(
                    kind="error", severity=Severity.ERROR, rule=code,
                    message=f"rule {code} could not check this post: {reason}",
                ))
        # One phrase matched by two rules of a category is one problem (before suppressions).
        return distinct(findings), notices


def _reason(exc: BaseException, code: str) -> str:
    reason = (
        str(exc) if isinstance(exc, AuthlintError)
        else f"it {exc} on this post" if isinstance(exc, Overrun)
        else f"{type(exc).__name__}: {exc}"
    )
    return " ".join(reason.removeprefix(f"rule {code}: ").split())
