"""Apply suggested replacements: ``--fix`` (safe only), ``--unsafe-fixes`` (safe and unsafe).

Edits never overlap (the earlier finding wins), are applied back to front so offsets stay
valid, and only touch the finding's own span. The caller re-lints and repeats until nothing
changes, so fixing a second time is a no-op.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from authlint.report.results import Finding, Suggestion

MAX_PASSES = 5


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    rule: str


def fix_for(finding: Finding, unsafe: bool = False) -> Suggestion | None:
    """The first suggestion of ``finding`` that ``--fix`` may apply."""
    allowed = ("safe", "unsafe") if unsafe else ("safe",)
    for s in finding.suggestions:
        if s.replacement is not None and s.applicability in allowed:
            return s
    return None


def edits_for(text: str, findings: Sequence[Finding], unsafe: bool = False) -> list[Edit]:
    """Non-overlapping edits that change something, in text order."""
    edits: list[Edit] = []
    for f in sorted(findings, key=lambda f: (f.start, f.end)):
        s = fix_for(f, unsafe)
        if s is None or s.replacement is None or text[f.start:f.end] == s.replacement:
            continue
        if edits and f.start < edits[-1].end:
            continue
        edits.append(Edit(f.start, f.end, s.replacement, f.rule))
    return edits


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: e.start] + e.replacement + text[e.end:]
    return text


def unified_diff(name: str, before: str, after: str) -> str:
    """A ``diff -u`` style patch of one post (empty when nothing changed)."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True),
        fromfile=f"a/{name}", tofile=f"b/{name}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)
