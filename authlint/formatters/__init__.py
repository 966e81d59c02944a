"""Output formats for ``authlint check``. Formatters render a finished run; they never decide exit codes.

Each lives in its own module, imported when first asked for: a run renders one format, and a
cached run should not pay for importing the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from authlint.formatters.base import PostResult, RunResult, Stream

Formatter = Callable[[RunResult, bool], str]

_WHERE = {  # format name -> (module, function)
    "text": ("text", "format_text"),
    "concise": ("concise", "format_concise"),
    "json": ("json", "format_json"),
    "sarif": ("sarif", "format_sarif"),
    "github": ("github", "format_github"),
    "rdjson": ("rdjson", "format_rdjson"),
}


class _Formatters(Mapping[str, Formatter]):
    """Format name -> formatter, importing a formatter's module on first lookup."""

    def __getitem__(self, name: str) -> Formatter:
        module, function = _WHERE[name]
        formatter: Formatter = getattr(importlib.import_module(f".{module}", __name__), function)
        return formatter

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


FORMATTERS: Mapping[str, Formatter] = _Formatters()

_STREAMS = {  # format name -> (module, Stream class): formats written post by post
    "text": ("text", "TextStream"),
    "concise": ("concise", "ConciseStream"),
    "github": ("github", "GithubStream"),
    "json": ("json", "JsonStream"),
}


def stream_for(name: str, run: RunResult, color: bool = False) -> Stream | None:
    """A :class:`Stream` of format ``name`` over ``run``, or None for a format that needs the
    whole run first (SARIF and rdjson index their rules and diagnostics across posts)."""
    if name not in _STREAMS:
        return None
    module, cls = _STREAMS[name]
    stream: Stream = getattr(importlib.import_module(f".{module}", __name__), cls)(run, color)
    return stream


__all__ = ["FORMATTERS", "Formatter", "PostResult", "RunResult", "Stream", "stream_for"]
