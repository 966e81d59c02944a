"""Who the author really is: the profile that identity claims in a post are checked against.

A profile comes from config (``author:``), from a named entry in ``authors:`` selected per
file (front matter ``author: <key>``), or from the library (``Linter.check(text, author=...)``).
Keys are kebab-case in files (``birth-year``, ``speaks-for``) like every other setting.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import ConfigError


def _kebab(name: str) -> str:
    return name.replace("_", "-")


def _as_list(value: Any) -> Any:
    """A single string where a list is expected is a one-item list (``roles: nurse``)."""
    return [value] if isinstance(value, str) else value


class AuthorProfile(BaseModel):
    """The real author. Every field is optional; an empty field supports no claim of that kind."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True, defer_build=True)

    name: str | None = Field(None, description="The author's real name.")
    handles: list[str] = Field(default_factory=list, description="Accounts the author posts from, e.g. @jane.")
    roles: list[str] = Field(default_factory=list, description="Jobs and roles, e.g. 'community manager'.")
    credentials: list[str] = Field(default_factory=list, description="Licences and titles, e.g. 'registered nurse'.")
    organizations: list[str] = Field(default_factory=list, description="Employers and affiliations.")
    age: int | None = Field(None, ge=0, le=130)
    birth_year: int | None = Field(None, ge=1890, le=2100)
    locations: list[str] = Field(default_factory=list, description="Where the author lives or is based.")
    speaks_for: list[str] = Field(default_factory=list, description="Organisations the author may speak for officially.")

    _lists = field_validator(
        "handles", "roles", "credentials", "organizations", "locations", "speaks_for", mode="before"
    )(lambda v: _as_list(v))

    @field_validator("handles", "roles", "credentials", "organizations", "locations", "speaks_for")
    @classmethod
    def _non_blank(cls, values: list[str]) -> list[str]:
        return [v.strip() for v in values if v.strip()]

    @model_validator(mode="after")
    def _one_age(self) -> AuthorProfile:
        if self.age is not None and self.birth_year is not None:
            raise ValueError("give either age or birth-year, not both")
        return self

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


AuthorRef = AuthorProfile | str | None


def profile_from_mapping(data: Any, source: str = "author") -> AuthorProfile:
    """Validate one profile given as a mapping; errors are one-line :class:`ConfigError`."""
    if isinstance(data, AuthorProfile):
        return data
    if not isinstance(data, Mapping):
        raise ConfigError(f"{source}: expected a mapping of profile fields, got {type(data).__name__}")
    try:
        return AuthorProfile.model_validate(dict(data))
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = ".".join(_kebab(str(p)) for p in err["loc"])
        where = f"{source}.{loc}" if loc else source
        raise ConfigError(f"{where}: {err['msg']}") from exc


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
        known = ", ".join(sorted(authors)) or "none are defined"
        raise ConfigError(f"author '{key}' is not defined in `authors` (known: {known})")
    return profile_from_mapping(ref)


__all__ = ["AuthorProfile", "AuthorRef", "profile_from_mapping", "resolve_author"]
