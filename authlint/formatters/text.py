"""The default, human output: grouped by post, each finding shown in its line with a caret
underline, the suggestion beneath, the post's score, and one summary line at the end."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import click
import regex as re_

from authlint.formatters.base import PostResult, RunResult, Stream, render
from authlint.io.positions import LineIndex
from authlint.report.results import POSITIVE_CATEGORIES, Finding
from authlint.severity import Severity

MAX_LINE = 96  # display columns of source shown per line before cropping
TAB = 4
_GRAPHEME = re_.compile(r"\X")
_NOT_PRINTABLE_ASCII = re_.compile(r"[^\x20-\x7e]")
_WIDE = re_.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")
_JOINING = frozenset({"Mn", "Mc", "Me", "Cf", "Sk", "Co", "Cn", "Cs"})
_JOINS = re_.compile(r"\p{Regional_Indicator}|\p{Emoji_Modifier}|\p{Hangul_Syllable_Type=L}"
                     r"|\p{Hangul_Syllable_Type=V}|\p{Hangul_Syllable_Type=T}|\p{Grapheme_Cluster_Break=Prepend}"
                     r"|\p{Grapheme_Cluster_Break=SpacingMark}|\p{Grapheme_Cluster_Break=Extend}|[\r\n]")
_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, **kw: object) -> str:
        return click.style(text, **kw) if self.color else text  # type: ignore[arg-type]


def width(text: str) -> int:
    """Terminal columns of ``text``: wide CJK and emoji take 2, combining marks 0, tabs TAB."""
    if text.isascii() and "\t" not in text:
        return len(text)  # the common case, exactly what the sum below computes, 50x faster
    others = _NOT_PRINTABLE_ASCII.findall(text)  # printable ASCII is one column each
    columns = [_char_width(c) for c in others]
    if None not in columns:  # no character that joins others into one cluster: sum per character
        return len(text) - len(others) + sum(columns)  # type: ignore[arg-type]
    return sum(map(_grapheme_width, _GRAPHEME.findall(text)))


@lru_cache(maxsize=4096)
def _char_width(c: str) -> int | None:
    """Columns of a character that is a cluster of its own, or None for one that may join its
    neighbours (combining and spacing marks, format characters such as ZWJ, emoji modifiers,
    regional indicators, Hangul jamo): text with those is measured cluster by cluster."""
    category = unicodedata.category(c)
    if category in _JOINING or _JOINS.match(c):
        return None
    return _grapheme_width(c)


@lru_cache(maxsize=4096)
def _grapheme_width(g: str) -> int:
    """Columns of one grapheme cluster (a pure function of it: posts repeat the same few)."""
    if g == "\t":
        return TAB
    if _WIDE.search(g) or any(unicodedata.east_asian_width(c) in "WF" for c in g):
        return 2
    return sum(1 for c in g if not unicodedata.combining(c) and unicodedata.category(c) not in ("Cf", "Mn", "Me"))


def _score_color(score: float) -> str:
    return "green" if score >= 80 else "yellow" if score >= 50 else "red"


def _first_fitting(line: str, low: int, high: int, right: int) -> int:
    """The smallest start in ``low..high`` whose ``line[start:right]`` fits the crop width
    (``high`` if none does). Width only shrinks as the start moves right, so bisect instead of
    measuring the line once per character."""
    while low < high:
        mid = (low + high) // 2
        if width(line[mid:right]) > MAX_LINE - 2:
            low = mid + 1
        else:
            high = mid
    return low


def _snippet(text: str, lines: LineIndex, f: Finding, style: _Style, color: str) -> list[str]:
    if f.start > len(text) or f.line < 1:
        return []  # the text is not the one the finding was made on: show no snippet rather than a wrong one
    try:
        start, end = lines.line_span(f.line)
    except IndexError:
        return []
    end = len(text) if end == -1 else end
    line = text[start:end].rstrip("\r\n")
    col0 = f.start - start
    col1 = min(len(line), f.end - start) if f.end_line == f.line else len(line)
    col1 = max(col1, col0 + 1)
    # Crop long lines around the span, keeping a little context on each side.
    left, right = 0, len(line)
    if width(line) > MAX_LINE:
        left = max(0, col0 - 24)
        right = min(len(line), max(col1 + 24, left + MAX_LINE - 2))
        left = _first_fitting(line, left, col0, right)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line) else ""
    shown = line[left:right].replace("\t", " " * TAB)
    pad = width(prefix) + width(line[left:col0])
    marks = max(1, width(line[col0:min(col1, right)]))
    more = " …" if f.end_line > f.line else ""
    gutter = str(f.line).rjust(5)
    return [
        f"{style(gutter, dim=True)} {style('│', dim=True)} {prefix}{shown}{suffix}",
        f"{' ' * 5} {style('│', dim=True)} {' ' * pad}{style('^' * marks + more, fg=color, bold=True)}",
    ]


def _finding(text: str, lines: LineIndex, f: Finding, style: _Style) -> list[str]:
    positive = f.category in POSITIVE_CATEGORIES
    color = "green" if positive else _COLORS[f.severity]
    label = "+ good" if positive else str(f.severity)
    head = (
        f"  {style(f'{f.line}:{f.column}'.ljust(7), dim=True)} {style(label.ljust(7), fg=color, bold=True)} "
        f"{style(f.rule, bold=True)} {f.message}  {style(f.name, dim=True)}"
    )
    out = [head, *_snippet(text, lines, f, style, color)]
    for s in f.suggestions[: 1 if positive else 2]:
        if s.replacement is not None and s.applicability != "display":
            fix = style(f"fix ({s.applicability})", fg="cyan")
            out.append(f"{' ' * 5} {style('=', dim=True)} {fix}: {s.text} → {style(repr(s.replacement), bold=True)}")
        else:
            out.append(f"{' ' * 5} {style('=', dim=True)} {style('try', fg='cyan')}: {s.text}")
    return out


def _post(post: PostResult, run: RunResult, style: _Style) -> list[str]:
    name = style(post.label, bold=True)
    platform = f"  {style('[' + post.platform + ']', fg='magenta')}" if post.platform else ""
    if post.error is not None:
        return [f"{name}  {style('error', fg='red', bold=True)}: {post.error}", ""]
    if post.skipped is not None:
        return [f"{name}  {style('skipped', dim=True)}: {post.skipped}", ""]
    report = post.report
    assert report is not None
    score = f"{report.score:g}"
    badge = style(f"score {score}/100", fg=_score_color(report.score), bold=True)
    problems = [f for f in report.findings if f.category not in POSITIVE_CATEGORIES]
    shown = run.shown(post)
    if run.quiet and not report.notices and not any(f.category not in POSITIVE_CATEGORIES for f in shown):
        return []  # --quiet: a post with nothing to act on is not listed
    tick = f"  {style('✓ no findings', fg='green')}" if not problems else ""
    out = [f"{name}{platform}  {badge}{tick}"]
    for n in report.notices:
        sev = n.severity if isinstance(n.severity, Severity) else Severity(n.severity)
        out.append(f"  {style('notice', fg=_COLORS[sev])}: {n.message}")
    if shown:
        lines = LineIndex(post.text)
        for f in shown:
            out += _finding(post.text, lines, f, style)
    if post.fixed:
        out.append(f"  {style(f'fixed {post.fixed} finding(s)', fg='cyan')}")
    if len(out) > 1:  # a clean post is one line; anything more gets a blank line after it
        out.append("")
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(run: RunResult, style: _Style) -> str:
    s = run.summary()
    sev = s["by_severity"]
    parts = [f"{sev[k]} {k}{'s' if sev[k] != 1 and k != 'info' else ''}" for k in ("error", "warning", "info") if sev[k]]
    found = _plural(s["findings"], "finding") + (f" ({', '.join(parts)})" if parts else "")
    text = f"{found} in {_plural(s['checked'], 'post')}"
    if s["mean_score"] is not None:
        text += f"; mean score {s['mean_score']:g}, lowest {s['min_score']:g}"
    if s["fixed"]:
        text += f"; fixed {s['fixed']}"
    if s["fixable"]:
        text += f"; {s['fixable']} fixable with --fix"
    unsafe = run.fixable(unsafe=True) - s["fixable"]
    if unsafe:
        text += f" ({unsafe} more with --unsafe-fixes)" if s["fixable"] else f"; {unsafe} fixable with --fix --unsafe-fixes"
    if s["errors"]:
        text += f"; {_plural(len(s['errors']), 'post')} could not be checked"
    if s["incomplete"]:
        text += f"; {_plural(len(s['incomplete']), 'post')} only partly checked (see notices)"
    bad = s["failing"] or s["errors"] or s["incomplete"]
    color = "red" if bad else "green"
    mark = "✗" if bad else "✓"
    return style(f"{mark} {text}.", fg=color, bold=True)


def statistics_table(run: RunResult, style: _Style) -> list[str]:
    """Counts per rule, then every post that could not be checked or was skipped (a summary
    must not hide why the run failed)."""
    rows = run.rule_statistics()
    out = problem_lines(run)
    if not rows:
        return out
    for r in rows:
        fix = style("[*]", fg="cyan") if r["fixable"] else "   "
        out.append(f"{r['count']:>5}  {style(r['rule'].ljust(7), bold=True)} {fix} {r['name']:<34} {style(r['severity'], dim=True)}")
    return out


def problem_lines(run: RunResult) -> list[str]:
    """``path: error: ...`` / ``path: skipped: ...`` for each post not checked."""
    return [f"{p.label}: error: {p.error}" for p in run.errors] + [f"{p.label}: skipped: {p.skipped}" for p in run.skipped]


class TextStream(Stream):
    """Each post with its findings, then one summary line (``--statistics``: the table instead)."""

    def __init__(self, run: RunResult, color: bool = False) -> None:
        super().__init__(run, color)
        self.style = _Style(color)

    def post(self, post: PostResult) -> list[str]:
        return [] if self.run.statistics else _post(post, self.run, self.style)

    def closing(self) -> list[str]:
        table = [*statistics_table(self.run, self.style), ""] if self.run.statistics else []
        return [*table, summary_line(self.run, self.style)]


def format_text(run: RunResult, color: bool = False) -> str:
    return render(TextStream(run, color))
