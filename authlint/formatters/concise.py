"""One line per finding, ``path:line:col: CODE message``: for editors, grep and quick looks."""

from __future__ import annotations

from authlint.formatters.base import RunResult
from authlint.formatters.text import _Style, statistics_table


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
        for f in post.findings:
            out.append(f"{post.label}:{f.line}:{f.column}: {style(f.rule, bold=True)} {f.message}")
    return "\n".join(out)
