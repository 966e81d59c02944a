"""One line per finding, ``path:line:col: CODE [severity] message``: for editors, grep and quick looks.

Connection findings (thanks, credit, questions: praise, not problems) read
``path:line:col: + CON101 [good] message``. Posts that could not be checked, and posts
checked only in part (a rule failed or timed out on them), get a ``path: error: ...`` line:
the run exits 2 for them, and every format must say why.
"""

from __future__ import annotations

from authlint.formatters.base import RunResult
from authlint.formatters.text import _Style, statistics_table
from authlint.report.results import POSITIVE_CATEGORIES


def format_concise(run: RunResult, color: bool = False) -> str:
    style = _Style(color)
    if run.statistics:
        return "\n".join(statistics_table(run, style))
    out = []
    for post in run.posts:
        if post.error is not None:
            out.append(f"{post.label}: error: {post.error}")
            continue
        if post.skipped is not None:  # said, so a post cannot hide (e.g. behind one NUL byte)
            out.append(f"{post.label}: skipped: {post.skipped}")
            continue
        for n in post.report.notices if post.report is not None else ():
            if str(n.severity) != "info":
                out.append(f"{post.label}: {n.severity}: {n.message}")
        for f in run.shown(post):
            if f.category in POSITIVE_CATEGORIES:
                out.append(f"{post.label}:{f.line}:{f.column}: + {style(f.rule, bold=True)} [good] {f.message}")
            else:
                out.append(f"{post.label}:{f.line}:{f.column}: {style(f.rule, bold=True)} [{f.severity}] {f.message}")
    return "\n".join(out)
