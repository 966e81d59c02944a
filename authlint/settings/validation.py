"""Checks for the settings dataclasses, applied when pydantic validates a config file.

Settings (:class:`~authlint.settings.config.Config`, author profiles, disclosure additions) are plain
dataclasses, so a run that validates nothing (every post and the config file served from the
cache) never imports pydantic. Validation builds a ``TypeAdapter`` for them on first use; the
markers below, used in ``Annotated[...]`` field types, are pydantic's documented extension hook
(``__get_pydantic_core_schema__``) and import pydantic-core only then.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from authlint.errors import ConfigError

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import CoreSchema

T = TypeVar("T")


def kebab(name: str) -> str:
    return name.replace("_", "-")


#: ``__pydantic_config__`` of every settings dataclass: kebab-case keys in files, Python names
#: accepted too, unknown keys rejected.
SETTINGS = {"extra": "forbid", "alias_generator": kebab, "populate_by_name": True}


class OneOrMore:
    """A single string where a list is expected is a one-item list (``roles: nurse``)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(lambda v: [v] if isinstance(v, str) else v, handler(source))


class Stripped:
    """Items are stripped; blank ones are dropped."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(lambda vs: [v.strip() for v in vs if v.strip()], handler(source))


class NonBlank:
    """Blank items are dropped (the others are kept as written)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(lambda vs: [v for v in vs if v.strip()], handler(source))


class Between:
    """A number from ``low`` to ``high`` (inclusive); ``None`` stays allowed where the type allows it."""

    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        schema: Any = handler(source)
        number = schema["schema"] if schema["type"] == "nullable" else schema
        number["ge"], number["le"] = self.low, self.high
        return schema  # type: ignore[no-any-return]


class Compiles:
    """Each item is a regular expression that compiles (with the ``regex`` module)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(_compiles, handler(source))


def _compiles(patterns: list[str]) -> list[str]:
    import regex as re_

    for p in patterns:
        try:
            re_.compile(p)
        except re_.error as exc:
            raise ValueError(f"regex {p!r} does not compile: {exc}") from exc
    return patterns


@cache
def _adapter(cls: type[T]) -> TypeAdapter[T]:
    """The validator of a settings dataclass, built the first time one is validated."""
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


def validate(cls: type[T], data: Any, source: str, *, join: str = ": ") -> T:
    """``data`` validated as the settings dataclass ``cls``. The first problem is a one-line
    :class:`ConfigError`: ``<source><join><field>: <message>`` (fields in kebab-case)."""
    from pydantic import ValidationError

    try:
        return _adapter(cls).validate_python(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = ".".join(kebab(str(p)) for p in err["loc"])
        # pydantic words an unknown key of a dataclass differently from one of a model
        msg = "Extra inputs are not permitted" if err["type"] == "unexpected_keyword_argument" else err["msg"]
        raise ConfigError(f"{source}{join}{loc}: {msg}" if loc else f"{source}: {msg}") from exc
