"""Tokenizing in time linear in the text's length, whatever the text.

spaCy's tokenizer splits on whitespace and then peels prefixes and suffixes off each
whitespace-free run, searching the *rest of the run* each time: on a long run of punctuation
or emoji (``!!!!…``, ``😀😀😀…``: one token per character) that is quadratic, 20,000 ``!``
took 97 s and 24,000 emoji 249 s. Ordinary runs (words, URLs: stubbed to letters and digits
before analysis) are short or have almost nothing to peel, so they never pay for it.

:func:`tokenize` finds the *pathological* runs (longer than :data:`LONG_RUN` characters, with
more than :data:`PEELABLE` characters that are not letters, digits or ``_``), cuts each into
pieces of at most :data:`PIECE` graphemes (never inside an emoji sequence or a combining
mark), tokenizes the pieces and the ordinary text between them separately, and builds one
``Doc`` from the tokens' words and spaces: ``doc.text == text`` and every token's offset is
the original's. Text without such a run goes straight to spaCy (one regex search).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import regex as re_

if TYPE_CHECKING:
    from spacy.tokens import Doc

LONG_RUN = 64
"""A whitespace-free run longer than this may be pathological."""
PEELABLE = 32
"""... and is, when more than this many of its characters are not word characters."""
PIECE = 24
"""Graphemes per piece a pathological run is cut into (each piece costs O(PIECE²))."""

_RUN = re_.compile(rf"\S{{{LONG_RUN + 1},}}")
_GRAPHEMES = re_.compile(rf"\X{{1,{PIECE}}}")
_NON_WORD = re_.compile(r"\W")


def pathological_runs(text: str) -> list[tuple[int, int]]:
    """Spans of the whitespace-free runs that would make spaCy's tokenizer quadratic."""
    if len(text) <= LONG_RUN:
        return []
    return [m.span() for m in _RUN.finditer(text) if _count_non_word(m.group()) > PEELABLE]


def _count_non_word(run: str) -> int:
    count = 0
    for _ in _NON_WORD.finditer(run):
        count += 1
        if count > PEELABLE:
            break
    return count


def tokenize(inner: Any, text: str) -> Doc:
    """``inner(text)`` (a spaCy tokenizer), in linear time on pathological runs; same text and offsets."""
    runs = pathological_runs(text)
    if not runs:
        return inner(text)
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []

    def add(piece: str) -> None:
        if not piece:
            return
        if piece.startswith(" ") and words and not spaces[-1]:
            spaces[-1] = True  # the space after a run is that run's last token's whitespace, as in one pass
            piece = piece[1:]
        for token in inner(piece):
            words.append(token.text)
            spaces.append(bool(token.whitespace_))

    position = 0
    for start, end in runs:
        add(text[position:start])
        for m in _GRAPHEMES.finditer(text, start, end):
            add(m.group())
        position = end
    add(text[position:])
    doc = Doc(inner.vocab, words=words, spaces=spaces)
    if doc.text != text:  # cannot happen: words and spaces are the text's; never hand rules shifted offsets
        raise ValueError("tokenizing a long run changed the text")
    return doc
