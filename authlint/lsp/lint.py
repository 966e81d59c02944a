"""Check one editor document the way ``authlint check`` checks one file.

This is the single place the language server turns a document's text into a report, the way
``Linter.check(text, kind=...)`` and ``authlint check`` do: the Markdown/MDX markup is masked
(:func:`authlint.io.source.extract`), the Linter checks the prose with the front matter's
platform and author, and :func:`authlint.engine.document.finish` applies the per-file ignores,
restores URLs, applies inline suppressions (SUP100 included) and re-scores. What only an
editor needs: a very long document is checked in pieces (:data:`SPLIT_ABOVE`), and with a
:class:`authlint.lsp.incremental.LinterCache` a paragraph's analysis (and a long document's
unchanged pieces) is reused from the previous check, so a keystroke does not re-analyse the
whole document (see :mod:`authlint.engine.blocks` for what that changes: nothing, except the
statistical models no longer read across a blank line).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex as re_

from authlint.engine.blocks import shifted
from authlint.engine.document import finish
from authlint.errors import AuthlintError
from authlint.io.positions import LineIndex
from authlint.io.source import Kind, Source, extract
from authlint.report.results import Finding, Notice, Report

if TYPE_CHECKING:
    from authlint.engine.linter import Linter
    from authlint.lsp.incremental import LinterCache

#: Documents longer than this (characters) are checked in pieces of about :data:`PIECE` characters,
#: split at paragraph breaks. Some token patterns cost time quadratic in a post's length (20,000
#: characters in one piece took 30 s on the development VM, 2,000-character pieces 0.2 s each);
#: a post is rarely longer than a few thousand characters, so only long notes and drafts are
#: split. Post-level rules (length limits, hashtag counts) then judge each piece.
SPLIT_ABOVE = 20_000
PIECE = 2_000
_BREAKS = (re_.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)"), re_.compile(r"\r\n|\r|\n"),
           re_.compile(r"(?<=[.!?])[ \t]+"), re_.compile(r"[ \t]+"))


@dataclass(frozen=True)
class Checked:
    """A document's report, or why it could not be checked (bad front matter, unknown author)."""

    text: str
    report: Report | None
    source: Source | None = None
    error: str | None = None


def check_document(
    linter: Linter, text: str, kind: Kind, *, ignores: Sequence[str] = (), cache: LinterCache | None = None,
) -> Checked:
    """Lint ``text`` as a post of ``kind``; ``ignores`` are the per-file-ignores that match it;
    ``cache``: what earlier checks with this Linter analysed (None: analyse as ``Linter.check``)."""
    try:
        source = extract(text, kind)
        report = _check_prose(linter, source, cache)
    except AuthlintError as exc:  # bad front matter, an unknown author: this document's error
        return Checked(text, None, error=str(exc))
    return Checked(text, finish(report, source, linter, ignores, linter.unused_suppressions), source)


def _check_prose(linter: Linter, source: Source, cache: LinterCache | None = None) -> Report:
    """The Linter's report on the prose: in one piece, or in pieces for a long document."""
    from authlint.engine.run import MAX_POST_CHARS

    prose = source.prose
    if len(prose) <= SPLIT_ABOVE or len(prose) > MAX_POST_CHARS:  # over the limit: its notice, as in the CLI
        if cache is not None:
            return cache.check(prose, source.platform, source.author)
        return linter.check(prose, platform=source.platform, author=source.author)
    spans = pieces(prose)
    reports: Iterable[Report]
    if cache is not None:
        reports = [cache.check_piece(prose[a:b], source.platform, source.author) for a, b in spans]
    else:
        reports = linter.check_many((prose[a:b] for a, b in spans), platforms=[source.platform] * len(spans),
                                    author=source.author)
    lines = LineIndex(prose)
    findings: list[Finding] = []
    notices: dict[tuple[str, str], Notice] = {}
    for (offset, _), report in zip(spans, reports):
        findings += shifted(report.findings, offset, lines)
        for n in report.notices:
            notices.setdefault((n.kind, n.message), n)
    return linter.report(findings, list(notices.values()))


def pieces(text: str, size: int = PIECE) -> list[tuple[int, int]]:
    """Spans covering ``text`` of at most about ``size`` characters, cut at the strongest break
    available: a blank line, else a line break, else a sentence end, else a space."""
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        cut = None
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(text, start + size // 4, start + size)]
            if ends:
                cut = ends[-1]
                break
        cut = cut or start + size
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


__all__ = ["Checked", "check_document"]
