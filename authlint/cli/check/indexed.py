"""``authlint check``'s use of the file index (:mod:`authlint.cache.files`): unchanged post files
are answered from their stat, before they are read, parsed or hashed.

Only plain post files take this path: not stdin, not bulk exports, not ``--fix``/``--diff``
(which rewrite text) and not ``--no-cache``. A hit is rebuilt as the job the rest of the run
expects (its settings, platform, thresholds and finished report); the text, which the text and
rdjson formats quote, is read only for a post with findings, and only in those formats.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

from authlint.cache.files import FileIndex, index_space
from authlint.cache.results import namespace, well_formed
from authlint.cli.check.collect import InputOptions, Job
from authlint.engine.workspace import Overrides, Settings
from authlint.errors import InputError
from authlint.formatters import PostResult
from authlint.io.textio import read_post
from authlint.report.results import Report, report_from_dict

if TYPE_CHECKING:
    from collections.abc import Iterable


_CLEAN_KEPT = 256
"""Distinct clean payloads decoded once each (a platform and a claim list make one; a few)."""


class IndexedResults:
    """One file index per config of the run, in the run's cache folder."""

    def __init__(
        self, cache_dir: str | os.PathLike[str], overrides: Overrides, inputs: InputOptions, claims: bool,
        *, quotes_text: bool = True,
    ) -> None:
        """``quotes_text``: whether the output format quotes posts (text, rdjson): only then is a
        hit with findings read for its text."""
        self.cache_dir = cache_dir
        self._quotes_text = quotes_text
        self._options = (overrides, inputs)
        self._claims = claims
        self._indexes: dict[int, tuple[Settings, FileIndex]] = {}  # id(settings): settings are shared per config
        self._folders: dict[str, str] = {}  # a folder as named -> its absolute path
        self._clean: dict[str, tuple[Report, str | None]] = {}  # payload text -> decoded (clean reports only)

    def _index(self, settings: Settings) -> FileIndex:
        known = self._indexes.get(id(settings))
        if known is None:
            space = index_space(namespace(settings.config, claims=self._claims), *self._options)
            known = self._indexes[id(settings)] = (settings, FileIndex(self.cache_dir, space))
        return known[1]

    def lookup(
        self, name: str, display: str, settings: Settings | None, st: os.stat_result | None = None,
    ) -> tuple[Job | None, os.stat_result | None]:
        """(the finished job, None) for an unchanged file, else (None, its stat before reading).

        ``st``: the file's stat as discovery took it (:func:`authlint.io.discovery.discover_files`),
        so an unchanged file is stat-ed once in the run; without it the file is stat-ed here.
        Either way the stat is taken before the file is read, which the racily-clean rule of
        :class:`authlint.cache.files.FileIndex` needs."""
        if settings is None:
            return None, None
        folder, base = os.path.split(name)
        if base in ("", ".", ".."):
            folder, base = os.path.split(os.path.abspath(name))
        else:  # abspath(name) is abspath(folder)/base: one abspath per folder, not per file
            absolute = self._folders.get(folder)
            if absolute is None:
                absolute = self._folders[folder] = os.path.abspath(folder)
            folder = absolute
        if st is None:
            try:
                st = os.stat(os.path.join(folder, base))
            except OSError:
                return None, None  # reading it reports the problem
        text = self._index(settings).payload_text(folder, base, st)
        job = self._job(text, name, display, settings) if text is not None else None
        return job, (None if job is not None else st)

    def _decode(self, text: str) -> tuple[Report, str | None] | None:
        """A stored payload's report and platform, or None if it is not one authlint wrote.
        A clean post's payload is decoded once per distinct text: its report, which carries no
        findings, is shared by every post with that text (nothing changes a finished report)."""
        shared = self._clean.get(text)
        if shared is not None:
            return shared
        try:
            payload = json.loads(text)
            report = report_from_dict(payload["report"])
            platform = payload["platform"]
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        if not well_formed(report) or not (platform is None or isinstance(platform, str)):
            return None
        if not report.findings and not report.notices and len(self._clean) < _CLEAN_KEPT:
            self._clean[text] = (report, platform)
        return report, platform

    def _job(self, text: str, name: str, display: str, settings: Settings) -> Job | None:
        decoded = self._decode(text)
        if decoded is None:
            return None
        report, platform = decoded
        text = ""
        if report.findings and self._quotes_text:
            try:
                text = read_post(name, encoding=self._options[1].encoding).text
            except InputError:
                return None  # the normal path reports it
            if any(f.end > len(text) for f in report.findings):
                return None
        result = PostResult(display, text=text, report=report, platform=platform,
                            thresholds=(settings.config.fail_on, settings.config.min_score))
        return Job(result, settings)  # no target: a finished job matches no config

    def remember(self, jobs: Iterable[Job]) -> None:
        """Index every job checked from a file this run (not errors, nor incomplete checks)."""
        for job in jobs:
            report, settings = job.result.report, job.settings
            if job.stat is None or report is None or settings is None or job.result.error or job.result.fixed:
                continue
            if any(str(n.severity) == "error" for n in report.notices):
                continue  # a rule failed or timed out: check it again next time
            assert job.post_text is not None and job.post_text.path is not None
            payload = {"platform": job.result.platform, "report": report.to_dict()}
            self._index(settings).put(os.path.abspath(job.post_text.path), job.stat, payload)

    def save(self) -> None:
        for _, index in self._indexes.values():
            index.save()
