"""Code actions on findings: each one is an edit the editor applies, or a command the server runs.

* **apply a suggestion**: replace the finding's text with the suggestion's replacement
  (``safe`` ones are *preferred*, so "fix" shortcuts pick them; ``unsafe`` ones say they may
  change the meaning);
* **disable RULE for this line**: insert ``authlint-disable-next-line RULE`` above the line, in
  the file's style (an HTML comment in Markdown/MDX or wherever the file already uses one, a
  line of its own in plain text), with the line's indentation and the file's line break; an
  existing next-line directive right above gains the code instead;
* **allow this phrase**: a command (:data:`ALLOW_COMMAND`); the server adds the phrase to the
  nearest config's ``allow:`` itself (:mod:`authlint.lsp.allow`), atomically, and re-lints;
* **fix all safe**: one edit from the document to the text ``--fix`` would write (the caller
  computes it by fixing and re-linting until nothing changes).
"""

from __future__ import annotations

from lsprotocol import types

from authlint.io.directives import parse as parse_directives
from authlint.io.source import Kind
from authlint.lsp.diagnostics import lsp_range
from authlint.lsp.positions import PositionMap, line_break
from authlint.report.results import POSITIVE_CATEGORIES, Finding

ALLOW_COMMAND = "authlint.allowPhrase"
FIX_ALL_KIND = "source.fixAll.authlint"
#: Longest finding text offered as an allow-list phrase (longer spans are sentences, not phrases).
MAX_PHRASE = 60


def _edit(uri: str, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: edits})


def suggestion_actions(
    uri: str, finding: Finding, positions: PositionMap, diagnostic: types.Diagnostic | None,
) -> list[types.CodeAction]:
    """One quick fix per suggestion that carries a replacement (safe first)."""
    out = []
    for s in sorted(finding.suggestions, key=lambda s: s.applicability != "safe"):
        if s.replacement is None or s.applicability == "display" or s.replacement == finding.text:
            continue
        caution = "" if s.applicability == "safe" else " (may change the meaning)"
        out.append(types.CodeAction(
            title=f"{finding.rule}: replace {finding.text!r} with {s.replacement!r}{caution}",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic] if diagnostic else None,
            is_preferred=s.applicability == "safe",
            edit=_edit(uri, [types.TextEdit(range=lsp_range(positions, finding.start, finding.end), new_text=s.replacement)]),
        ))
    return out


def directive_style(text: str, kind: Kind) -> str:
    """``comment`` (``<!-- ... -->``) or ``plain`` (a bare line), following what the file already uses."""
    existing = parse_directives(text)
    if existing:
        return "comment" if existing[0].text.startswith("<!--") else "plain"
    return "comment" if kind in ("markdown", "mdx") else "plain"


def disable_line_action(
    uri: str, text: str, kind: Kind, finding: Finding, positions: PositionMap, diagnostic: types.Diagnostic | None,
) -> types.CodeAction:
    line, _ = positions.position(finding.start)
    start, end = positions.line_bounds(line)
    indent = text[start:end][: len(text[start:end]) - len(text[start:end].lstrip(" \t"))]
    title = f"Disable {finding.rule} for this line"
    if line > 0:  # a next-line directive right above: add the code to it
        above_start, above_end = positions.line_bounds(line - 1)
        above = text[above_start:above_end]
        for d in parse_directives(above):
            if d.action == "disable-next-line" and d.selectors and finding.rule not in d.selectors:
                raw = above[d.start:d.end]
                lead = raw[: len(raw) - len(raw.lstrip())]
                body = f"authlint-disable-next-line {','.join([*d.selectors, finding.rule])}"
                new = lead + (f"<!-- {body} -->" if d.text.startswith("<!--") else body)
                span = lsp_range(positions, above_start + d.start, above_start + d.end)
                return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                                        diagnostics=[diagnostic] if diagnostic else None,
                                        edit=_edit(uri, [types.TextEdit(range=span, new_text=new)]))
    body = f"authlint-disable-next-line {finding.rule}"
    directive = f"<!-- {body} -->" if directive_style(text, kind) == "comment" else body
    at = lsp_range(positions, start, start)
    return types.CodeAction(
        title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic] if diagnostic else None,
        edit=_edit(uri, [types.TextEdit(range=at, new_text=f"{indent}{directive}{line_break(text)}")]),
    )


def allow_phrase_action(uri: str, finding: Finding, diagnostic: types.Diagnostic | None) -> types.CodeAction | None:
    """Offered for short single-line phrases of rules that cost points."""
    phrase = " ".join(finding.text.split())
    if (not phrase or len(phrase) > MAX_PHRASE or "\n" in finding.text or "\r" in finding.text
            or finding.category in POSITIVE_CATEGORIES or finding.rule.startswith("SUP")):
        return None
    title = f"Allow {phrase!r} (add it to allow: in the config)"
    return types.CodeAction(
        title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic] if diagnostic else None,
        command=types.Command(title=title, command=ALLOW_COMMAND, arguments=[uri, phrase]),
    )


def whole_edit(before: str, after: str, positions: PositionMap) -> types.TextEdit:
    """One edit turning ``before`` into ``after``: the span between their common prefix and suffix."""
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    return types.TextEdit(range=lsp_range(positions, prefix, len(before) - suffix),
                          new_text=after[prefix: len(after) - suffix])


def fix_all_action(uri: str, before: str, after: str, positions: PositionMap, fixes: int) -> types.CodeAction | None:
    if before == after:
        return None
    return types.CodeAction(
        title=f"authlint: fix all safe ({fixes} {'fix' if fixes == 1 else 'fixes'})", kind=FIX_ALL_KIND,
        edit=_edit(uri, [whole_edit(before, after, positions)]),
    )


__all__ = [
    "ALLOW_COMMAND", "FIX_ALL_KIND", "MAX_PHRASE", "allow_phrase_action", "directive_style",
    "disable_line_action", "fix_all_action", "suggestion_actions", "whole_edit",
]
