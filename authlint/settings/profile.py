"""Who the author really is: the profile that identity claims in a post are checked against.

A profile comes from config (``author:``), from a named entry in ``authors:`` selected per
file (front matter ``author: <key>``), or from the library (``Linter.check(text, author=...)``).
Keys are kebab-case in files (``birth-year``, ``speaks-for``) like every other setting.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from authlint.errors import ConfigError
from authlint.settings.validation import SETTINGS, Between, OneOrMore, Stripped, validate

Items = Annotated[list[str], OneOrMore(), Stripped()]


@dataclass(frozen=True)
class AuthorProfile:
    """The real author. Every field is optional; an empty field supports no claim of that kind."""

    __pydantic_config__ = SETTINGS

    name: str | None = None
    """The author's real name."""
    handles: Items = field(default_factory=list)
    """Accounts the author posts from, e.g. @jane."""
    roles: Items = field(default_factory=list)
    """Jobs and roles, e.g. 'community manager'."""
    credentials: Items = field(default_factory=list)
    """Licences and titles, e.g. 'registered nurse'."""
    organizations: Items = field(default_factory=list)
    """Employers and affiliations."""
    age: Annotated[int | None, Between(0, 130)] = None
    birth_year: Annotated[int | None, Between(1890, 2100)] = None
    locations: Items = field(default_factory=list)
    """Where the author lives or is based."""
    speaks_for: Items = field(default_factory=list)
    """Organisations the author may speak for officially."""

    def __post_init__(self) -> None:
        if self.age is not None and self.birth_year is not None:
            raise ValueError("give either age or birth-year, not both")

    def ages(self, today: _dt.date | None = None) -> tuple[int, int] | None:
        """The range the author's age can be in (a birth year leaves one year open)."""
        if self.age is not None:
            return (self.age, self.age)
        if self.birth_year is not None:
            year = (today or _dt.date.today()).year
            return (year - self.birth_year - 1, year - self.birth_year)
        return None

    def describe(self, fields: tuple[str, ...]) -> str:
        """What the profile lists in ``fields``, for messages ('community manager, Acme')."""
        items = [item for f in fields for item in getattr(self, f)]
        return ", ".join(items) if items else "nothing"


class DisplayName(str):
    """A front matter ``author:`` string (Hugo and Jekyll put the writer's *display name*
    there, ``author: Jordan Lee``): a key into ``authors`` when it is one, else the profile
    whose ``name`` it is, else nothing (the default author applies). Never an error: the post's
    front matter belongs to the site generator. ``authlint-author:`` names a key strictly."""

    __slots__ = ()


AuthorRef = AuthorProfile | str | None


def profile_from_mapping(data: Any, source: str = "author") -> AuthorProfile:
    """Validate one profile given as a mapping; errors are one-line :class:`ConfigError`."""
    if isinstance(data, AuthorProfile):
        return data
    if not isinstance(data, Mapping):
        raise ConfigError(f"{source}: expected a mapping of profile fields, got {type(data).__name__}")
    return validate(AuthorProfile, dict(data), source, join=".")


def resolve_author(
    ref: AuthorProfile | Mapping[str, Any] | str | None,
    authors: Mapping[str, AuthorProfile],
    default: AuthorProfile | str | None = None,
) -> AuthorProfile | None:
    """The profile ``ref`` names: a profile, a mapping of fields, or a key into ``authors``.

    ``None`` falls back to ``default`` (the config's ``author``), which may itself be a key.
    """
    if ref is None:
        if default is None:
            return None
        ref = default
    if isinstance(ref, AuthorProfile):
        return ref
    if isinstance(ref, str):
        key = ref.strip()
        if key in authors:
            return authors[key]
        if isinstance(ref, DisplayName):
            wanted = " ".join(key.split()).casefold()
            named = [p for p in authors.values() if p.name and " ".join(p.name.split()).casefold() == wanted]
            if len(named) == 1:
                return named[0]
            return resolve_author(None, authors, default)
        known = ", ".join(sorted(authors)) or "none are defined"
        raise ConfigError(f"author '{key}' is not defined in `authors` (known: {known})")
    return profile_from_mapping(ref)


__all__ = ["AuthorProfile", "AuthorRef", "DisplayName", "profile_from_mapping", "resolve_author"]
