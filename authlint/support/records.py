"""The base of authlint's result types: plain dataclasses with a JSON form (:func:`plain`, also
the form settings are fingerprinted and cached in).

Results are built by authlint itself, never parsed from users, so they need no validation:
plain dataclasses are cheap to create and keep pydantic (which validates config and rule
files) out of runs served from the cache.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from pathlib import PurePath
from typing import Any, TypeVar

R = TypeVar("R", bound="Record")


class Record:
    """Mixed into each result dataclass."""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (enums as their values), nested results included."""
        return plain(self)  # type: ignore[no-any-return]

    def replace(self: R, **changes: Any) -> R:
        """A copy with ``changes`` applied (results are values: change a copy, not the original)."""
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: dataclasses as dicts of their fields (in field order), enums
    as their values, paths as strings, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value
