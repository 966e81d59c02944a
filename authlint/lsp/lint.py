"""Check one editor document the way ``authlint check`` checks one file.

This is the single place the language server turns a document's text into a report: mask the
Markdown/MDX markup (:mod:`authlint.io.source`), run the Linter on the prose with the front
matter's platform and author, put URLs back into messages, drop per-file ignores, apply the
inline suppressions (:mod:`authlint.engine.suppress`, including ``SUP100`` for directives that
silence nothing) and re-score.

Main is gaining ``Linter.check(text, kind=...)``, which does the same inside the engine; when it
lands, the body of :func:`check_document` becomes that one call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from authlint.engine.suppress import apply as apply_suppressions
from authlint.engine.suppress import matches as selector_matches
from authlint.engine.suppress import parse as parse_suppressions
from authlint.errors import AuthlintError
from authlint.io.source import Kind, Source, extract
from authlint.report.results import Finding, Report
from authlint.severity import Severity

if TYPE_CHECKING:
    from authlint.engine.linter import Linter


@dataclass(frozen=True)
class Checked:
    """A document's report, or why it could not be checked (bad front matter, unknown author)."""

    text: str
    report: Report | None
    source: Source | None = None
    error: str | None = None


def check_document(
    linter: Linter, text: str, kind: Kind, *, ignores: Sequence[str] = (),
    unused_suppressions: Severity | None = None,
) -> Checked:
    """Lint ``text`` as a post of ``kind``; ``ignores`` are the per-file-ignores that match it and
    ``unused_suppressions`` the severity of ``SUP100`` (``None``: not selected)."""
    try:
        source = extract(text, kind)
        report = linter.check(source.prose, platform=source.platform, author=source.author)
    except AuthlintError as exc:
        return Checked(text, None, error=str(exc))
    findings = [_restore(source, f) for f in report.findings if not any(selector_matches(s, f) for s in ignores)]
    if len(findings) == len(report.findings) and not parse_suppressions(text):
        return Checked(text, report.replace(findings=findings), source)
    known = frozenset(x for r in [*linter.rules, *linter._platform_rules] for x in (r.code, r.name, r.category))
    kept, unused = apply_suppressions(text, findings, known)
    if unused_suppressions is None or any(selector_matches(s, u) for u in unused for s in ignores):
        unused = []
    rescored = linter.report(kept, list(report.notices))
    if unused:
        merged = [*rescored.findings, *(u.replace(severity=unused_suppressions) for u in unused)]
        rescored = rescored.replace(findings=sorted(merged, key=lambda f: (f.start, f.end, f.rule)))
    return Checked(text, rescored, source)


def _restore(source: Source, f: Finding) -> Finding:
    """Findings quote the original text (URL stubs become URLs again)."""
    if not source.urls:
        return f
    return f.replace(
        text=source.text[f.start:f.end],
        message=source.restore(f.message),
        suggestions=[
            s.replace(text=source.restore(s.text),
                      replacement=source.restore(s.replacement) if s.replacement is not None else None)
            for s in f.suggestions
        ],
    )


__all__ = ["Checked", "check_document"]
