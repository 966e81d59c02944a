"""The HTTP API's work, without HTTP: validate a request body, check the post with the one
loaded :class:`~authlint.Linter`, and answer with the report JSON of ``--format json``.

A response to ``POST /api/check`` is exactly one ``files[]`` object of the ``--format json``
schema (``authlint/data/report.schema.json``, serialised by :mod:`authlint.formatters.json`),
plus two fields the page needs: ``length`` (the post measured the platform's way, by
:func:`authlint.measures.platform.measure_length`) and ``fixed_text`` (the post with every
suggested replacement applied, by :mod:`authlint.report.fix`).

Nothing a client sends reaches the file system or the server's settings: ``select`` and
``ignore`` only narrow the rules the server already loaded (:class:`Selection`), an ``author``
is either a mapping of profile fields or the name of a profile in the server's config, and a
post is text, never a path. Every problem is an :class:`ApiError` with one line of message.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from authlint._version import __version__
from authlint.engine.run import MAX_POST_CHARS
from authlint.errors import AuthlintError
from authlint.formatters.base import PostResult
from authlint.formatters.json import post_as_dict
from authlint.io.source import Source, extract
from authlint.report.results import Report
from authlint.settings.platform_names import canonical_platform
from authlint.settings.profile import AuthorProfile, profile_from_mapping

if TYPE_CHECKING:
    from authlint.engine.linter import Linter
    from authlint.ruleset.schema import Rule
    from authlint.settings.selectors import RuleIndex

#: Posts one ``POST /api/check-many`` may carry.
MAX_BATCH = 100
#: What a post is called in responses when the client does not name it.
DEFAULT_PATH = "<draft>"
KINDS = ("text", "markdown", "mdx")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_CHECK_FIELDS = frozenset({"text", "platform", "author", "select", "ignore", "kind", "path", "id"})


class ApiError(Exception):
    """A request the API refuses: an HTTP status and a one-line message (plus optional fields)."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = " ".join(message.split())
        self.extra = extra

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.message, "status": self.status, **self.extra}


def too_long(chars: int, where: str = "") -> ApiError:
    return ApiError(413, f"{where.rstrip('.') + ': ' if where else ''}post has {chars:,} characters, over the {MAX_POST_CHARS:,} limit for one post; split it into posts")


def known_platforms() -> list[str]:
    from authlint.settings.platforms import profiles

    return sorted(profiles())


# --- requests -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckRequest:
    """One post to check, validated."""

    text: str
    platform: str | None = None
    author: AuthorProfile | str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    kind: str = "text"
    path: str = DEFAULT_PATH
    id: str | None = None


