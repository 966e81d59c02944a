"""Checking an edited document again without analysing its unchanged paragraphs again.

An editor sends the whole document after every keystroke, and most of the cost of checking a
post of a few thousand characters is spaCy's statistical pipeline (tok2vec, tagger, parser)
over all of it. :class:`BlockChecker` keeps what the pipeline made of each paragraph ("block",
cut at blank lines) keyed by the block's text and by how deep it was analysed; after an edit
only the blocks whose text changed go through the models, and the annotated blocks are joined
(``Doc.from_docs``) into one Doc of the whole post.

Everything else is the engine's own path, on the whole post: the gate plans which rules run
and how deep the post needs analysing from the whole tokenized text (so a post-wide rule sees
every block annotated as deep as it needs), the language guess, every rule (post-level
measures, hashtag counts, post-wide ``unless`` conditions, claims), ``distinct`` and scoring
(:class:`authlint.engine.run.Run` over an engine whose analyzer is a :class:`BlockAnalyzer`).
So a check through a warm cache gives exactly what the same check with an empty cache gives:
the cache only ever returns a Doc the models would make of that block's text again.

What differs from analysing the post in one piece (``Linter.check``): each block is analysed on
its own, so the models do not see the few tokens across a blank line (tok2vec reads four tokens
either side; sentence boundaries are the same, as the tokenizer and the sentence component set
them before the models run). A blank line already ends every sentence, so rules are unaffected
except where a statistical annotation near a paragraph's edge changes; when the joined Doc
does not line up token for token with the post tokenized whole, the post is analysed in one
piece instead.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import regex as re_

from authlint.engine.run import Run

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from authlint.engine.linter import AuthorRef, Linter
    from authlint.engine.rule_engine import RuleEngine
    from authlint.report.results import Report

#: Where blocks end: after a blank line (and any further blank lines).
_BLOCK_END = re_.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*")
#: Annotated blocks kept per checker (a 30,000-character document has about 120).
CAPACITY = 1024


def block_spans(text: str) -> list[tuple[int, int]]:
    """Spans covering ``text`` exactly, each a paragraph with the blank lines after it."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BLOCK_END.finditer(text):
        if m.end() < len(text):
            spans.append((start, m.end()))
            start = m.end()
    spans.append((start, len(text)))
    return spans


def _tokens(doc: Doc) -> list[tuple[int, str, bool, bool]]:
    return [(t.idx, t.text, bool(t.whitespace_), bool(t.is_sent_start)) for t in doc]


class BlockAnalyzer:
    """An :class:`authlint.nlp.analyzer.Analyzer` whose :meth:`annotate` reuses annotated blocks.

    Everything but ``annotate`` is the wrapped analyzer's. Not thread-safe: one lint thread."""

    def __init__(self, analyzer: Any, capacity: int = CAPACITY) -> None:
        self._analyzer = analyzer
        self._capacity = capacity
        self._blocks: OrderedDict[tuple[str, int, int], Doc] = OrderedDict()
        self.analysed = 0
        """Blocks that went through the models (the rest came from the cache): for tests and the bench."""

    def __getattr__(self, name: str) -> Any:
        return getattr(self._analyzer, name)

    def annotate(self, docs: list[Doc], depth: int, through: int = 0) -> list[Doc]:
        return [self._annotate_one(doc, depth, through) for doc in docs]

    def _annotate_one(self, doc: Doc, depth: int, through: int) -> Doc:
        text = doc.text
        spans = block_spans(text)
        if len(spans) == 1 or (depth == 0 and through == 0):
            return self._analyzer.annotate([doc], depth, through)[0]
        from spacy.tokens import Doc as SpacyDoc

        blocks = [self._block(text[a:b], depth, through) for a, b in spans]
        joined = SpacyDoc.from_docs(blocks, ensure_whitespace=False, exclude=["tensor", "user_data"])
        if _tokens(joined) != _tokens(doc):  # the tokenizer or sentence split crossed a blank line
            return self._analyzer.annotate([doc], depth, through)[0]
        # What the gate and the cheap components left on the whole Doc, then what the models
        # added to each block (extension values moved to the block's offset; deferred work).
        data = dict(doc.user_data)
        for (start, _), block in zip(spans, blocks):
            for key, value in block.user_data.items():
                if _is_extension_key(key) and key[2] is not None:
                    kind, name, a, b = key
                    key = (kind, name, a + start, b + start if b is not None else None)
                data[key] = value
        joined.user_data = data
        return joined

    def _block(self, text: str, depth: int, through: int) -> Doc:
        key = (text, depth, through)
        found = self._blocks.get(key)
        if found is not None:
            self._blocks.move_to_end(key)
            return found
        doc = self._analyzer.annotate(self._analyzer.tokenize([text]), depth, through)[0]
        self.analysed += 1
        if self._capacity > 0:
            self._blocks[key] = doc
            while len(self._blocks) > self._capacity:
                self._blocks.popitem(last=False)
        return doc

    def clear(self) -> None:
        self._blocks.clear()


def _is_extension_key(key: object) -> bool:
    """A custom extension's value (``("._.", name, start_char, end_char)``), keyed by offsets."""
    return isinstance(key, tuple) and len(key) == 4 and key[0] == "._."


class _BlockEngine:
    """The Linter's :class:`RuleEngine` with a gate whose analyzer is a :class:`BlockAnalyzer`."""

    def __init__(self, engine: RuleEngine, gate: Any) -> None:
        self._engine = engine
        self.gate = gate

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)


class BlockChecker:
    """``Linter.check`` for one post at a time, reusing the analysis of unchanged blocks.

    One per Linter (it holds that Linter's rules, gate and cache); used from one thread."""

    def __init__(self, linter: Linter, capacity: int = CAPACITY) -> None:
        from authlint.engine.schedule import Gate

        engine = linter.engine
        self.linter = linter
        self.analyzer = BlockAnalyzer(engine.analyzer, capacity)
        gate = Gate([*engine.bound, *engine.bound_platform], self.analyzer, enabled=linter.prefilter,
                    extras=engine._extras())
        self._engine = _BlockEngine(engine, gate)

    def check(self, text: str, *, platform: str | None = None, author: AuthorRef = None) -> Report:
        """What ``linter.check(text, platform=..., author=...)`` reports, blocks analysed apart."""
        posts = list(self.linter._posts([text], [platform], author, None))  # a bad author raises here
        reports: Iterator[Report] = Run(self._engine, self.linter._failure_log).reports(posts)  # type: ignore[arg-type]
        return next(reports)


__all__ = ["CAPACITY", "BlockAnalyzer", "BlockChecker", "block_spans"]
