"""Fix application: safe vs unsafe, no overlaps, offsets preserved, idempotent via re-lint."""

from __future__ import annotations

from authlint.report.fix import Edit, apply_edits, edits_for, fix_for, unified_diff
from authlint.ruleset.schema import Finding, Suggestion
from authlint.severity import Severity


def _finding(start: int, end: int, text: str, *suggestions: Suggestion, rule: str = "PRO103") -> Finding:
    return Finding(rule=rule, name="n", category="self-promotion", severity=Severity.INFO, message="m", why="w",
                   start=start, end=end, line=1, column=start + 1, end_line=1, end_column=end + 1, text=text,
                   weight=1, suggestions=list(suggestions))


SAFE = Suggestion(text="one", replacement="!", applicability="safe")
UNSAFE = Suggestion(text="recap", replacement="To recap", applicability="unsafe")
ADVICE = Suggestion(text="think about it")


def test_only_safe_fixes_unless_unsafe_allowed() -> None:
    f = _finding(0, 16, "Per my last post", ADVICE, UNSAFE)
    assert fix_for(f) is None
    assert fix_for(f, unsafe=True) == UNSAFE
    assert fix_for(_finding(3, 6, "!!!", ADVICE, SAFE)) == SAFE


def test_edits_skip_overlaps_and_no_ops_and_apply_back_to_front() -> None:
    text = "Hi!!! Yes!!! ok!"
    findings = [
        _finding(2, 5, "!!!", SAFE),
        _finding(3, 5, "!!", SAFE),      # overlaps the first: dropped
        _finding(9, 12, "!!!", SAFE),
        _finding(15, 16, "!", SAFE),     # already what the fix would write: dropped
    ]
    edits = edits_for(text, findings)
    assert edits == [Edit(2, 5, "!", "PRO103"), Edit(9, 12, "!", "PRO103")]
    assert apply_edits(text, edits) == "Hi! Yes! ok!"


def test_unified_diff() -> None:
    patch = unified_diff("post.md", "Hi!!!\nBye\n", "Hi!\nBye\n")
    assert patch.startswith("--- a/post.md\n+++ b/post.md\n")
    assert "-Hi!!!\n+Hi!\n" in patch
    assert unified_diff("post.md", "same", "same") == ""