def _selectors(value: Any, name: str, where: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ApiError(422, f"{where}{name}: expected a list of rule codes, names or categories")
    return tuple(v.strip() for v in value if v.strip())


def _author(value: Any, where: str) -> AuthorProfile | str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if not isinstance(value, Mapping):
        raise ApiError(422, f"{where}author: expected a mapping of profile fields or the name of a configured author")
    fields = {k: v for k, v in value.items() if v not in (None, "", [])}
    if not fields:
        return None
    try:
        return profile_from_mapping(fields, f"{where}author")
    except AuthlintError as exc:
        raise ApiError(422, str(exc)) from None


def _platform(value: Any, where: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ApiError(422, f"{where}platform: expected a platform name")
    try:
        return canonical_platform(value)
    except AuthlintError as exc:
        raise ApiError(422, f"{where}platform: {exc}", known=known_platforms()) from None


def parse_check(data: Any, where: str = "") -> CheckRequest:
    """The :class:`CheckRequest` in a decoded JSON body (``where`` prefixes messages: ``posts[3].``)."""
    if not isinstance(data, Mapping):
        raise ApiError(422, f"{where.rstrip('.') or 'body'}: expected a JSON object with a 'text' field")
    unknown = sorted(set(data) - _CHECK_FIELDS)
    if unknown:
        raise ApiError(422, f"{where}{unknown[0]}: unknown field (known: {', '.join(sorted(_CHECK_FIELDS))})")
    text = data.get("text")
    if not isinstance(text, str):
        raise ApiError(422, f"{where}text: {'expected a string' if 'text' in data else 'missing'}")
    if len(text) > MAX_POST_CHARS:
        raise too_long(len(text), where)
    lone = _LONE_SURROGATE.search(text) if not text.isascii() else None
    if lone is not None:
        raise ApiError(422, f"{where}text: a lone surrogate (\\u{ord(lone.group()):04x}) at offset {lone.start()} is not Unicode text")
    kind = data.get("kind", "text") or "text"
    if kind not in KINDS:
        raise ApiError(422, f"{where}kind: expected one of {', '.join(KINDS)}")
    path, post_id = data.get("path", DEFAULT_PATH), data.get("id")
    if not isinstance(path, str) or not (post_id is None or isinstance(post_id, (str, int))):
        raise ApiError(422, f"{where}path and id: expected strings")
    return CheckRequest(
        text=text, platform=_platform(data.get("platform"), where), author=_author(data.get("author"), where),
        select=_selectors(data.get("select"), "select", where), ignore=_selectors(data.get("ignore"), "ignore", where) or (),
        kind=kind, path=path or DEFAULT_PATH, id=None if post_id is None else str(post_id),
    )


def parse_many(data: Any) -> list[CheckRequest]:
    """``{"posts": [<check request>, ...]}``; fields given beside ``posts`` apply to every post."""
    if not isinstance(data, Mapping) or not isinstance(data.get("posts"), list):
        raise ApiError(422, "body: expected a JSON object with a 'posts' list")
    shared = {k: v for k, v in data.items() if k != "posts"}
    posts = data["posts"]
    if len(posts) > MAX_BATCH:
        raise ApiError(413, f"{len(posts)} posts in one request, over the limit of {MAX_BATCH}; send them in batches")
    requests = []
    for i, post in enumerate(posts):
        item = {**shared, "text": post} if isinstance(post, str) else post
        if isinstance(item, Mapping) and isinstance(post, Mapping):
            item = {**shared, **post}
        requests.append(parse_check(item, f"posts[{i}]."))
    return requests


# --- rule selection -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The rule codes a request keeps, out of those the server loaded.

    The server's Linter already runs every loaded rule; a request's ``select``/``ignore``
    keeps some of their findings and the score is recomputed from those (rules are
    independent: one rule's findings never depend on another's). Selectors are resolved by
    the one resolver (:class:`~authlint.settings.selectors.RuleIndex`) against the loaded
    rules only; one that names none is an error, so no request can load or enable anything.
    """

    codes: frozenset[str] | None
    """``None``: every loaded rule (nothing to filter)."""

    @classmethod
    def resolve(cls, index: RuleIndex, select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> Selection:
        from authlint.settings.selectors import unknown_selector

        if select is None and not ignore:
            return cls(None)
        for setting, selectors in (("select", select or ()), ("ignore", ignore)):
            for s in selectors:
                if not index.knows(s):
                    raise ApiError(422, unknown_selector(s, setting, index.rules) + " this server loaded")
        everything = frozenset(r.code for r in index.rules)
        chosen = frozenset().union(*(index.codes(s) for s in select)) if select is not None else everything
        return cls(chosen - frozenset().union(*(index.codes(s) for s in ignore)))

    def keeps(self, code: str | None) -> bool:
        return self.codes is None or code is None or code in self.codes

    def apply(self, report: Report, linter: Linter) -> Report:
        """``report`` with only the selected rules' findings and notices, rescored if any went."""
        if self.codes is None:
            return report
        findings = [f for f in report.findings if self.keeps(f.rule)]
        notices = [n for n in report.notices if self.keeps(n.rule)]
        if len(findings) == len(report.findings) and len(notices) == len(report.notices):
            return report
        return linter.report(findings, notices).replace(claims=report.claims)


# --- the service --------------------------------------------------------------------------------


class LintService:
    """The server's one Linter (spaCy loaded once, at start) behind a lock.

    A spaCy pipeline is not safe to run from several threads at once, and on a machine with a
    couple of cores nothing would be gained: requests are answered one post batch at a time, in
    a worker thread, so the event loop keeps accepting connections meanwhile.
    """

    def __init__(self, linter: Linter) -> None:
        from authlint.ruleset.meta import unused_suppression_rule
        from authlint.settings.selectors import RuleIndex

        self.linter = linter
        self._lock = threading.Lock()
        self._index = RuleIndex.of(linter.rules, linter.platform_rules, [unused_suppression_rule()])

    def warm_up(self) -> None:
        """Load spaCy and bind every rule now, so the first request is as fast as the rest."""
        with self._lock:
            self.linter.prepare()
            self.linter.check("Warming up: thanks for waiting!", platform=known_platforms()[0])
            self.linter.check("Warming up.", author=AuthorProfile(name="Warm Up"))

    @property
    def loaded_rules(self) -> list[Rule]:
        return [*self.linter.rules, *self.linter.platform_rules]

    def check(self, request: CheckRequest) -> dict[str, Any]:
        return self.check_many([request])[0]

    def check_many(self, requests: Sequence[CheckRequest]) -> list[dict[str, Any]]:
        """The report of each request, in order (one batch through spaCy), as ``authlint check``
        reports a document: URLs restored, inline suppressions applied (engine.document.finish)."""
        from authlint.engine.document import finish
        from authlint.engine.posts import Post

        prepared = [self._prepare(r) for r in requests]
        selections = [Selection.resolve(self._index, r.select, r.ignore) for r in requests]
        with self._lock:
            reports = list(self.linter.check_posts(Post(source.prose, platform, author) for source, platform, author in prepared))
        unused = self.linter.unused_suppressions
        return [
            self._answer(request, source, platform, selection.apply(finish(report, source, self.linter, unused_severity=unused), self.linter))
            for request, (source, platform, _), selection, report in zip(requests, prepared, selections, reports)
        ]

    def _prepare(self, request: CheckRequest) -> tuple[Source, str | None, AuthorProfile | None]:
        """The post's prose, platform (request > front matter) and author profile (request > front matter > config)."""
        try:
            source = extract(request.text, request.kind)  # type: ignore[arg-type]
        except AuthlintError as exc:
            raise ApiError(422, f"text: {exc}") from None
        platform = request.platform or _platform(source.platform, "front matter: ")
        ref = request.author if request.author is not None else source.author
        try:
            author = self.linter.author_profile(ref)
        except AuthlintError as exc:
            raise ApiError(422, f"author: {exc}") from None
        return source, platform, author

    def _answer(self, request: CheckRequest, source: Source, platform: str | None, report: Report) -> dict[str, Any]:
        from authlint.report.fix import apply_edits, edits_for

        post = PostResult(path=request.path, text=source.text, report=report, id=request.id, platform=platform)
        out = post_as_dict(post)
        out["length"] = measure(source.prose, platform) if platform else None
        out["fixed_text"] = apply_edits(source.text, edits_for(source.text, report.findings, unsafe=True))
        return out

    # --- what the page shows beside the reports ---------------------------------------------------

    def rules(self) -> list[dict[str, Any]]:
        """Every rule the server loaded, as ``authlint rules --format json`` lists them, plus its why."""
        return [
            {"code": r.code, "name": r.name, "category": r.category, "severity": str(r.severity),
             "fixable": r.fixable, "default": "platform" if r.category == "platform" else "on", "why": r.why}
            for r in sorted(self.loaded_rules, key=lambda r: r.code)
        ]

    def health(self) -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "model": self.linter.config.model,
                "rules": len(self.loaded_rules), "max_post_chars": MAX_POST_CHARS, "max_batch": MAX_BATCH}


def measure(text: str, platform: str) -> dict[str, Any]:
    """The post's length counted the way ``platform`` counts it (the same function PLT101 uses)."""
    from authlint.measures.platform import measure_length
    from authlint.settings.platforms import get_profile

    rule = get_profile(platform).length
    length = measure_length(text, rule)
    return {"count": length.count, "limit": rule.limit, "counting": rule.counting,
            "over": max(0, length.count - rule.limit), "overflow_at": length.overflow_at}


def platforms() -> list[dict[str, Any]]:
    """Every platform profile: how it counts length, its hashtag norms, whether links are clickable."""
    from authlint.settings.platforms import profiles

    return [
        {"name": p.name, "title": p.title, "aliases": list(p.aliases),
         "length": {"limit": p.length.limit, "counting": p.length.counting, "url_length": p.length.url_length,
                    "mention_local_part": p.length.mention_local_part},
         "hashtags": {"max": p.hashtags.max, "recommended": p.hashtags.recommended},
         "links": {"clickable": p.links.clickable}}
        for p in sorted(profiles().values(), key=lambda p: p.name)
    ]

