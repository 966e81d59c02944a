"""Platform names and their aliases, read without loading the profiles (:mod:`authlint.settings.platforms`
looks its profiles up through :func:`canonical_platform` too).

Naming a platform (``--platform``, config, front matter) only needs its canonical name until a
post is analysed; loading the profiles means validating them with pydantic, which a run served
from the cache otherwise never imports.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from authlint.errors import ConfigError
from authlint.support.data import data_path
from authlint.support.yamlio import fast_safe_load


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
    """The canonical name of platform ``name`` or an alias (any case); an unknown name is a
    :class:`~authlint.errors.ConfigError` with a "did you mean" hint."""
    key = name.strip().lower()
    found = _names().get(key)
    if found is None:
        known = sorted(set(_names().values()))
        hint = difflib.get_close_matches(key, known, n=1)
        suffix = f"; did you mean '{hint[0]}'?" if hint else f"; known platforms: {', '.join(known)}"
        raise ConfigError(f"unknown platform '{name}'{suffix}")
    return found
