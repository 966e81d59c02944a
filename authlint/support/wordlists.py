"""Word lists used by registered measures, read once from ``authlint/data/lexicons/*.yaml``.

Lexicons are data, not code: edit the YAML to tune a measure. Each list is loaded as a
frozenset and cached, so there is no mutable global state.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Mapping


from authlint.support.data import data_path
from authlint.errors import AuthlintError
from authlint.support.yamlio import fast_safe_load



@lru_cache(maxsize=None)
def lexicon(name: str) -> Mapping[str, frozenset[str]]:
    """The word lists of ``data/lexicons/<name>.yaml`` (lowercase), by list name."""
    path = data_path("lexicons", f"{name}.yaml")
    try:
        data = fast_safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AuthlintError(f"lexicon {name!r} is missing (expected authlint/data/lexicons/{name}.yaml)") from None
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise AuthlintError(f"lexicon {name!r} must map list names to lists of words")
    return MappingProxyType({k: frozenset(str(w).lower() for w in v) for k, v in data.items()})
