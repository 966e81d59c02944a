"""Output formats for ``authlint check``. Formatters render a finished run; they never decide exit codes."""

from __future__ import annotations

from collections.abc import Callable

from .base import PostResult, RunResult
from .concise import format_concise
from .github import format_github
from .json import format_json
from .sarif import format_sarif
from .text import format_text

Formatter = Callable[[RunResult, bool], str]

FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "concise": format_concise,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
}

__all__ = ["FORMATTERS", "Formatter", "PostResult", "RunResult"]
