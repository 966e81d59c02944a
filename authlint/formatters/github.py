"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

from __future__ import annotations

from authlint.formatters.base import PostResult, RunResult, Stream, render
from authlint.report.results import POSITIVE_CATEGORIES
from authlint.severity import Severity

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


class GithubStream(Stream):
    """One workflow command per finding, error and skipped post."""

    def post(self, post: PostResult) -> list[str]:
        if post.error is not None:
            return [f"::error file={_prop(post.path)},title=authlint::{_data(post.error)}"]
        if post.skipped is not None:  # said, so a post cannot hide (e.g. behind one NUL byte)
            return [f"::warning file={_prop(post.path)},title=authlint skipped::{_data(post.skipped)}"]
        out = []
        for n in post.report.notices if post.report is not None else ():
            if str(n.severity) != "info":
                level = "error" if str(n.severity) == "error" else "warning"
                out.append(f"::{level} file={_prop(post.path)},title=authlint::{_data(f'{post.label}: {n.message}')}")
        for f in self.run.shown(post):
            if f.category in POSITIVE_CATEGORIES:
                continue
            where = f"file={_prop(post.path)}"
            if post.id is None:  # rows of a JSONL/CSV export have no line of their own in the file
                where += f",line={f.line},col={f.column},endLine={f.end_line},endColumn={f.end_column}"
            title = _prop(f"authlint {f.rule} ({f.name})" + (f" in {post.label}" if post.id is not None else ""))
            message = f.message + (f"\n{f.suggestions[0].text}" if f.suggestions else "")
            out.append(f"::{_LEVEL[f.severity]} {where},title={title}::{_data(message)}")
        return out


def format_github(run: RunResult, color: bool = False) -> str:
    return render(GithubStream(run, color))
