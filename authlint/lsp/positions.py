"""Exact conversion between authlint's offsets and LSP positions.

authlint reports offsets in Unicode code points (Python string indices). LSP positions are a
zero-based line and a character offset *in code units of the negotiated encoding*: UTF-16 by
default (an emoji outside the BMP is two units), UTF-8 when client and server agree on it (a
CJK character is three units, an emoji four), or UTF-32 (code points). A ZWJ sequence such as
a family emoji is several code points, each converted on its own, so a range around it covers
all of it. Line breaks are ``\\r\\n``, ``\\r`` and ``\\n`` (as in the LSP spec and
:mod:`authlint.io.positions`), so CRLF files land on the same characters as LF ones.

A client position past the end of its line means the end of that line (LSP spec), and one
inside a character (half of a surrogate pair, the second byte of a UTF-8 sequence) snaps to
the start of that character.
"""

from __future__ import annotations

import bisect
from typing import Literal

import regex as re_

Encoding = Literal["utf-8", "utf-16", "utf-32"]
ENCODINGS: tuple[Encoding, ...] = ("utf-8", "utf-16", "utf-32")

_BREAK = re_.compile(r"\r\n|\r|\n")


def units(char: str, encoding: Encoding) -> int:
    """Code units one code point takes in ``encoding`` (a lone surrogate is one UTF-16 unit, three UTF-8 bytes)."""
    point = ord(char)
    if encoding == "utf-16":
        return 2 if point > 0xFFFF else 1
    if encoding == "utf-8":
        return 1 if point < 0x80 else 2 if point < 0x800 else 3 if point < 0x10000 else 4
    return 1


def as_encoding(name: object) -> Encoding:
    """The encoding pygls negotiated (``PositionEncodingKind`` or its string); UTF-16 when unknown."""
    value = str(getattr(name, "value", name) or "utf-16").lower()
    return value if value in ENCODINGS else "utf-16"  # type: ignore[return-value]


class PositionMap:
    """Offsets of one text to LSP (line, character) and back, in one encoding."""

    def __init__(self, text: str, encoding: Encoding = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self._starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_bounds(self, line: int) -> tuple[int, int]:
        """Code-point offsets of ``line``'s first character and of its end (before the line break)."""
        line = max(0, min(line, len(self._starts) - 1))
        start = self._starts[line]
        end = self._starts[line + 1] if line + 1 < len(self._starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end

    def _width(self, start: int, end: int) -> int:
        chunk = self.text[start:end]
        if self.encoding == "utf-32" or chunk.isascii():
            return len(chunk)
        return sum(units(c, self.encoding) for c in chunk)

    def position(self, offset: int) -> tuple[int, int]:
        """The (line, character) of code-point ``offset`` (clamped to the text)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        start, end = self.line_bounds(line)
        return line, self._width(start, min(offset, end))

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of an LSP position (past the line's end: its end)."""
        if line >= len(self._starts):
            return len(self.text)
        if line < 0:
            return 0
        start, end = self.line_bounds(line)
        if self.encoding == "utf-32" or self.text[start:end].isascii():
            return start + max(0, min(character, end - start))
        used = 0
        for i in range(start, end):
            step = units(self.text[i], self.encoding)
            if used + step > character:
                return i
            used += step
        return end

    def range(self, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]]:
        """LSP start and end positions of the code-point span ``[start, end)``."""
        return self.position(start), self.position(end)


def line_break(text: str) -> str:
    """The file's line-break style: its first break, else ``\\n``."""
    m = _BREAK.search(text)
    return m.group() if m else "\n"


__all__ = ["ENCODINGS", "Encoding", "PositionMap", "as_encoding", "line_break", "units"]
