"""Checking an edited document again without analysing its unchanged paragraphs again.

An editor sends the whole document after every keystroke, and checking a post of a few
thousand characters costs spaCy's statistical pipeline (tok2vec, tagger, parser) over all of
it plus every rule over all of it. :class:`BlockChecker` keeps, keyed by text:

* what the pipeline made of each paragraph ("block", cut at blank lines) at each depth of
  analysis (:class:`BlockAnalyzer`); the annotated blocks are joined (``Doc.from_docs``) into
  one Doc of the whole post;
* the findings of the rules that read only the paragraph they match in
  (:func:`paragraph_local`: phrases, regexes, token and dependency patterns) per paragraph.

After an edit only the edited paragraph goes through the models and the paragraph rules;
the post-level rules (measures such as the first-person share, hashtag counts, post-wide
``unless`` conditions, claims, platform limits), the language guess, ``distinct`` and scoring
run on the whole post, through the engine's own :class:`authlint.engine.run.Run` and gate.
Because both caches are keyed by text, a check through warm caches reports exactly what the
same check with empty caches reports (tests/test_lsp_incremental.py).

What differs from ``Linter.check`` on the post in one piece: the statistical models do not
read across a blank line (tok2vec reads four tokens either side; sentence boundaries are the
same, as the tokenizer and the sentence component set them first), and a paragraph rule cannot
match across one. bench/lsp.py counts how often the findings differ (rarely). When the joined
Doc does not line up token for token with the post tokenized whole, the post is analysed in
one piece instead.
"""

from __future__ import annotations

from collections import OrderedDict
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import regex as re_

from authlint.engine.posts import Post
from authlint.engine.run import Run
from authlint.io.positions import LineIndex
from authlint.nlp.pieces import annotations_of, copy_annotations
from authlint.report.results import POSITIVE_CATEGORIES, Finding, Report
from authlint.severity import Severity

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from authlint.engine.linter import AuthorRef, Linter
    from authlint.engine.rule_engine import RuleEngine

#: Where blocks end: after a blank line (and any further blank lines).
_BLOCK_END = re_.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*")
#: Notice kinds of a post the rules skip (authlint.engine.run.Run.skip_notice).
SKIPPED = frozenset({"language", "too-long"})
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


@dataclass(frozen=True)
class _Annotated:
    """What the models made of one block, as arrays (``Doc.to_array``) to copy into a Doc."""

    layout: Any
    """ORTH, SPACY and SENT_START after tokenizing: the block lines up with a part of a post
    only where these are equal."""
    arrays: Any
    data: dict[Any, Any]
    """``user_data`` the models added: extension values (block offsets) and markers."""


class BlockAnalyzer:
    """An :class:`authlint.nlp.analyzer.Analyzer` whose :meth:`annotate` reuses annotated blocks.

    A Doc to annotate is cut into blocks; each block's annotations come from the cache or from
    the models run on that block alone, and are copied into the Doc (``Doc.from_array``, as
    ``Doc.from_docs`` joins Docs), which keeps the tokens, the cheap components' work and what
    the gate noted. Everything but ``annotate`` is the wrapped analyzer's. One thread."""

    def __init__(self, analyzer: Any, capacity: int = CAPACITY) -> None:
        self._analyzer = analyzer
        self._capacity = capacity
        self._blocks: OrderedDict[tuple[str, int, int], _Annotated] = OrderedDict()
        self.analysed = 0
        """Blocks that went through the models (the rest came from the cache): for tests and the bench."""

    def __getattr__(self, name: str) -> Any:
        return getattr(self._analyzer, name)

    def annotate(self, docs: list[Doc], depth: int, through: int = 0) -> list[Doc]:
        return [self._annotate_one(doc, depth, through) for doc in docs]

    def _annotate_one(self, doc: Doc, depth: int, through: int) -> Doc:
        import numpy

        if depth == 0 and through == 0:
            return doc  # nothing to run, nothing deferred
        text = doc.text
        spans = block_spans(text)
        if len(spans) == 1 and (text, depth, through) not in self._blocks:
            return self._analyse(text, depth, through, doc)[0]  # one block: annotated in place
        blocks = [self._block(text[a:b], depth, through) for a, b in spans]
        layout = numpy.concatenate([b.layout for b in blocks])
        if layout.shape != (len(doc), len(_LAYOUT)) or not numpy.array_equal(layout, doc.to_array(_LAYOUT)):
            return self._analyzer.annotate([doc], depth, through)[0]  # a token crossed a blank line
        copy_annotations(doc, [b.arrays for b in blocks])
        for (start, _), block in zip(spans, blocks):
            for key, value in block.data.items():
                if _is_extension_key(key) and key[2] is not None:
                    kind, name, a, b = key
                    key = (kind, name, a + start, b + start if b is not None else None)
                doc.user_data[key] = value
        return doc

    def _block(self, text: str, depth: int, through: int) -> _Annotated:
        found = self._blocks.get((text, depth, through))
        if found is not None:
            self._blocks.move_to_end((text, depth, through))
            return found
        return self._analyse(text, depth, through, None)[1]

    def _analyse(self, text: str, depth: int, through: int, doc: Doc | None) -> tuple[Doc, _Annotated]:
        """Run the models on one block (``doc``: its tokenized Doc, else tokenized here) and keep the result."""
        target = doc if doc is not None else self._analyzer.tokenize([text])[0]
        layout, before = target.to_array(_LAYOUT), dict(target.user_data)
        target = self._analyzer.annotate([target], depth, through)[0]
        self.analysed += 1
        data = {k: v for k, v in target.user_data.items() if k not in before or before[k] is not v}
        found = _Annotated(layout, annotations_of(target), data)
        if self._capacity > 0:
            self._blocks[(text, depth, through)] = found
            while len(self._blocks) > self._capacity:
                self._blocks.popitem(last=False)
        return target, found

    def clear(self) -> None:
        self._blocks.clear()


