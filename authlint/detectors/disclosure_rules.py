"""Sponsorship cues, disclosure markers and where each platform expects ``#ad``.

The lists are data (``authlint/data/disclosure.yaml``) and can be extended from config
(``disclosure: {cues: [...], markers: [...]}``). Matching is on the raw text so it works
without any spaCy component.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import regex as re_

from authlint.gate.literal_scan import LiteralScan, LiteralTest, literal_test
from authlint.gate.regex_literals import caseless_symbol, regex_package_literals
from authlint.settings.disclosure import DisclosureSettings
from authlint.support.data import data_path
from authlint.support.text import fold
from authlint.support.yamlio import fast_safe_load

Placement = Literal["start", "end"]
_TIMEOUT = 0.5
# Where "start" placement begins: after a reply's leading @mentions and after a Markdown
# heading, quote or list marker ("# My haul" -> "# #ad My haul", not a broken heading).
_LEADING_MENTIONS = re_.compile(r"\A\s*(?:(?:#{1,6}|>|[-*+]|\d+[.)])[ \t]+)?(?:@[\p{L}\p{N}_.]+\s*)*")


@dataclass(frozen=True)
class PlatformDisclosure:
    marker: str
    placement: Placement
    markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Patterns:
    """Compiled patterns, each with the group a hit reports (its ``cue`` group if it has one: the
    part a reader is shown, "code GLOW20" rather than the testimonial before it; else the whole
    match) and the test of the literals it needs (None: it always runs)."""

    each: tuple[tuple[re_.Pattern[str], int | str, LiteralTest | None], ...]
    scan: LiteralScan


def _phrase_literals(words: list[str]) -> frozenset[str] | None:
    """The phrases as literals of their alternation, when every one is plain enough to be a
    substring of the folded text wherever it matches (ASCII, or symbols without case)."""
    if all(all(ch.isascii() or caseless_symbol(ch) for ch in w) for w in words):
        return frozenset(words)
    return None


def _phrase_list(phrases: Iterable[str]) -> list[str]:
    """Phrases with single spaces, for a ``regex`` named list (matched through a trie: fast)."""
    return sorted({" ".join(p.split()).lower() for p in phrases if p.strip()}, key=len, reverse=True)


class DisclosureRules:
    """Compiled cue and marker matchers for one configuration and platform."""

    def __init__(self, data: dict[str, Any], settings: DisclosureSettings | None = None, platform: str | None = None) -> None:
        settings = settings or DisclosureSettings()
        cues, markers = data.get("cues") or {}, data.get("markers") or {}
        platforms = data.get("platforms") or {}
        spec = platforms.get((platform or "default").lower()) or platforms.get("default") or {}
        self.platform = PlatformDisclosure(
            marker=str(spec.get("marker", "#ad")), placement=spec.get("placement", "start"),
            markers=tuple(spec.get("markers") or ()),
        )
        self._cues = self._compile([*(cues.get("phrases") or ()), *settings.cues], [*(cues.get("patterns") or ()), *settings.cue_patterns])
        self._markers = self._compile(
            [*(markers.get("phrases") or ()), *self.platform.markers, *settings.markers],
            [*(markers.get("patterns") or ()), *settings.marker_patterns],
        )

    @staticmethod
    def _compile(phrases: list[str], patterns: list[str]) -> _Patterns:
        """One pattern per entry: the regex engine is much faster on each than on one big alternation."""
        flags = re_.IGNORECASE | re_.MULTILINE | re_.VERSION0
        words = _phrase_list(phrases)
        compiled = [re_.compile(r"(?<![\w#@])\L<phrases>(?!\w)", flags, phrases=words)] if words else []
        compiled += [re_.compile(p, flags) for p in patterns]
        # Each pattern's literals (authlint.gate.regex_literals): a post lacking them skips it.
        needs = [_phrase_literals(words)] if words else []
        needs += [regex_package_literals(p, True) for p in patterns]
        scan = LiteralScan()
        for literals in needs:
            scan.add(literals or ())
        parts = ["cue" if "cue" in c.groupindex else 0 for c in compiled]
        return _Patterns(tuple(zip(compiled, parts, [None if n is None else literal_test(n, None) for n in needs])), scan)

    @staticmethod
    def _search(patterns: _Patterns, text: str) -> list[Hit]:
        hits: list[Hit] = []
        present = patterns.scan.present(fold(text))
        try:
            for pattern, part, could_match in patterns.each:
                if could_match is not None and not could_match(present):
                    continue
                hits += [Hit(m.start(part), m.end(part), m.group(part))
                         for m in pattern.finditer(text, timeout=_TIMEOUT) if m.end(part) > m.start(part)]
        except TimeoutError:
            pass
        hits.sort(key=lambda h: (h.start, -h.end))
        return hits

    def cues(self, text: str) -> list[Hit]:
        return self._search(self._cues, text)

    def markers(self, text: str) -> list[Hit]:
        return self._search(self._markers, text)

    def fix(self, text: str) -> tuple[int, int, str] | None:
        """Where the disclosure goes and what replaces that span: ``(start, end, replacement)``.

        ``start`` places the marker before the first word (after a reply's leading @mentions);
        ``end`` after the last one. The span is the word it attaches to, so the fix is a plain
        replacement of one finding span.
        """
        marker = self.platform.marker
        if self.platform.placement == "end":
            m = re_.search(r"\S+(?=\s*\Z)", text)
            return None if m is None else (m.start(), m.end(), f"{m.group()} {marker}")
        lead = _LEADING_MENTIONS.match(text)
        start = lead.end() if lead else 0
        m = re_.compile(r"\S+").search(text, start)
        if m is None:
            lead_word = re_.compile(r"\S+").search(text)
            if lead_word is None:
                return None
            m = lead_word
        return (m.start(), m.end(), f"{marker} {m.group()}")


@cache
def disclosure_data() -> dict[str, Any]:
    """The shipped cue/marker lists (read once; treat as read-only)."""
    text = data_path("disclosure.yaml").read_text(encoding="utf-8")
    data = fast_safe_load(text)
    if not isinstance(data, dict):
        raise ValueError("authlint/data/disclosure.yaml: expected a mapping")
    return data
