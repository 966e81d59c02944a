"""Properties that hold for any text at all: no crash, exact spans, bounded scores, determinism.

Posts are built from arbitrary Unicode mixed with the hard cases of social text (emoji ZWJ
sequences, flags, skin tones, combining marks, right-to-left scripts, zero-width characters,
CRLF / lone CR line breaks) and English phrases that trigger rules, so findings do occur.
"""

from __future__ import annotations

import json

import regex as re_
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authlint import Linter, Report
from authlint.report.results import report_from_dict

FRAGMENTS = [
    # phrases that make rules fire
    "Buy now!!! ", "Link in bio. ", "I did it. I won. I am the best. ", "Thanks so much @sam for the help! ",
    "Oh great, another Monday. ", "Use my code SAVE20 ", "#ad ", "#launch #startup #growth ", "https://example.com/x ",
    "WHAT A DAY ", "What do you think? ", "As a doctor, I ", "Obviously everyone knows this. ",
    # emoji: ZWJ family, profession with skin tone, flag, keycap, variation selector
    "👨‍👩‍👧‍👦", "👩🏽‍💻", "🇺🇦", "1️⃣", "❤️", "🏳️‍🌈", "🎉",
    # combining marks and decomposed letters
    "e\u0301", "Z\u0351\u0362a\u0334\u0327l\u035dg\u0336o", "n\u0303",
    # right-to-left and bidi controls
    "שלום ", "مرحبا ", "\u202eevil\u202c", "\u200f",
    # zero-width characters and odd spaces
    "\u200b", "\u200c", "\u200d", "\ufeff", "\u00a0", "\u2028", "\u3000",
    # line breaks of every style
    "\n", "\r\n", "\r", "\n\n",
    # surrounding English so most posts stay English
    "the team and I shipped it ", "we think you will like this ", "it is what it is. ",
]

posts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=25).map("".join)
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
_BREAK = re_.compile(r"\r\n|\r|\n")


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column with CRLF and lone CR counted as one break (independent oracle)."""
    starts = [0] + [m.end() for m in _BREAK.finditer(text[:offset])]
    return len(starts), offset - starts[-1] + 1


def _assert_well_formed(text: str, report: Report) -> None:
    assert 0 <= report.score <= 100
    assert all(0 <= v <= 100 for v in report.categories.values())
    assert not [n for n in report.notices if n.kind == "error"], report.notices
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(text), f
        assert text[f.start:f.end] == f.text
        assert (f.line, f.column) == _line_column(text, f.start)
        assert (f.end_line, f.end_column) == _line_column(text, f.end)
        assert f.message and "{" not in f.message.replace("{{", "")
    starts = [(f.start, f.end, f.rule) for f in report.findings]
    assert starts == sorted(starts)


@PROPERTY_SETTINGS
@given(text=posts)
def test_any_text_gives_a_well_formed_report(linter: Linter, text: str) -> None:
    _assert_well_formed(text, linter.check(text))


@PROPERTY_SETTINGS
@given(text=posts)
def test_same_text_same_report(linter: Linter, text: str) -> None:
    first = linter.check(text)
    assert linter.check(text) == first
    assert report_from_dict(json.loads(json.dumps(first.to_dict()))) == first  # the JSON form round-trips


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(texts=st.lists(posts, max_size=8))
def test_check_many_equals_repeated_check(linter: Linter, texts: list[str]) -> None:
    batched = list(linter.check_many(texts))
    assert batched == [linter.check(t) for t in texts]


@PROPERTY_SETTINGS
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_raw_unicode_never_crashes(linter: Linter, text: str) -> None:
    _assert_well_formed(text, linter.check(text))


def test_findings_survive_every_line_break_style(linter: Linter) -> None:
    """The same post with LF, CRLF or CR breaks: same findings, same lines and columns."""
    base = "Great news!\nBuy now!!! Link in bio.\n\nThanks @sam 👩🏽‍💻"
    reports = {nl: linter.check(base.replace("\n", nl)) for nl in ("\n", "\r\n", "\r")}
    assert reports["\n"].findings, "the example must trigger rules"
    positions = {nl: [(f.rule, f.line, f.column, f.text) for f in r.findings] for nl, r in reports.items()}
    assert positions["\n"] == positions["\r\n"] == positions["\r"]


def test_spans_after_wide_characters_are_exact(linter: Linter) -> None:
    text = "👨‍👩‍👧‍👦\u200b e\u0301 שלום \u202e Buy now!!! Link in bio."
    report = linter.check(text)
    assert report.findings
    _assert_well_formed(text, report)


def test_lone_surrogate_does_not_crash(linter: Linter) -> None:
    # Unreachable from files (they are decoded strictly), but a library caller can pass one.
    text = "Buy now!!! \ud800 Link in bio."
    _assert_well_formed(text, linter.check(text))