_LAYOUT = ["ORTH", "SPACY", "SENT_START"]


def _is_extension_key(key: object) -> bool:
    """A custom extension's value (``("._.", name, start_char, end_char)``), keyed by offsets."""
    return isinstance(key, tuple) and len(key) == 4 and key[0] == "._."


#: Detector types whose matches lie inside the text they match and read nothing beyond the
#: sentences they match in (a phrase, a regex, a token or dependency pattern).
LOCAL_DETECTORS = frozenset({"phrase", "regex", "token_pattern", "dependency_pattern"})


def _local_detector(detector: Any) -> bool:
    if detector.type in LOCAL_DETECTORS:
        return True
    if detector.type == "conditional" and detector.scope == "sentence":
        return _local_detector(detector.when) and all(_local_detector(d) for d in detector.unless)
    return False


def paragraph_local(rule: Any) -> bool:
    """Whether ``rule``'s findings in a paragraph depend on that paragraph alone. Post-level
    detectors (metrics, post-wide conditions, claims, disclosures, learned classifiers) do not:
    they judge the whole post."""
    return all(_local_detector(d) for d in rule.detectors)


def shifted(findings: list[Finding], offset: int, lines: LineIndex) -> list[Finding]:
    """``findings`` of a part of a text that starts at ``offset``, placed in the whole text."""
    out = []
    for f in findings:
        start, end = f.start + offset, f.end + offset
        (line, column), (end_line, end_column) = lines.position(start), lines.position(end)
        out.append(f.replace(start=start, end=end, line=line, column=column, end_line=end_line, end_column=end_column))
    return out


def _merged(a: Finding, b: Finding) -> bool:
    """Whether ``distinct`` (report.scoring) could merge ``a`` and ``b``: warnings or errors of
    one category on overlapping (or touching) words."""
    deduped = all(f.category not in POSITIVE_CATEGORIES and f.severity.rank >= Severity.WARNING.rank for f in (a, b))
    return deduped and a.category == b.category and a.start <= b.end and b.start <= a.end


def _yields(learned: Finding, other: Finding, fallback: frozenset[str]) -> bool:
    """Whether ``distinct`` would drop ``learned`` (a fallback rule's finding, of any severity)
    for ``other``, a rule's finding of its category on overlapping words."""
    return (learned.rule in fallback and other.rule not in fallback and learned.category == other.category
            and learned.start < other.end and other.start < learned.end)


class _View:
    """The Linter's :class:`RuleEngine` with some attributes replaced (its gate, its rules).
    Never in a memory zone (authlint.nlp.memory): the cached blocks' Docs outlive the check
    that made them; the cache's capacity bounds their memory."""

    def __init__(self, engine: RuleEngine, **replaced: Any) -> None:
        self._engine = engine
        self.bounded = nullcontext
        self.__dict__.update(replaced)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)


