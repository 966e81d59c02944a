"""What the language server keeps between two checks of a document, so a keystroke costs
about one paragraph's analysis instead of the whole document's.

Two caches, both keyed by text (never by position), so a result taken from them is exactly
the result of checking that text again:

* per Linter, a :class:`authlint.engine.blocks.BlockChecker`: spaCy's analysis of each
  paragraph, reused while the paragraph is unchanged; the rules, the gate, post-level
  measures and scoring still run on the whole post each time;
* for long documents (over :data:`authlint.lsp.lint.SPLIT_ABOVE`), which are checked in
  independent pieces anyway, each piece's report keyed by the piece's text, platform and
  author: an edit re-checks the piece it lands in (pieces after it start at the same
  paragraph breaks, so their texts and reports are unchanged; :func:`shift` moves them).

Both are dropped with the Linter when a config or rule file changes (:meth:`Incremental.clear`).
Used from the lint thread only.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from authlint.engine.blocks import BlockChecker

if TYPE_CHECKING:
    from authlint.engine.linter import Linter
    from authlint.report.results import Report

#: Piece reports kept per Linter (a 100,000-character document is about 50 pieces).
PIECE_CAPACITY = 256


class LinterCache:
    """The caches of one Linter."""

    def __init__(self, linter: Linter) -> None:
        self.linter = linter
        self.blocks = BlockChecker(linter)
        self._pieces: OrderedDict[tuple[str, str | None, Any], Report] = OrderedDict()

    def check(self, text: str, platform: str | None, author: Any) -> Report:
        """One post, its unchanged paragraphs' analysis reused."""
        return self.blocks.check(text, platform=platform, author=author)

    def check_piece(self, text: str, platform: str | None, author: Any) -> Report:
        """One piece of a long document: its report as checked before, if its text is unchanged."""
        key = (text, platform, _author_key(author))
        found = self._pieces.get(key)
        if found is None:
            found = self._pieces[key] = self.check(text, platform, author)
            while len(self._pieces) > PIECE_CAPACITY:
                self._pieces.popitem(last=False)
        else:
            self._pieces.move_to_end(key)
        return found


def _author_key(author: Any) -> Any:
    """A hashable stand-in for the front matter's author (a key, a mapping of fields or None)."""
    if author is None or isinstance(author, str):
        return author
    if isinstance(author, dict):
        return repr(sorted(author.items(), key=lambda kv: str(kv[0])))
    return repr(author)


class Incremental:
    """One :class:`LinterCache` per Linter in use."""

    def __init__(self) -> None:
        self._caches: dict[int, LinterCache] = {}

    def for_linter(self, linter: Linter) -> LinterCache:
        cache = self._caches.get(id(linter))
        if cache is None or cache.linter is not linter:
            cache = self._caches[id(linter)] = LinterCache(linter)
        return cache

    def clear(self) -> None:
        self._caches.clear()


__all__ = ["PIECE_CAPACITY", "Incremental", "LinterCache"]
