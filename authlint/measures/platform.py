"""Measuring a post the way its platform counts: length, hashtags, clickable links.

The ``platform`` rules (``rules/platform/``) compare these measures with the active profile,
which the Linter attaches to each post's Doc (:func:`authlint.nlp.views.active_profile`).

Markup masked by :mod:`authlint.io.source` is blank space; whitespace is therefore counted as
one character per run (two at most for a paragraph break) and not at all at the ends.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex as re_

from authlint.nlp.social import _EMOJI, URL_RE, is_hashtag, is_url
from authlint.nlp.views import active_profile, doc_text, tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from authlint.settings.platforms import LengthRule


_MENTION = r"@[\w.]+@[\w-]+(?:\.[\w-]+)+"
_SEGMENT = re_.compile(f"(?P<url>{URL_RE.pattern})|(?P<mention>{_MENTION})|(?P<emoji>{_EMOJI})|(?P<space>\\s+)|(?P<other>\\X)")


@dataclass(frozen=True)
class Length:
    count: int
    overflow_at: int | None
    """Offset of the first character past the limit, if the post is over it."""
    end: int
    """Offset just after the last non-space character."""


def _weight(grapheme: str, rule: LengthRule) -> int:
    if rule.counting == "graphemes":
        return 1
    if rule.counting == "characters":
        return len(grapheme)
    total = 0
    for ch in unicodedata.normalize("NFC", grapheme):
        cp = ord(ch)
        total += 1 if any(lo <= cp <= hi for lo, hi in rule.light_ranges) else rule.default_weight
    return total


def _counts(text: str, rule: LengthRule) -> Iterator[tuple[int, int, int]]:
    """(start, end, count) for each piece of ``text``, leading and trailing space excluded."""
    stripped_end = len(text.rstrip())
    started = False
    for m in _SEGMENT.finditer(text):
        if m.start() >= stripped_end:
            return
        kind = m.lastgroup
        piece = m.group()
        if kind == "space":
            if not started:
                continue
            breaks = len(re_.findall(r"\r\n|\r|\n", piece))
            count = min(breaks, 2) if breaks else 1
        elif kind == "url" and rule.url_length is not None:
            count = rule.url_length
        elif kind == "mention" and rule.mention_local_part:
            count = sum(_weight(g, rule) for g in re_.findall(r"\X", piece[: piece.index("@", 1)]))
        elif kind == "emoji" and rule.counting == "weighted":
            count = rule.emoji_weight
        else:
            count = sum(_weight(g, rule) for g in re_.findall(r"\X", piece))
        started = True
        yield m.start(), m.end(), count


def measure_length(text: str, rule: LengthRule) -> Length:
    """How long ``text`` is by ``rule``'s counting, and where it crosses the limit."""
    total, overflow = 0, None
    for start, _end, count in _counts(text, rule):
        total += count
        if overflow is None and total > rule.limit:
            overflow = start
    return Length(total, overflow, len(text.rstrip()))


def platform_length_excess(doc: Doc) -> tuple[float, tuple[tuple[int, int], ...]]:
    profile = active_profile(doc)
    if profile is None:
        return 0.0, ()
    text = doc_text(doc)
    length = measure_length(text, profile.length)
    if length.overflow_at is None:
        return 0.0, ()
    start = length.overflow_at
    while start > 0 and not text[start - 1].isspace():  # point at the whole word that crosses
        start -= 1
    return float(length.count - profile.length.limit), ((start, length.end),)


def _hashtags(doc: Doc) -> list[tuple[int, int]]:
    return [(t.idx, t.end) for t in tokens(doc) if is_hashtag(t)]


def platform_hashtag_excess(doc: Doc) -> tuple[float, tuple[tuple[int, int], ...]]:
    """Hashtags past the platform's hard cap (the first extra one is the span)."""
    profile = active_profile(doc)
    cap = profile.hashtags.max if profile else None
    tags = _hashtags(doc) if cap is not None else []
    if cap is None or len(tags) <= cap:
        return 0.0, ()
    return float(len(tags) - cap), tuple(tags[cap:])


def platform_hashtag_over_norm(doc: Doc) -> tuple[float, tuple[tuple[int, int], ...]]:
    """Hashtags past what reads as natural there, while still within any hard cap."""
    profile = active_profile(doc)
    norm = profile.hashtags.recommended if profile else None
    tags = _hashtags(doc) if norm is not None else []
    cap = profile.hashtags.max if profile else None
    if norm is None or len(tags) <= norm or (cap is not None and len(tags) > cap):
        return 0.0, ()
    return float(len(tags)), tuple(tags[norm:])


def platform_unclickable_links(doc: Doc) -> tuple[float, tuple[tuple[int, int], ...]]:
    """URLs in the text of a platform that does not make them clickable."""
    profile = active_profile(doc)
    if profile is None or profile.links.clickable:
        return 0.0, ()
    urls = [(t.idx, t.end) for t in tokens(doc) if is_url(t)]
    return float(len(urls)), tuple(urls)


# --- rule selection -----------------------------------------------------------------------------
