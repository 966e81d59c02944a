"""``regex``: a regular expression over the post text, with a time limit per search.

Uses the ``regex`` package so a pathological pattern times out instead of hanging a
pre-commit hook. Named groups become captures; ``group`` picks the reported span.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import regex as re_
from pydantic import Field, PrivateAttr, model_validator

from authlint.detectors.base import BindContext, DetectorBase, Finder, Match
from authlint.detectors.pattern_bounds import regex_problem
from authlint.errors import RuleError
from authlint.gate.regex_literals import Contains, Terms, compiled_terms, containing, holds_compiled, outline
from authlint.nlp.views import doc_folded, doc_text
from authlint.support.text import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc

DEFAULT_TIMEOUT_SECONDS = 0.5


class RegexTimeout(RuleError):
    """A rule's regex ran longer than its time limit on some input."""


class RegexDetector(DetectorBase):
    type: Literal["regex"] = "regex"
    pattern: str = Field(min_length=1)
    ignore_case: bool = True
    group: int | str = 0
    timeout: float = Field(DEFAULT_TIMEOUT_SECONDS, gt=0, le=10)
    _compiled: re_.Pattern[str] | None = PrivateAttr(None)
    _literals: frozenset[str] | None = PrivateAttr(None)
    _terms: Terms | None = PrivateAttr(None)  # a finer test, kept only when it says more
    _test: Contains | None = PrivateAttr(None)  # built from the two on first use

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
        test = self.literal_test
        if test is None:
            return True
        return bool(test(text if not self.ignore_case else folded if folded is not None else fold(text)))

    @property
    def literal_test(self) -> Contains | None:
        """The literals test of :meth:`could_match` on the (folded) text, built once (truthy when
        the regex could match); None when no literals are known (the regex always runs)."""
        if self._test is None and self._literals is not None:
            self._test = _literal_test(self._literals, self._terms)
        return self._test

    def search(self, text: str) -> list[Match]:
        """All matches in ``text``; raises :class:`RegexTimeout` past the time limit."""
        return _search(self.compiled, self.group, self.timeout, text)

    def bind(self, ctx: BindContext, rule_code: str) -> Finder:
        # Plain locals: pydantic serves private attributes through __getattr__, which cost more
        # than the literal test itself when read for every post. The pattern is compiled the
        # first time a post passes the literal test: compiling the default rules' 84 patterns
        # took 0.28 s, most of them never needed by a one-post check or a re-run after an edit.
        test, folded_text = self.literal_test, self.ignore_case
        group, timeout = self.group, self.timeout
        compiled: re_.Pattern[str] | None = None

        def find(doc: Doc) -> list[Match]:
            nonlocal compiled
            text = doc_text(doc)
            if test is not None and not test(doc_folded(doc) if folded_text else text):
                return []
            if compiled is None:
                compiled = self.compiled
            try:
                return _search(compiled, group, timeout, text)
            except RegexTimeout as exc:
                raise RegexTimeout(f"rule {rule_code}: {exc}") from exc

        return find


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


def _literal_test(literals: frozenset[str], terms: Terms | None) -> Contains:
    """One of ``literals`` occurs in the text (the quick test: most posts stop here) and, if
    known, one of the finer ``terms`` holds; each literal set is one scan in C."""
    quick = containing(literals)
    if terms is None:
        return quick  # no finer test: the scan itself, with no call around it
    finer = compiled_terms(terms)

    def could_match(haystack: str) -> bool:
        return bool(quick(haystack)) and holds_compiled(finer, haystack)

    return could_match
