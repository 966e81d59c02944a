"""The base of authlint's result types: plain dataclasses with a JSON form.

Results are built by authlint itself, never parsed from users, so they need no validation:
plain dataclasses are cheap to create and keep pydantic (which validates config and rule
files) out of runs served from the cache.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any, TypeVar

R = TypeVar("R", bound="Record")


class Record:
    """Mixed into each result dataclass."""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (enums as their values), nested results included."""
        return _json_ready(dataclasses.asdict(self))  # type: ignore[call-overload,no-any-return]

    def replace(self: R, **changes: Any) -> R:
        """A copy with ``changes`` applied (results are values: change a copy, not the original)."""
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]


def _json_ready(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    return value
