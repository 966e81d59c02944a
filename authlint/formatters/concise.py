"""One line per finding, ``path:line:col: CODE [severity] message``: for editors, grep and quick looks.

Connection findings (thanks, credit, questions: praise, not problems) read
``path:line:col: + CON101 [good] message``. Posts that could not be checked, and posts
checked only in part (a rule failed or timed out on them), get a ``path: error: ...`` line:
the run exits 2 for them, and every format must say why.
"""

from __future__ import annotations

from authlint.formatters.base import PostResult, RunResult, Stream, render
from authlint.formatters.text import _Style, statistics_table
from authlint.report.results import POSITIVE_CATEGORIES


class ConciseStream(Stream):
    """One line per finding (``--statistics``: the table at the end instead)."""

    def __init__(self, run: RunResult, color: bool = False) -> None:
        super().__init__(run, color)
        self.style = _Style(color)

    def post(self, post: PostResult) -> list[str]:
        if self.run.statistics:
            return []
        if post.error is not None:
            return [f"{post.label}: error: {post.error}"]
        if post.skipped is not None:  # said, so a post cannot hide (e.g. behind one NUL byte)
            return [f"{post.label}: skipped: {post.skipped}"]
        out = [f"{post.label}: {n.severity}: {n.message}"
               for n in (post.report.notices if post.report is not None else ()) if str(n.severity) != "info"]
        style = self.style
        for f in self.run.shown(post):
            if f.category in POSITIVE_CATEGORIES:
                out.append(f"{post.label}:{f.line}:{f.column}: + {style(f.rule, bold=True)} [good] {f.message}")
            else:
                out.append(f"{post.label}:{f.line}:{f.column}: {style(f.rule, bold=True)} [{f.severity}] {f.message}")
        return out

    def closing(self) -> list[str]:
        return statistics_table(self.run, self.style) if self.run.statistics else []


def format_concise(run: RunResult, color: bool = False) -> str:
    return render(ConciseStream(run, color))
