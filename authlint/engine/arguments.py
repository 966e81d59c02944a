"""Arguments of the library's entry points, checked once: a wrong type is a one-line
:class:`~authlint.errors.ArgumentError`, never an ``AttributeError`` from deep inside spaCy."""

from __future__ import annotations

from typing import Any

from authlint.errors import ArgumentError


def plain_str(value: Any, what: str, optional: bool = False) -> Any:
    """``value`` as an exact ``str`` (a subclass is copied: spaCy and regex want the real type);
    ``None`` when ``optional``; anything else raises :class:`ArgumentError` naming ``what``."""
    if value is None and optional:
        return None
    if type(value) is str:
        return value
    if isinstance(value, str):
        return str.__str__(value)
    expected = "a str or None" if optional else "a str"
    raise ArgumentError(f"{what} must be {expected}, not {type(value).__name__}")
