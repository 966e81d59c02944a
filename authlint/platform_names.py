"""Platform names and their aliases, read without loading the profiles.

Naming a platform (``--platform``, config, front matter) only needs its canonical name until a
post is analysed; loading the profiles means validating them with pydantic, which a run served
from the cache otherwise never imports.
"""

from __future__ import annotations

from functools import lru_cache

from .datafiles import data_path
from .yamlio import fast_safe_load


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Every name and alias (lowercase) -> the canonical name, from the shipped profile files."""
    out: dict[str, str] = {}
    for path in sorted(data_path("platforms").glob("*.yaml")):
        data = fast_safe_load(path.read_text(encoding="utf-8"))
        for alias in [data["name"], *data.get("aliases", [])]:
            out[str(alias).lower()] = data["name"]
    return out


def canonical_platform(name: str) -> str:
    """The canonical name of platform ``name`` or an alias (any case). An unknown name raises
    :class:`~authlint.errors.ConfigError` with a "did you mean" hint (from the profiles)."""
    found = _names().get(name.strip().lower())
    if found is None:
        from .platforms import get_profile

        return get_profile(name).name  # raises the one-line error
    return found
