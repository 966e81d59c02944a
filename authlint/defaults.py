"""Settings models filled with their defaults, without running (or building) their validators.

Defaults are valid by construction, and a run served from the cache should not pay for
validators it never uses. Every value is passed to ``model_construct``: for a missing one
pydantic inspects the signature of its default factory, ~0.5 ms each for builtins like ``list``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")


def unvalidated_defaults(model: type[M]) -> M:
    """What ``model()`` returns, for a model whose fields all have defaults (no factory arguments)."""
    values = {
        name: field.default_factory() if field.default_factory is not None else field.default  # type: ignore[call-arg]
        for name, field in model.model_fields.items()
    }
    return model.model_construct(_fields_set=set(), **values)
