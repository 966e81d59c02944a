"""Where a Markdown post's code and raw-HTML blocks are, by line, from a real parser.

Regexes cannot see Markdown's block structure: a fence inside a list item or a blockquote,
an indented code block (and the indented *paragraph continuation* that is not one), an
unclosed fence, a ``<script>`` or ``<style>`` block, a multi-line HTML comment. markdown-it-py
(CommonMark) gives each block token a ``map``: its first and one-past-last line. Those lines
are blanked whole (list markers and ``>`` included: they are markup too), so offsets stay
exact. The parser gives no columns for inline tokens, so inline markup (code spans, links,
tags) stays with the cheap regex masking of :mod:`authlint.io.source`.

markdown-it normalises ``\\r\\n`` and ``\\r`` to ``\\n`` and NUL to U+FFFD before parsing: line
numbers are the same as splitting the original on any line break. The parser is imported and
built only for posts that could contain such a block (:func:`may_have_blocks`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import regex as re_

_LINE = re_.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")
# What a masked block needs somewhere in the post: a fence, 4 columns of indentation, or raw HTML.
_MAYBE = re_.compile(r"```|~~~|^(?: {4}|\t| {0,3}>[ \t]* {4})|<(?:script|style|!--|\?|![A-Za-z]|!\[CDATA\[)", re_.M | re_.I)
# Raw HTML blocks whose content is not prose (CommonMark's HTML block types 1-5, without <pre>/<textarea>).
_CODE_HTML = re_.compile(r"[ \t]*<(?:script|style|!--|\?|![A-Za-z]|!\[CDATA\[)", re_.I)

_CODE_TOKENS = frozenset({"fence", "code_block"})


def may_have_blocks(text: str) -> bool:
    """Cheap test: False means :func:`code_block_lines` would find nothing (no parser needed)."""
    return _MAYBE.search(text) is not None


@lru_cache(maxsize=2)
def _parser(indented_code: bool) -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    if not indented_code:
        md.disable("code")  # MDX has no indented code blocks: indentation is just layout there
    return md


def code_block_lines(text: str, *, indented_code: bool = True) -> list[tuple[int, int]]:
    """(first line, one past the last line) of every fenced or indented code block and every
    script, style, comment or processing-instruction HTML block, however deeply nested in
    lists and blockquotes. ``indented_code=False`` for MDX."""
    if not may_have_blocks(text):
        return []
    spans: list[tuple[int, int]] = []
    for token in _parser(indented_code).parse(text):
        if token.map is None:
            continue
        if token.type in _CODE_TOKENS or (token.type == "html_block" and _CODE_HTML.match(token.content)):
            start, end = token.map
            if spans and start < spans[-1][1]:  # nested in one already found
                continue
            spans.append((start, end))
    return spans


def line_offsets(text: str) -> list[int]:
    """Offset of the start of each line, and ``len(text)`` last (any of ``\\r\\n``, ``\\r``, ``\\n`` ends a line)."""
    offsets = [m.start() for m in _LINE.finditer(text) if m.start() < len(text)] or [0]
    offsets.append(len(text))
    return offsets


def code_block_spans(text: str, *, indented_code: bool = True) -> list[tuple[int, int]]:
    """:func:`code_block_lines` as character spans of ``text`` (line breaks inside included)."""
    lines = code_block_lines(text, indented_code=indented_code)
    if not lines:
        return []
    offsets = line_offsets(text)
    last = len(offsets) - 1
    return [(offsets[min(a, last)], offsets[min(b, last)]) for a, b in lines if a < last]


__all__ = ["code_block_lines", "code_block_spans", "line_offsets", "may_have_blocks"]