class BlockChecker:
    """``Linter.check`` for one post at a time, reusing the analysis of unchanged blocks.

    Two caches, both keyed by text: the annotated blocks (:class:`BlockAnalyzer`) and, for
    the rules that read only the paragraph they match in (:func:`paragraph_local`), each
    paragraph's findings. After an edit the post-level rules run on the whole post (a Doc
    joined from the annotated blocks), the paragraph rules only on the edited paragraph, and
    the two sets of findings are merged as one check would merge them: ``distinct`` merges
    overlapping warnings of one category, so when a post-level finding overlaps a paragraph
    finding of its category the whole post is checked with every rule instead. Learned rules
    score the whole text (they read no annotation), so they are post-level rules; their findings
    yield to any rule's on the same words, so one that overlaps a paragraph finding of its
    category sends the post to the whole check too. One per Linter; one thread."""

    def __init__(self, linter: Linter, capacity: int = CAPACITY) -> None:
        from authlint.engine.schedule import Gate

        engine = linter.engine
        self.linter = linter
        self.analyzer = BlockAnalyzer(engine.analyzer, capacity)
        self._capacity = capacity
        self._paragraphs: OrderedDict[tuple[str, str | None, Any], Report] = OrderedDict()
        local = [b for b in engine.bound if paragraph_local(b.rule)]
        self._fallback = engine.fallback_rules
        post_level = [b for b in engine.bound if b not in local]
        extras = engine.extras()

        def gate(bound: list[Any], with_extras: bool = True) -> Any:
            return Gate(bound, self.analyzer, enabled=linter.prefilter, extras=extras if with_extras else ())

        self._every = _View(engine, gate=gate([*engine.bound, *engine.bound_platform]))
        self._post = _View(engine, bound=post_level, gate=gate([*post_level, *engine.bound_platform]))
        self._local = (_View(engine, bound=local, bound_platform=[], language=None, lists_claims=False,
                             gate=gate(local, with_extras=False)) if local else None)
        self.fallbacks = 0
        """Checks that ran every rule on the whole post (an overlap, see above): for tests and the bench."""
        self.paragraphs_checked = 0
        """Paragraphs the paragraph rules ran on (the rest came from the cache)."""

    def check(self, text: str, *, platform: str | None = None, author: AuthorRef = None) -> Report:
        """What ``linter.check(text, platform=..., author=...)`` reports, blocks analysed apart."""
        posts = list(self.linter.posts([text], [platform], author, None))  # a bad author raises here
        post = posts[0]
        if self._local is None:
            return self._run(self._every, post)
        whole = self._run(self._post, post)
        if any(n.kind in SKIPPED for n in whole.notices):
            return whole  # not analysed (not English, too long): the platform rules' findings only
        lines = LineIndex(post.text)
        local: list[Finding] = []
        notices = list(whole.notices)
        for start, end in block_spans(post.text):
            found = self._paragraph(post.text[start:end], post.platform, post.author)
            local += shifted(found.findings, start, lines)
            notices += found.notices
        if any(_merged(a, b) or _yields(b, a, self._fallback) for a in local for b in whole.findings):
            self.fallbacks += 1
            return self._run(self._every, post)
        report = self.linter.report(sorted([*whole.findings, *local], key=lambda f: (f.start, f.end, f.rule)), notices)
        report.claims = whole.claims
        return report

    def check_whole(self, text: str, *, platform: str | None = None, author: AuthorRef = None) -> Report:
        """What :meth:`check` must equal: every rule run on the whole post (joined from the
        same blocks), with no paragraph findings merged in."""
        post = next(iter(self.linter.posts([text], [platform], author, None)))
        return self._run(self._every, post)

    def _run(self, view: _View, post: Post) -> Report:
        return next(Run(view, self.linter.failure_log).reports([post]))  # type: ignore[arg-type]

    def _paragraph(self, text: str, platform: str | None, author: Any) -> Report:
        """The paragraph rules' report on one paragraph, as checked before if its text is unchanged."""
        key = (text, platform, None if author is None else repr(author))
        found = self._paragraphs.get(key)
        if found is not None:
            self._paragraphs.move_to_end(key)
            return found
        assert self._local is not None
        found = self._run(self._local, Post(text, platform, author))
        self.paragraphs_checked += 1
        if self._capacity > 0:
            self._paragraphs[key] = found
            while len(self._paragraphs) > self._capacity:
                self._paragraphs.popitem(last=False)
        return found


__all__ = ["CAPACITY", "LOCAL_DETECTORS", "BlockAnalyzer", "BlockChecker", "block_spans", "paragraph_local", "shifted"]
