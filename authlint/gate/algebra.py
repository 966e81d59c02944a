"""The prefilter algebra: a disjunction of clauses; a clause is a conjunction of requirements;
a requirement is a set of lower-cased token texts of which the post must contain at least one.
Plain data over strings: nothing here knows spaCy or a rule."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Requirement = frozenset[str]
Clause = tuple[Requirement, ...]
#: What to run on one post: rule code -> indices of the detectors that could match (None: all).
#: A rule missing from the plan cannot match the post.
Plan = dict[str, "tuple[int, ...] | None"]

#: Marks the form of a sentence-initial token ("\x00buy"); never part of real text forms.
SENT_START = "\x00"


@dataclass(frozen=True)
class Prefilter:
    """A necessary condition for a detector or rule to match a post."""

    clauses: tuple[Clause, ...]
    # Requirements every clause shares (e.g. a claim's first-person cue) are tested once; then
    # one set test covers every clause left with one requirement (most of them: single words).
    # Clauses of several requirements are indexed by the words of their smallest one: only
    # clauses one of whose words the post has are tested.
    _common: Clause = field(init=False, repr=False, compare=False)
    _single: frozenset[str] = field(init=False, repr=False, compare=False)
    _multi: dict[str, tuple[Clause, ...]] = field(init=False, repr=False, compare=False)
    _multi_words: frozenset[str] = field(init=False, repr=False, compare=False)
    _always: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        common = set(self.clauses[0]).intersection(*self.clauses[1:]) if self.clauses else set()
        rest = [tuple(r for r in c if r not in common) for c in self.clauses]
        multi: dict[str, list[Clause]] = {}
        for clause in rest:
            if len(clause) > 1:
                for word in min(clause, key=len):
                    multi.setdefault(word, []).append(clause)
        object.__setattr__(self, "_common", tuple(common))
        object.__setattr__(self, "_single", frozenset().union(*(c[0] for c in rest if len(c) == 1)))
        object.__setattr__(self, "_multi", {w: tuple(cs) for w, cs in multi.items()})
        object.__setattr__(self, "_multi_words", frozenset(multi))
        # A clause that is only the common part decides alone.
        object.__setattr__(self, "_always", any(not c for c in rest))

    def admits(self, forms: frozenset[str] | set[str]) -> bool:
        """True if a post whose lower-cased token texts are ``forms`` could match."""
        if not all(not req.isdisjoint(forms) for req in self._common):
            return False
        if self._always or not self._single.isdisjoint(forms):
            return True
        multi = self._multi
        for word in self._multi_words.intersection(forms):
            if any(all(not req.isdisjoint(forms) for req in clause) for clause in multi[word]):
                return True
        return False

    def requiring(self, words: Iterable[str]) -> Prefilter:
        """This prefilter, and one of ``words`` as well."""
        also = frozenset(w.lower() for w in words)
        return Prefilter(tuple((*clause, also) for clause in self.clauses))

    def words(self) -> frozenset[str]:
        """Every word the prefilter mentions (for reporting and tests)."""
        return frozenset(w for clause in self.clauses for req in clause for w in req)


def union(prefilters: Iterable[Prefilter | None]) -> Prefilter | None:
    """A match of any of several detectors: OR of their clauses; one unknown makes it unknown."""
    clauses: list[Clause] = []
    for p in prefilters:
        if p is None:
            return None
        clauses.extend(p.clauses)
    return Prefilter(tuple(clauses))


def from_words(entries: Sequence[str]) -> Prefilter:
    """An explicit ``prefilter:`` list: any entry present; a multi-word entry needs all its words."""
    clauses = []
    for entry in entries:
        words = entry.lower().split()
        clauses.append(tuple(frozenset({w}) for w in words))
    return Prefilter(tuple(clauses))


def clause(requirements: Iterable[Requirement | None]) -> Clause | None:
    """The known requirements as one clause; None when none is known (the clause is "anything")."""
    reqs = tuple(r for r in requirements if r is not None)
    return reqs or None
