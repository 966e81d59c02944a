"""Sentence boundaries that suit posts: punctuation *and* line breaks end a sentence.

Posts often skip final punctuation and use line breaks instead, and spaCy's sentencizer
would start the next sentence on the whitespace token. Boundaries are set before any
statistical component runs, so they are the same whichever components the rules need
(the parser respects preset boundaries).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

COMPONENT = "authlint_sentences"
_FINAL = frozenset("。.!?！？…")
_CLOSERS = frozenset("\"')]}»”’")


def _trails(text: str) -> bool:
    """Punctuation that still belongs to the sentence before it ("!!!", a closing quote)."""
    return bool(text) and all(ch in _FINAL or ch in _CLOSERS for ch in text)


def set_sentence_starts(doc: Doc) -> Doc:
    # One from_array call: setting token.is_sent_start one by one re-scans the sentence on
    # every assignment, which is quadratic on long posts.
    import numpy
    from spacy.attrs import SENT_START

    flags = numpy.zeros((len(doc), 1), dtype="int64")
    after_final = False  # the previous word ended a sentence
    after_newline = True  # a line break since the previous word (start of text counts)
    for token in doc:
        if token.is_space:
            flags[token.i, 0] = -1
            after_newline = after_newline or "\n" in token.text
            continue
        text = token.text
        start = after_newline or (after_final and not _trails(text)) or token.i == 0
        flags[token.i, 0] = 1 if start else -1
        after_final = text[-1] in _FINAL or (after_final and _trails(text))
        after_newline = "\n" in token.whitespace_
    if len(doc):
        flags[0, 0] = 1
        doc.from_array([SENT_START], flags.astype("uint64"))  # -1 wraps, as in Doc.to_array
    return doc


def register() -> None:
    """Register the component with spaCy's factory registry (idempotent)."""
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=set_sentence_starts)
