"""Which posts pay for the tagger, parser and entity recognizer, and which rules run on each.

Every post is tokenized (plus cheap components such as sentence boundaries) and gets the
rules that need no statistical annotation. A rule that needs the tagger, parser or NER is
applied only to posts its prefilter (:mod:`authlint.gate.prefilter`) admits, and only those posts
are annotated, with the shortest prefix of the loaded pipeline that provides what the admitted
rules need (a prefix, because later components may read earlier ones: the attribute ruler
reads DEP). Running a prefix on a post gives exactly the annotations the full pipeline would.

A rule that mixes lexical and statistical detectors is gated per detector (its lexical
detectors always run; each statistical one only where its own prefilter admits the post).
Features a detector reads only on demand (:meth:`DetectorBase.deferred`, e.g. entity types
for claims) are left to :func:`authlint.nlp.analyzer.complete` instead of run up front.

A post the words admit faces three finer tests, each a necessary condition for a match:

- *word order*: a token pattern relaxed to its lexical attributes (``shadow_for``)
  must match the tokenized post ("thanks ... to" in that order, not both words anywhere); a
  ``conditional`` with a lexical cue (a regex) whose requirement needs the parser is
  shadowed by the cue itself, exactly;
- *one sentence*: words a detector declares sentence-bound (``prefilter_scope``, a claim's
  role word and first-person cue) must share a sentence;
- *vetoes*: a post-wide ``conditional`` whose ``unless`` has lexical detectors cannot fire
  where one of those matches, whatever the parse says ("I won" in a post that thanks someone).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from authlint.gate.prefilter import (
    Plan,
    Prefilter,
    SurfaceForms,
    doc_forms,
    for_detector,
    for_rule,
    from_words,
    sentence_forms,
)
from authlint.support.iterx import chunked

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from authlint.detectors import Finder


@dataclass(frozen=True)
class _Unit:
    """A gated part of a rule: the whole rule (``index`` None) or one of its detectors."""

    code: str
    index: int | None
    needs: frozenset[str]
    deferred: frozenset[str]
    prefilter: Prefilter | None
    shadow: Finder | None = None
    vetoes: tuple[Finder, ...] = ()
    by_sentence: bool = False  # the prefilter's words must all be in one sentence
    needs_profile: bool = False  # matches only for posts whose author has a profile

    def admits(self, doc: Doc, forms: frozenset[str], has_profile: bool = True) -> bool:
        """Could this part of the rule match ``doc`` (tokenized, not yet analysed)?"""
        if self.needs_profile and not has_profile:
            return False
        prefilter = self.prefilter
        if prefilter is not None and not prefilter.admits(forms):
            return False
        if prefilter is not None and self.by_sentence and not any(map(prefilter.admits, sentence_forms(doc))):
            return False
        if self.shadow is not None and not self.shadow(doc):
            return False
        return not any(veto(doc) for veto in self.vetoes)


class Gate:
    """Runs the statistical pipeline only on posts that some rule needing it could match."""

    def __init__(
        self, bound: Sequence[Any], analyzer: Any, enabled: bool = True,
        extras: Sequence[tuple[frozenset[str], frozenset[str], Sequence[str] | None]] = (),
    ) -> None:
        """``extras``: analysis the Linter needs beyond the rules' (e.g. Report.claims), as
        (features, those of them read on demand, words a post needs for it or None for every post)."""
        self._bound = list(bound)
        self._extras = [
            (needs, deferred, None if words is None else from_words(list(words))) for needs, deferred, words in extras
        ]
        self._analyzer = analyzer
        stages = analyzer.stages() if enabled else None
        self._staged = stages is not None
        self._prefilters: list[Prefilter | None] = []
        self._needs: list[frozenset[str]] = []
        self._units: list[_Unit] = []
        self._partial: dict[str, tuple[int, ...]] = {}  # code -> its always-run (lexical) detectors
        if self._staged:
            self._plan_units(SurfaceForms(analyzer.nlp))
        self._depths: dict[frozenset[str], int] = {}
        gated = {unit.code for unit in self._units}
        self._cheap = frozenset(b.rule.code for b in self._bound if b.rule.code not in gated)
        self._sizes = {b.rule.code: len(b.rule.detectors) for b in self._bound}
        self._everything: Plan = {b.rule.code: None for b in self._bound}
        self._everything_anonymous: Plan = {b.rule.code: None for b in self._bound if not b.rule.needs_profile()}

    def _plan_units(self, forms: SurfaceForms) -> None:
        analyzer = self._analyzer
        for b in self._bound:
            rule = b.rule
            needs = rule.needs()
            prefilter = for_rule(rule, analyzer, forms)
            self._needs.append(needs)
            self._prefilters.append(prefilter)
            if not needs:
                # A lexical rule is cheap, but not free: skip it where it cannot match.
                if prefilter is not None:
                    self._units.append(_Unit(rule.code, None, needs, frozenset(), prefilter))
                continue
            if getattr(rule, "prefilter", None) or len(rule.detectors) == 1:
                only = rule.detectors[0] if len(rule.detectors) == 1 else None
                self._units.append(_Unit(
                    rule.code, None, needs, rule.deferred(), prefilter,
                    only.shadow_for(analyzer, forms, rule.code) if only is not None else None,
                    only.vetoes_for(analyzer, rule.code) if only is not None else (),
                    only is not None and not getattr(rule, "prefilter", None) and only.sentence_bound(),
                    rule.needs_profile(),
                ))
                continue
            # Each detector of a mixed rule is gated by its own prefilter. A lexical one needs no
            # analysis: it runs wherever its prefilter admits the post (one set test instead of a
            # Matcher pass over every post), or everywhere if it has none.
            lexical: list[int] = []
            for i, d in enumerate(rule.detectors):
                needs, own = d.needs(), for_detector(d, analyzer, forms)
                if needs:
                    self._units.append(_Unit(
                        rule.code, i, needs, d.deferred(), own,
                        d.shadow_for(analyzer, forms, rule.code), d.vetoes_for(analyzer, rule.code), d.sentence_bound(),
                        d.needs_profile,
                    ))
                elif own is None:
                    lexical.append(i)
                else:
                    self._units.append(_Unit(rule.code, i, needs, frozenset(), own,
                                             by_sentence=d.sentence_bound(), needs_profile=d.needs_profile))
            if lexical:
                self._partial[rule.code] = tuple(lexical)

    def _depth(self, features: frozenset[str]) -> int:
        if features not in self._depths:
            self._depths[features] = self._analyzer.depth(features)
        return self._depths[features]

    @property
    def staged(self) -> bool:
        return self._staged

    def prefilters(self) -> dict[str, Prefilter | None]:
        """Rule code -> prefilter, for rules that need statistical annotation (lexical rules are
        gated by theirs too, but only to skip running them)."""
        return {b.rule.code: p for b, p, n in zip(self._bound, self._prefilters, self._needs) if n}

    def pipe(self, texts: Iterable[str], batch_size: int = 256) -> Iterable[tuple[Doc, Plan]]:
        """(annotated Doc, its :data:`Plan`) for each text, in input order (every rule considered)."""
        return self.pipe_posts(((text, True) for text in texts), batch_size)

    def pipe_posts(self, posts: Iterable[tuple[str, bool]], batch_size: int = 256) -> Iterable[tuple[Doc, Plan]]:
        """As :meth:`pipe` for (text, whether its author has a profile) pairs: for a post without
        a profile, rules that need one are left out of its plan (they cannot match), so they
        never make the parser run there."""
        if not self._staged:
            for batch in chunked(posts, batch_size):
                docs = self._analyzer.pipe([text for text, _ in batch], batch_size=batch_size)
                for doc, (_, has_profile) in zip(docs, batch):
                    yield doc, self._everything if has_profile else self._everything_anonymous
            return
        for batch in chunked(posts, batch_size):
            yield from self._run(batch)

    def _run(self, posts: list[tuple[str, bool]]) -> list[tuple[Doc, Plan]]:
        docs = self._analyzer.tokenize([text for text, _ in posts])
        plans: list[Plan] = []
        groups: dict[tuple[int, int], list[int]] = {}
        for i, doc in enumerate(docs):
            has_profile = posts[i][1]
            forms = doc_forms(doc)
            parts: dict[str, list[int]] = {code: list(lexical) for code, lexical in self._partial.items()}
            whole = set(self._cheap)
            eager: set[str] = set()
            later: set[str] = set()
            for unit in self._units:
                if unit.admits(doc, forms, has_profile):
                    if unit.index is None:
                        whole.add(unit.code)
                    else:
                        parts.setdefault(unit.code, []).append(unit.index)
                    eager |= unit.needs - unit.deferred
                    later |= unit.deferred
            for needs, deferred, prefilter in self._extras:
                if prefilter is None or prefilter.admits(forms):
                    eager |= needs - deferred
                    later |= deferred
            plan: Plan = dict.fromkeys(whole)
            for code, indices in parts.items():
                plan[code] = None if len(indices) == self._sizes[code] else tuple(sorted(indices))
            plans.append(plan)
            if eager or later:
                depth = self._depth(frozenset(eager))
                through = self._depth(frozenset(eager | later))
                groups.setdefault((depth, through), []).append(i)
        for (depth, through), indices in groups.items():
            annotated = self._analyzer.annotate([docs[i] for i in indices], depth, through)
            for i, doc in zip(indices, annotated):
                docs[i] = doc
        return list(zip(docs, plans))
