"""Result cache: an unchanged post under unchanged rules, config, code and model is not re-checked.

A report depends on the post's text, its platform and author profile, the rule files, the
config, authlint's own code and data, and the spaCy model. The first five hash into each
entry's key; code, rules, config and model also name a *namespace* folder, so changing any of
them simply starts a fresh folder. Computing a namespace reads files and package metadata
only: a run where every post hits the cache never imports spaCy.

Layout: ``<cache-dir>/<namespace>/<key[:2]>/<key>.entry``, each entry a checksummed report as
JSON (:mod:`authlint.cache.store`), sealed with this user's key so a planted entry reads as
missing; a damaged or foreign entry is ignored and overwritten by the next store. Results are
plain dataclasses: a hit is rebuilt without pydantic and only its shape is checked
(:func:`well_formed`), so a run where every post hits never imports pydantic.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from authlint.cache.store import mark, read_entry, write_entry
from authlint.support.records import plain

if TYPE_CHECKING:
    from authlint.report.results import Report
    from authlint.settings.config import Config

#: Bump when the entry format changes.
FORMAT = "3"
#: Posts looked up (and their misses checked) together, so input streams in bounded memory.
WINDOW = 512

_PACKAGE = Path(__file__).resolve().parent.parent


def digest(*parts: str | bytes) -> str:
    """SHA-256 of ``parts``, each ended by a NUL byte (so ("ab", "c") and ("a", "bc") differ)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


