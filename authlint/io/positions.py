"""Character offsets to 1-based line and column, counting CRLF and lone CR as one line break.

Columns count Unicode code points, like Python string indices, so ``text[start:end]`` and
the reported position always agree.
"""

from __future__ import annotations

import bisect

import regex as re_

#: One line break: CRLF, a lone CR or LF (the one definition every module uses).
LINE_BREAK = re_.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps offsets of one text to (line, column)."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    @property
    def lines(self) -> int:
        """How many lines the text has (a trailing line break starts an empty last line)."""
        return len(self._starts)

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets of the start of ``line`` (1-based) and of the next line's start."""
        start = self._starts[line - 1]
        end = self._starts[line] if line < len(self._starts) else None
        return start, end if end is not None else -1
