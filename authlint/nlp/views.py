"""Plain-data views of a Doc, computed once per Doc and kept in ``doc.user_data``.

spaCy rebuilds ``doc.text`` from the tokens on every access, every ``for t in doc`` makes a
``Token`` object per token, and ``doc.sents`` walks the whole Doc again. With dozens of rules
reading the same post, those walks had become the largest single cost of the posts that are
never tagged. These views are built once: the text, its case-folded form, a table of token
attributes, and the sentences. They hold strings and tuples only, no reference back to the
Doc, so Docs are still freed as soon as they are dropped.

Valid once the Doc is tokenized and its sentence boundaries are set (the cheap components);
later components (tagger, parser) change neither the text, the tokens nor the boundaries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import regex as re_

from authlint.support.text import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from authlint.settings.platforms import Profile

#: ``doc.user_data`` key of the post's platform profile (set by the engine; see :func:`active_profile`).
PROFILE_KEY = "authlint_platform"
_TEXT_KEY = "authlint.text"
_FOLDED_KEY = "authlint.folded"
_TABLE_KEY = "authlint.tokens"
_SENTENCES_KEY = "authlint.sentences"
_QUOTED_KEY = "authlint.nlp.quoted"
# Quoted text: "...", “...”, ‘...’, '...' (an apostrophe inside a word is not a quote mark) and
# reply lines that start with ">". Line-bounded, so one stray quote mark cannot swallow a post.
_QUOTED = re_.compile(
    r'"[^"\n]{1,200}"|“[^”\n]{1,200}”|‘[^’\n]{1,200}’|(?<![\w])\'(?=\S)[^\'\n]{1,200}(?<=\S)\'(?!\w)|^[ \t]*>[^\n]*',
    re_.MULTILINE,
)
#: ``doc.user_data`` key: {URL stub: real URL} of a post whose URLs were stubbed (authlint.io.source).
URLS_KEY = "authlint.urls"


def doc_text(doc: Doc) -> str:
    """``doc.text``, once per Doc."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def doc_text_with_urls(doc: Doc) -> str:
    """:func:`doc_text` with every URL stub put back to its real URL. A stub has its URL's
    length, so offsets are unchanged: for detectors that judge links themselves (affiliate
    tags), while every other rule still sees only the stub."""
    text = doc_text(doc)
    for stub, url in (doc.user_data.get(URLS_KEY) or {}).items():
        if len(stub) == len(url):
            text = text.replace(stub, url)
    return text


def quoted_spans(doc: Doc) -> tuple[tuple[int, int], ...]:
    """Character spans of quoted text (quotation marks, ``> `` reply lines), once per Doc."""
    found = doc.user_data.get(_QUOTED_KEY)
    if found is None:
        text = doc_text(doc)
        found = doc.user_data[_QUOTED_KEY] = (
            tuple(m.span() for m in _QUOTED.finditer(text)) if any(q in text for q in "\"“‘'>") else ()
        )
    return found


def doc_folded(doc: Doc) -> str:
    """:func:`doc_text` case-folded for literal prefilters (authlint.gate.regex_literals), once per Doc."""
    folded = doc.user_data.get(_FOLDED_KEY)
    if folded is None:
        folded = doc.user_data[_FOLDED_KEY] = fold(doc_text(doc))
    return folded


class Tok(NamedTuple):
    """What the lexical tests read of one token."""

    i: int
    idx: int  # character offset in the Doc
    text: str
    lower: str
    is_punct: bool
    is_space: bool
    like_url: bool
    sent_start: bool  # begins a sentence (the first token always does)

    @property
    def end(self) -> int:
        return self.idx + len(self.text)


def tokens(doc: Doc) -> tuple[Tok, ...]:
    """The Doc's tokens as :class:`Tok`, computed once per Doc."""
    table = doc.user_data.get(_TABLE_KEY)
    if table is None:
        table = doc.user_data[_TABLE_KEY] = tuple(
            Tok(t.i, t.idx, t.text, t.lower_, t.is_punct, t.is_space, t.like_url, t.i == 0 or t.is_sent_start is True)
            for t in doc
        )
    return table


def sentences(doc: Doc) -> tuple[tuple[Tok, ...], ...]:
    """The Doc's sentences as runs of :class:`Tok`, split exactly where ``doc.sents`` splits."""
    found = doc.user_data.get(_SENTENCES_KEY)
    if found is None:
        table = tokens(doc)
        starts = [t.i for t in table if t.sent_start]
        ends = [*starts[1:], len(table)]
        found = doc.user_data[_SENTENCES_KEY] = tuple(table[a:b] for a, b in zip(starts, ends))
    return found


def active_profile(doc: Doc) -> Profile | None:
    """The platform profile of the post (None: no platform)."""
    return doc.user_data.get(PROFILE_KEY)
