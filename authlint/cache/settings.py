"""Validated config files, kept in the result cache so an unchanged config is not validated again.

Validating a config means importing PyYAML and pydantic and building a validator: about as
much time as the rest of a run whose posts all come from the cache. An entry is keyed by the
file's path and bytes and authlint's code, stored in the run's cache folder like a report
(checksummed, written atomically), and rebuilt without validation.

The folder must be known before the config is read: ``--cache-dir``, else ``.authlint_cache``
beside the config file (the project root). A config whose ``cache-dir`` sends results
elsewhere is therefore validated on every run (nothing is written where results do not go).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from authlint.cache.results import FORMAT, code_fingerprint, digest, settings_fingerprint
from authlint.cache.store import cache_folder, mark, project_root, read_entry, write_entry
from authlint.settings.config import MAX_CONFIG_BYTES, Config, config_from_dict, load_config


class ConfigCache:
    """Validated configs under ``<cache folder>/settings``; written only when that folder is the
    one the config itself sends results to (so it never creates a cache folder elsewhere)."""

    def __init__(self, override: str | None = None) -> None:
        """``override``: the run's ``--cache-dir``, if given."""
        self._override = override

    def load(self, path: Path) -> Config:
        """``load_config(path)``, from the cache when the file is unchanged."""
        from authlint.support.safe_read import read_regular

        try:
            data = read_regular(path, MAX_CONFIG_BYTES)
        except OSError:
            return load_config(path)  # which reports the problem (a FIFO or device is never opened to block)
        root = cache_folder(None, self._override, project_root(path))
        key = digest(FORMAT, code_fingerprint(), str(path.resolve()), data)
        entry = os.path.join(root, "settings", key[:2], f"{key}.entry")
        body = read_entry(entry, key)
        if body is not None:
            try:
                return config_from_dict(json.loads(body))
            except (ValueError, KeyError, TypeError):
                pass
        config = load_config(path)
        if _same(cache_folder(config.cache_dir, self._override, project_root(path)), root) and mark(root):
            write_entry(entry, key, settings_fingerprint(config).encode("utf-8"))
        return config


def _same(a: Path, b: Path) -> bool:
    return os.path.abspath(a) == os.path.abspath(b)
