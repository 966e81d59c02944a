"""Output formats for ``authlint check``. Formatters render a finished run; they never decide exit codes.

Each lives in its own module, imported when first asked for: a run renders one format, and a
cached run should not pay for importing the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from authlint.formatters.base import PostResult, RunResult

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

__all__ = ["FORMATTERS", "Formatter", "PostResult", "RunResult"]
