"""``regex``: a regular expression over the post text, with a time limit per search.

Uses the ``regex`` package so a pathological pattern times out instead of hanging a
pre-commit hook. Named groups become captures; ``group`` picks the reported span. A pattern
several rules share lives once in authlint/data/patterns.yaml and is read with ``use: NAME``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import regex as re_
from pydantic import Field, PrivateAttr, model_validator

from authlint.detectors.base import BindContext, DetectorBase, Finder, Match
from authlint.detectors.context import literal_scan_of
from authlint.detectors.pattern_bounds import regex_problem
from authlint.errors import RuleError
from authlint.gate.literal_scan import LiteralScan, LiteralTest, all_literals, literal_test
from authlint.gate.regex_literals import Terms, outline
from authlint.nlp.views import doc_text
from authlint.support.data import data_path
from authlint.support.text import fold
from authlint.support.wordlists import WordListError, load_word_data

if TYPE_CHECKING:
    from spacy.tokens import Doc

DEFAULT_TIMEOUT_SECONDS = 0.5


class RegexTimeout(RuleError):
    """A rule's regex ran longer than its time limit on some input."""


class RegexDetector(DetectorBase):
    type: Literal["regex"] = "regex"
    pattern: str = Field(min_length=1)
    use: str | None = Field(None, description="A shared pattern's name (authlint/data/patterns.yaml) instead of `pattern`.")
    ignore_case: bool = True
    group: int | str = 0
    timeout: float = Field(DEFAULT_TIMEOUT_SECONDS, gt=0, le=10)
    _compiled: re_.Pattern[str] | None = PrivateAttr(None)
    _literals: frozenset[str] | None = PrivateAttr(None)
    _terms: Terms | None = PrivateAttr(None)  # a finer test, kept only when it says more
    _test: LiteralTest | None = PrivateAttr(None)  # built from the two on first use
    _own_scan: LiteralScan | None = PrivateAttr(None)  # for could_match outside a binding

    @model_validator(mode="before")
    @classmethod
    def _shared(cls, data: Any) -> Any:
        """``use: NAME`` reads the pattern several rules share from authlint/data/patterns.yaml."""
        if not isinstance(data, dict) or data.get("use") is None:
            return data
        if "pattern" in data:
            raise ValueError("give either `pattern` or `use` (a shared pattern's name), not both")
        return {**data, "pattern": shared_pattern(str(data["use"]))}

    @model_validator(mode="after")
    def _compiles(self) -> RegexDetector:
        # Patterns the standard library's parser understands are checked (and their literal
        # prefilter found) without compiling: the `regex` package compiles them on first use,
        # so a pattern whose literals never occur is never compiled (start-up time).
        problem = regex_problem(self.pattern)  # before anything compiles it
        if problem is not None:
            raise ValueError(problem)
        shape = outline(self.pattern, self.ignore_case)
        if shape is None:
            compiled = self.compiled  # other syntax, or an error: `regex` itself decides
            names, groups = frozenset(compiled.groupindex), compiled.groups
        else:
            names, groups, self._literals = shape.group_names, shape.groups, shape.literals
            terms = shape.terms
            if terms is not None and (len(terms) > 1 or len(terms[0]) > 1):
                self._terms = terms
        group = self.group
        if isinstance(group, str) and group not in names:
            raise ValueError(f"group {group!r} is not a named group of the pattern")
        if isinstance(group, int) and group > groups:
            raise ValueError(f"group {group} does not exist (pattern has {groups})")
        return self

    @property
    def compiled(self) -> re_.Pattern[str]:
        if self._compiled is None:
            try:
                self._compiled = re_.compile(self.pattern, re_.IGNORECASE if self.ignore_case else 0)
            except re_.error as exc:
                raise ValueError(f"regex does not compile: {exc}") from exc
        return self._compiled

    def could_match(self, text: str, folded: str | None = None) -> bool:
        """False when ``text`` lacks the literals a match needs (authlint.gate.regex_literals):
        then the regex cannot match and need not run."""
        test, literals = self.literal_test, self._literals
        if test is None or literals is None:  # both or neither: the second tells mypy
            return True
        if self._own_scan is None:
            self._own_scan = LiteralScan()
            self._own_scan.add(all_literals(literals, self._terms))
        haystack = text if not self.ignore_case else folded if folded is not None else fold(text)
        return bool(test(self._own_scan.present(haystack)))

    @property
    def literal_test(self) -> LiteralTest | None:
        """The test of :meth:`could_match` on the literals a post contains (truthy when the
        regex could match), built once; None when no literals are known (the regex always runs)."""
        if self._test is None and self._literals is not None:
            self._test = literal_test(self._literals, self._terms)
        return self._test

    def search(self, text: str) -> list[Match]:
        """All matches in ``text``; raises :class:`RegexTimeout` past the time limit."""
        return _search(self.compiled, self.group, self.timeout, text)

    def bind(self, ctx: BindContext, rule_code: str) -> Finder:
        # Plain locals: pydantic serves private attributes through __getattr__, which cost more
        # than the literal test itself when read for every post. The pattern is compiled the
        # first time a post passes the literal test: compiling the default rules' 84 patterns
        # took 0.28 s, most of them never needed by a one-post check or a re-run after an edit.
        # The literals go into the scan the rules bound together share: one pass over each post
        # tells every rule's test which literals are there (authlint.gate.literal_scan).
        test = self.literal_test
        scan = literal_scan_of(ctx, self.ignore_case)
        if self._literals is not None:
            scan.add(all_literals(self._literals, self._terms))
        group, timeout = self.group, self.timeout
        compiled: re_.Pattern[str] | None = None

        def find(doc: Doc) -> list[Match]:
            nonlocal compiled
            if test is not None and not test(scan.of(doc)):
                return []
            text = doc_text(doc)
            if compiled is None:
                compiled = self.compiled
            try:
                return _search(compiled, group, timeout, text)
            except RegexTimeout as exc:
                raise RegexTimeout(f"rule {rule_code}: {exc}") from exc

        return find


@cache
def shared_patterns() -> Mapping[str, str]:
    """The named patterns of authlint/data/patterns.yaml (read once)."""
    path = data_path("patterns.yaml")
    data = load_word_data(path)
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) and v for k, v in data.items()):
        raise WordListError(f"{path}: must map pattern names to non-empty regular expressions")
    return MappingProxyType(data)


def shared_pattern(name: str) -> str:
    """The shared pattern ``name``; a ValueError naming the known ones if there is none."""
    patterns = shared_patterns()
    if name not in patterns:
        raise ValueError(f"no shared pattern {name!r}; known: {', '.join(sorted(patterns))}")
    return patterns[name]


def _search(compiled: re_.Pattern[str], group: int | str, timeout: float, text: str) -> list[Match]:
    """The matches of ``compiled`` in ``text`` (their ``group``'s span, empty ones skipped)."""
    matches: list[Match] = []
    try:
        for m in compiled.finditer(text, timeout=timeout):
            start, end = m.span(group)
            if start < 0 or start == end:
                continue
            captures = {k: v for k, v in m.groupdict().items() if v is not None}
            matches.append(Match(start, end, captures))
    except TimeoutError as exc:
        raise RegexTimeout(f"regex /{compiled.pattern}/ exceeded its {timeout}s time limit") from exc
    return matches
