"""Long Docs through the statistical components in pieces, so memory does not grow with a post.

spaCy's tok2vec, tagger, parser and entity recognizer hold the activations of a whole Doc at
once (about 15 KB a token): one 99,000-character post (about 20,000 tokens) took a process
from 158 to 503 MB, and plain ``nlp(text)`` does the same. A Doc longer than
:data:`PIECES_ABOVE` tokens is therefore annotated in *pieces*: runs of whole sentences (the
cheap components set sentence starts before any statistical one) of at most
:data:`PIECE_TOKENS` tokens, each one a Doc of its own (``Span.as_doc``: the same tokens,
never tokenized again), whose annotations are copied back into the post's Doc
(``Doc.from_array``, as ``Doc.from_docs`` joins Docs). The Doc keeps its tokens, offsets and
everything the cheap components and the gate put on it.

What differs from annotating the Doc in one go: tok2vec reads four tokens either side, so the
few tokens beside a cut see less context, and a dependency arc cannot cross a cut (arcs never
cross a sentence boundary anyway). Posts up to :data:`PIECES_ABOVE` tokens, which is every
post of the benchmark corpora, are annotated exactly as before. A single sentence longer than
:data:`SENTENCE_TOKENS` (no punctuation for pages) is cut inside, at a token boundary.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

PIECES_ABOVE = 4_000
"""Docs with more tokens than this are annotated in pieces (about 20,000 characters of prose)."""
PIECE_TOKENS = 2_000
"""Tokens per piece, at most (a piece ends at a sentence boundary)."""
SENTENCE_TOKENS = 4 * PIECE_TOKENS
"""A sentence longer than this is itself cut, every :data:`PIECE_TOKENS` tokens."""

#: Every token attribute a Doc holds as an array, by its public name: the columns
#: ``Doc.from_docs`` and ``DocBin`` copy (text, spacing, tags, morphology, lemma, parse,
#: entities, sentence starts). ``Doc.to_array`` / ``Doc.from_array`` take these names.
ARRAY_ATTRS = ("LENGTH", "SPACY", "ORTH", "NORM", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE",
               "ENT_KB_ID", "ENT_ID", "LEMMA", "MORPH", "POS", "SENT_START")


def annotations_of(doc: Doc) -> Any:
    """``doc``'s token arrays (:data:`ARRAY_ATTRS`), to copy into a Doc it is part of."""
    return doc.to_array(list(ARRAY_ATTRS))


def copy_annotations(doc: Doc, arrays: Sequence[Any]) -> Doc:
    """Write the token arrays of consecutive parts of ``doc`` (each :func:`annotations_of` a
    part, in order, covering it exactly) into ``doc``; heads are relative, so each part's arcs
    stay inside it."""
    import numpy

    doc.from_array(list(ARRAY_ATTRS), numpy.concatenate(arrays))
    return doc


def piece_spans(doc: Doc, max_tokens: int = PIECE_TOKENS) -> list[tuple[int, int]]:
    """Token spans covering ``doc``: runs of whole sentences of at most ``max_tokens`` tokens
    (a longer sentence is a run of its own, cut every ``max_tokens`` tokens past
    :data:`SENTENCE_TOKENS`)."""
    try:
        starts = [s.start for s in doc.sents]
    except ValueError:  # no sentence boundaries (E030): fixed cuts
        starts = [0]
    bounds = [*starts, len(doc)]
    spans: list[tuple[int, int]] = []
    run_start = 0
    for start, end in pairwise(bounds):
        if end - start > SENTENCE_TOKENS:  # one monster sentence: close the run, cut the sentence
            if run_start < start:
                spans.append((run_start, start))
            spans += [(a, min(a + max_tokens, end)) for a in range(start, end, max_tokens)]
            run_start = end
        elif end - run_start > max_tokens and run_start < start:
            spans.append((run_start, start))
            run_start = start
    if run_start < len(doc):
        spans.append((run_start, len(doc)))
    return spans


def is_long(doc: Doc) -> bool:
    """Is ``doc`` annotated in pieces (longer than :data:`PIECES_ABOVE` tokens)?"""
    return len(doc) > PIECES_ABOVE


def annotate_in_pieces(doc: Doc, run: Callable[[list[Doc]], list[Doc]]) -> Doc:
    """``doc`` annotated by ``run`` (Docs in, the same Docs annotated out), one piece at a time
    if it is long (:func:`is_long`), else whole."""
    if not is_long(doc):
        return run([doc])[0]
    arrays = []
    for start, end in piece_spans(doc):
        piece = run([doc[start:end].as_doc()])[0]
        arrays.append(annotations_of(piece))
        del piece  # its activations go before the next piece's come
    return copy_annotations(doc, arrays)


__all__ = ["ARRAY_ATTRS", "PIECES_ABOVE", "PIECE_TOKENS", "annotate_in_pieces", "annotations_of", "copy_annotations",
           "is_long", "piece_spans"]
