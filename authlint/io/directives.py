"""Inline suppressions: let a writer silence one finding without turning a rule off everywhere.

Markdown (HTML comments, invisible when rendered)::

    <!-- authlint-disable SNK101,PRO102 -->   ... <!-- authlint-enable -->
    <!-- authlint-disable-next-line SNK101 -->

Plain text (a line of its own): ``authlint-disable SNK101``, ``authlint-enable``,
``authlint-disable-next-line SNK101``. Selectors are codes, code prefixes, rule names or
categories; none means every rule. A directive that suppresses nothing is itself reported
as ``SUP100 unused-suppression`` (like ruff's RUF100), so stale comments do not pile up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import regex as re_

Action = Literal["disable", "enable", "disable-next-line"]

_BODY = r"authlint-(?P<action>disable-next-line|disable|enable)(?:[ \t]+(?P<codes>[\w-]+(?:[ \t]*,[ \t]*[\w-]+)*))?[ \t]*"
COMMENT_DIRECTIVE = re_.compile(r"<!--[ \t]*" + _BODY + r"-->")
PLAIN_DIRECTIVE = re_.compile(r"(?m)^[ \t]*" + _BODY + r"(?=\r\n|\r|\n|\Z)")


@dataclass(frozen=True)
class Directive:
    action: Action
    selectors: tuple[str, ...]
    start: int
    end: int
    text: str


def parse(text: str) -> list[Directive]:
    """Every suppression directive in ``text``, in order."""
    found = [*COMMENT_DIRECTIVE.finditer(text), *PLAIN_DIRECTIVE.finditer(text)]
    directives = []
    for m in sorted(found, key=lambda m: m.start()):
        codes = m.group("codes")
        selectors = tuple(c.strip() for c in codes.split(",")) if codes else ()
        directives.append(Directive(m.group("action"), selectors, m.start(), m.end(), m.group().strip()))
    return directives