@cache
def code_fingerprint() -> str:
    """authlint's version plus the size and mtime of every file of the package (code and data)."""
    from authlint._version import __version__

    entries = [__version__]
    for root, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(root, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            entries.append(f"{os.path.relpath(path, _PACKAGE)}:{st.st_size}:{st.st_mtime_ns}")
    return digest(*entries)


def rules_fingerprint(directories: Iterable[Path]) -> str:
    """The bytes of every rule file, so an edited rule invalidates results (without parsing
    them); the files are found by the rule loader's own walk (bounded, safe on ``/proc``)."""
    from authlint.errors import RuleError
    from authlint.ruleset.loader import rule_files

    h = hashlib.sha256()
    for directory in directories:
        directory = Path(directory)
        h.update(str(directory).encode("utf-8", "surrogatepass") + b"\0")
        if not directory.is_dir():
            continue
        try:
            paths = rule_files(directory)
        except RuleError as exc:  # loading the rules reports it; nothing is cached under it
            h.update(str(exc).encode("utf-8", "surrogatepass"))
            continue
        for path in paths:
            h.update(str(path.relative_to(directory)).encode("utf-8", "surrogatepass") + b"\0")
            try:
                h.update(path.read_bytes())
            except OSError:
                h.update(b"<unreadable>")
            h.update(b"\0")
    return h.hexdigest()


def model_fingerprint(model: str) -> str:
    """The model's name and version from its ``meta.json``, found without importing spaCy."""
    import importlib.util

    candidates: list[Path] = []
    if Path(model).expanduser().is_dir():
        candidates.append(Path(model).expanduser())
    else:
        from authlint.nlp.analyzer import resolve_model

        try:
            target = resolve_model(model)
        except Exception:  # noqa: BLE001 - a missing model fails later, with its own message
            return f"{model}:unresolved"
        spec = importlib.util.find_spec(target) if target.isidentifier() else None
        for location in (spec.submodule_search_locations or []) if spec else []:
            candidates.append(Path(location))
        candidates.append(Path(target))
    for folder in candidates:
        meta = folder / "meta.json"
        if meta.is_file():
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            return f"{model}:{data.get('lang')}_{data.get('name')}-{data.get('version')}"
    return f"{model}:unknown"


def namespace(config: Config, *, claims: bool = True) -> str:
    """Everything shared by all posts of a run that their reports depend on (``claims``: whether
    reports list the posts' claims, see ``Linter(claims=...)``)."""
    return digest(
        FORMAT,
        f"claims={claims}",
        code_fingerprint(),
        rules_fingerprint(config.rule_dirs()),
        settings_fingerprint(config, exclude=("cache_dir",)),
        model_fingerprint(config.model),
    )[:32]


def settings_fingerprint(settings: Any, exclude: tuple[str, ...] = ()) -> str:
    """Every field of a settings dataclass (config, author profile) as canonical JSON."""
    return json.dumps(
        {f.name: plain(getattr(settings, f.name)) for f in dataclasses.fields(settings) if f.name not in exclude},
        ensure_ascii=False,  # keys keep field order: a later severity override wins
    )


def post_context(platform: str | None, author: Any) -> str:
    """The per-post settings a report depends on besides its text (platform, author profile)."""
    who = settings_fingerprint(author) if author is not None else ""
    return f"{platform or ''}\0{who}"


class ResultCache:
    """Reports stored one file per post under ``directory/<namespace>``."""

    def __init__(self, directory: str | Path, space: str) -> None:
        self.root = Path(directory)
        self.folder = self.root / space
        self._folder = str(self.folder)  # entry paths are joined as strings: one per post
        self._marked = False

    @staticmethod
    def key(text: str, context: str = "") -> str:
        """The entry key of a post; ``context`` holds per-post settings (platform, author)."""
        return digest(text, context)

    def _path(self, key: str) -> str:
        return os.path.join(self._folder, key[:2], f"{key}.entry")

    def get(self, key: str, length: int | None = None) -> Report | None:
        """The stored report, or None if missing, unreadable, damaged, for another key or not
        of a report's shape (``length``: the post's length, which every span must fit)."""
        from authlint.report.results import report_from_dict

        body = read_entry(self._path(key), key)
        if body is None:
            return None
        try:
            report = report_from_dict(json.loads(body))
        except (ValueError, KeyError, TypeError, AttributeError):  # written by another format: not cached
            return None
        return report if well_formed(report, length) else None

    def put(self, key: str, report: Report) -> None:
        """Store ``report`` (skipped if the cache cannot be written)."""
        self._marked = self._marked or mark(self.root)
        if self._marked:
            write_entry(self._path(key), key, json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8"))


_INT_FIELDS = ("start", "end", "line", "column", "end_line", "end_column")
_spans = attrgetter(*_INT_FIELDS)
_texts = attrgetter("rule", "name", "category", "message", "why", "text")
_INT, _STR = {int}, {str}


def well_formed(report: Report, length: int | None = None) -> bool:
    """Whether a rebuilt report has the types every formatter relies on (ints for spans, within
    the post; strings for text; a number for the score). A sealed entry always has; this is
    the second line of defence, so a bad entry is a miss and never a crash."""
    def number(value: Any) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    if not number(report.score) or not isinstance(report.categories, dict):
        return False
    # A re-run rebuilds thousands of findings: the type checks are set comparisons in C
    # (``type(v) is int`` also rules out ``bool``; JSON gives plain ints and strings only).
    for finding in report.findings:
        spans = _spans(finding)
        if set(map(type, spans)) != _INT or min(spans) < 0:
            return False
        if spans[0] > spans[1] or (length is not None and spans[1] > length):
            return False
        if set(map(type, _texts(finding))) != _STR:
            return False
        if not number(finding.weight) or not isinstance(finding.suggestions, list):
            return False
    return all(isinstance(n.message, str) and isinstance(n.kind, str) for n in report.notices)


def cached_reports(
    posts: Iterable[tuple[str, str, Any]],
    cache: ResultCache,
    analyse: Callable[[Iterator[Any]], Iterator[Report]],
    window: int = WINDOW,
) -> Iterator[Report]:
    """Reports in input order: hits from ``cache``, misses from one ``analyse`` stream (then stored).

    ``posts`` yields (text, context, item): text and context make the key, ``item`` is what
    ``analyse`` takes for a miss. ``analyse`` is handed a lazy iterator of the misses (it may
    read ahead, e.g. to feed worker processes); lookups run a window at a time.
    """
    source = iter(posts)
    out: deque[tuple[str, Report | None]] = deque()  # (key, hit report or None for a miss)
    queue: deque[Any] = deque()  # items of misses not yet taken by ``analyse``
    done = False

    def refill() -> None:
        nonlocal done
        for _ in range(window):
            try:
                text, context, item = next(source)
            except StopIteration:
                done = True
                return
            key = cache.key(text, context)
            report = cache.get(key, len(text))
            out.append((key, report))
            if report is None:
                queue.append(item)

    def misses() -> Iterator[Any]:
        while True:
            while not queue and not done:
                refill()
            if not queue:
                return
            yield queue.popleft()

    fresh: Iterator[Report] | None = None  # started at the first miss: all hits, no analysis
    while True:
        if not out:
            if done:
                return
            refill()
            continue
        key, report = out.popleft()
        if report is None:
            if fresh is None:
                fresh = analyse(misses())
            report = next(fresh)
            cache.put(key, report)
        yield report
