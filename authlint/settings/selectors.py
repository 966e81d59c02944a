"""One resolver for rule selectors: codes, code prefixes, names, aliases, categories and ``ALL``.

``select``, ``extend-select``, ``ignore``, ``per-file-ignores``, ``severity``, inline
suppressions and the command-line flags all name rules the same way, so they all go through
:class:`RuleIndex`: a selector means the same rules everywhere, and one that names nothing is
the same one-line error (with a "did you mean") wherever it is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from authlint.errors import ConfigError

ALL = "ALL"


class Selectable(Protocol):
    """What a selector can name: rules, platform rules and the meta rule all have these."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def aliases(self) -> Iterable[str]: ...


def selector_matches(selector: str, rule: Selectable) -> bool:
    """``PRO101``, ``PRO`` (an upper-case code prefix), a name, an alias, a category or ``ALL``."""
    s = selector.strip()
    return (
        s == ALL
        or rule.code == s
        or (s.isupper() and rule.code.startswith(s))
        or rule.name == s
        or s in rule.aliases
        or rule.category == s
    )


@dataclass(frozen=True)
class FlagSelection:
    """What the command line selected and ignored, kept apart from the config file's lists
    because flags win over the file: ``--select X`` / ``--extend-select X`` runs X even where
    the file's ``ignore`` names it by code, prefix, name, alias or category."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleIndex:
    """The rules a run knows, by every name a selector may use."""

    rules: tuple[Selectable, ...]
    _codes: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, *groups: Iterable[Selectable]) -> RuleIndex:
        seen: dict[str, Selectable] = {}
        for group in groups:
            for rule in group:
                seen.setdefault(rule.code, rule)
        return cls(tuple(seen.values()))

    def codes(self, selector: str) -> frozenset[str]:
        """The codes ``selector`` names (empty when it names no known rule)."""
        found = self._codes.get(selector)
        if found is None:
            found = self._codes[selector] = frozenset(r.code for r in self.rules if selector_matches(selector, r))
        return found

    def covers(self, selector: str, code: str) -> bool:
        """Whether ``selector`` names the rule with ``code`` (a finding's ``rule``)."""
        return code in self.codes(selector)

    def skips(self, code: str, ignore: Iterable[str], flags: FlagSelection | None = None) -> bool:
        """Whether ``ignore`` (a config's, the command line's ``--ignore`` included) skips rule
        ``code``. With ``flags``, an entry that came from the file does not skip a rule the
        command line selects; the command line's own ``--ignore`` always does."""
        ignore = list(ignore)
        if flags is None or not flags.select:
            return any(self.covers(s, code) for s in ignore)
        if any(self.covers(s, code) for s in flags.ignore):
            return True
        if any(self.covers(s, code) for s in flags.select):
            return False
        return any(self.covers(s, code) for s in ignore)

    def knows(self, selector: str) -> bool:
        return bool(self.codes(selector))

    def check(self, selectors: Iterable[str], setting: str) -> None:
        """A selector that names no rule is a typo the user wants to hear about."""
        for s in selectors:
            if not self.knows(s):
                raise ConfigError(unknown_selector(s, setting, self.rules))


def selection_conflict(select: Iterable[str] | None, ignore: Iterable[str], flags: FlagSelection | None = None) -> str | None:
    """A selector that one source (the file, or the command line) both selects and ignores;
    the command line selecting what the file ignores is no conflict: the flag wins."""
    if flags is not None and flags.select:
        clash = set(flags.select) & set(flags.ignore)
    else:
        clash = set(select or ()) & set(ignore)
    return sorted(clash)[0] if clash else None


def unknown_selector(selector: str, setting: str, rules: Iterable[Selectable]) -> str:
    """The one-line message for a selector that names no rule, with the closest known name."""
    words = sorted({w for r in rules for w in (r.code, r.name, r.category, *r.aliases)})
    close = difflib.get_close_matches(selector.strip(), words, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"{setting}: '{selector}' matches no rule code, name, alias or category{hint}"
