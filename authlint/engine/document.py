"""From a report on a post's prose to the report on the document, for the library and the CLI alike.

The rules see :attr:`Source.prose` (markup masked, URLs stubbed). Afterwards, three things turn
that report into the one a writer should read, in this order: findings a ``per-file-ignores``
entry names are dropped, stubbed URLs are put back into quoted text and messages, and inline
suppression comments silence what they cover (a comment that silences nothing becomes SUP100).
The score is recomputed only when something was dropped.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from authlint.engine.arguments import plain_str
from authlint.engine.posts import Post
from authlint.engine.suppress import apply as apply_suppressions
from authlint.io.directives import parse as parse_suppressions
from authlint.io.source import Kind, Source, extract
from authlint.report.results import Finding, Report
from authlint.ruleset.meta import unused_suppression_rule
from authlint.settings.selectors import RuleIndex
from authlint.severity import Severity

if TYPE_CHECKING:
    from authlint.engine.linter import Linter


def restore_urls(source: Source, finding: Finding) -> Finding:
    """The finding quoting the original text (URL stubs become URLs again)."""
    if not source.urls:
        return finding
    return finding.replace(
        text=source.text[finding.start:finding.end],
        message=source.restore(finding.message),
        suggestions=[
            s.replace(
                text=source.restore(s.text),
                replacement=source.restore(s.replacement) if s.replacement is not None else None,
            )
            for s in finding.suggestions
        ],
    )


def finish(
    report: Report, source: Source, linter: Linter, ignores: Sequence[str] = (),
    unused_severity: Severity | None = None,
) -> Report:
    """The document's report: ``ignores`` (per-file selectors) applied, URLs restored, inline
    suppressions applied and SUP100 reported at ``unused_severity`` (None: SUP100 is off)."""
    directives = parse_suppressions(source.text)
    if not ignores and not directives:
        # Nothing to silence: the score stands (scoring is a pure function of the findings), and
        # a cached run never has to load the rules.
        return report.replace(findings=[restore_urls(source, f) for f in report.findings]) if source.urls else report
    index = linter.rule_index
    findings = [restore_urls(source, f) for f in report.findings if not any(index.covers(s, f.rule) for s in ignores)]
    if len(findings) == len(report.findings) and not directives:
        return report.replace(findings=findings) if source.urls else report
    kept, unused = apply_suppressions(source.text, findings, index)
    meta = RuleIndex.of([unused_suppression_rule()])
    if unused_severity is None or any(meta.covers(s, u.rule) for u in unused for s in ignores):
        unused = []
    else:
        unused = [u.replace(severity=unused_severity) for u in unused]
    rescored = linter.report(kept, list(report.notices))
    if unused:
        merged = sorted([*rescored.findings, *unused], key=lambda f: (f.start, f.end, f.rule))
        rescored = rescored.replace(findings=merged)
    return rescored


def check_documents(
    linter: Linter, texts: Iterable[str], kind: Kind, *, platforms: Iterable[str | None] | None = None,
    author: Any = None, authors: Iterable[Any] | None = None,
) -> Iterator[Report]:
    """Check whole documents of ``kind`` as ``authlint check`` does, in input order.

    Each text is masked to its prose (:func:`authlint.io.source.extract`); a platform or author
    given here wins over the front matter's, which wins over the config's. Reports are
    finished with :func:`finish` (URLs restored, inline suppressions applied, SUP100).
    """
    names = iter(platforms) if platforms is not None else None
    refs = iter(authors) if authors is not None else None
    sources: deque[Source] = deque()

    def posts() -> Iterator[Post]:
        for text in texts:
            source = extract(plain_str(text, "text"), kind)
            name = plain_str(next(names, None) if names is not None else None, "platform", optional=True)
            ref = next(refs, None) if refs is not None else None
            if ref is None:
                ref = author if author is not None else source.author
            sources.append(source)
            yield Post(source.prose, name or source.platform, linter.author_profile(ref))

    for report in linter.check_posts(posts()):
        yield finish(report, sources.popleft(), linter, unused_severity=linter.unused_suppressions)
