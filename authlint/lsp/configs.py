"""Which config governs an editor document, and the one Linter built for each config.

Discovery is the CLI's (:func:`authlint.settings.config.find_config`, walking up from the
document's folder). Each config file gets one :class:`Profile`, whose Linter is built the first
time a document under it is checked and reused for every later check, until a watched file
changes and :meth:`Configs.refresh` drops the ones whose config or rule files changed (a new
Linter loads its rules and spaCy again: seconds, so unchanged ones are kept).

A config or rule folder that does not load is a :class:`ConfigProblem`: the server shows it as
one diagnostic on the file at fault and keeps running.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex as re_

from authlint.engine.workspace import Settings
from authlint.errors import AuthlintError
from authlint.settings.config import Config, find_config, load_config

#: ``path:line:column: message``, ``path:line: message`` or ``path: message`` at the start of a
#: config or rule error.
_WHERE = re_.compile(r"^(?P<path>[^:\n]+?)(?::(?P<line>\d+)(?::(?P<column>\d+))?)?: ")


@dataclass(frozen=True)
class ConfigProblem:
    """A config or rule file that does not load: where (if known) and the one-line message."""

    message: str
    path: Path | None = None
    line: int = 0
    """Zero-based, as LSP counts."""
    column: int = 0

    @classmethod
    def from_error(cls, exc: AuthlintError, config_file: Path | None) -> ConfigProblem:
        """Attribute ``exc`` to the file its message names (a rule file, the config), else the config."""
        message = str(exc)
        m = _WHERE.match(message)
        if m and Path(m.group("path")).is_file():
            line = int(m.group("line")) - 1 if m.group("line") else 0
            column = int(m.group("column")) - 1 if m.group("column") else 0
            return cls(message, Path(m.group("path")).resolve(), max(line, 0), max(column, 0))
        return cls(message, config_file)


@dataclass
class Profile:
    """The settings of one config file (:class:`authlint.engine.workspace.Settings`, as the CLI
    resolves them: one Linter, per-file ignores, SUP100), and what its files looked like."""

    settings: Settings
    config_file: Path | None
    stamp: tuple[Any, ...]
    """See :func:`stamp_of`: a different stamp now means this Linter is out of date."""


class Configs:
    """One :class:`Profile` per config file, looked up by document path (thread-safe)."""

    def __init__(self, fallback_folder: Path | None = None, linter_options: dict[str, Any] | None = None) -> None:
        """``fallback_folder``: where documents without a path (untitled buffers) look for config."""
        self._fallback = fallback_folder or Path.cwd()
        self._options = {"claims": False, **(linter_options or {})}
        self._profiles: dict[str, Profile] = {}
        self._lock = threading.Lock()

    def config_file(self, path: Path | None) -> Path | None:
        folder = path.parent if path is not None else self._fallback
        return find_config(folder) if folder.exists() else find_config(self._fallback)

    def for_document(self, path: Path | None) -> Profile:
        """The profile governing ``path``; raises :class:`AuthlintError` for a broken config."""
        found = self.config_file(path)
        key = str(found.resolve()) if found is not None else ""
        with self._lock:
            profile = self._profiles.get(key)
        if profile is not None:
            return profile
        stamp = stamp_of(found, None)
        config = load_config(found) if found is not None else Config()
        base = found.resolve().parent if found is not None else self._fallback
        profile = Profile(Settings(config, base, dict(self._options)), found, stamp_of(found, config))
        with self._lock:  # a file that changed while it was read is not kept: read again next time
            return self._profiles.setdefault(key, profile) if stamp[0] == profile.stamp[0] else profile

    def refresh(self) -> None:
        """Drop the profiles whose config file or rule files changed since they were loaded."""
        with self._lock:
            profiles = dict(self._profiles)
        stale = [key for key, p in profiles.items() if stamp_of(p.config_file, p.settings.config) != p.stamp]
        with self._lock:
            for key in stale:
                self._profiles.pop(key, None)

    def rule_folders(self) -> list[Path]:
        """Extra rule folders of the configs in use, for watching."""
        with self._lock:
            profiles = list(self._profiles.values())
        return sorted({Path(os.path.realpath(p)) for prof in profiles for p in prof.settings.config.rules})


def stamp_of(config_file: Path | None, config: Config | None) -> tuple[Any, ...]:
    """The config file's bytes and the (path, mtime, size) of every file in its rule folders:
    equal stamps mean a Linter built then is still right."""
    try:
        digest = hashlib.sha256(config_file.read_bytes()).hexdigest() if config_file is not None else ""
    except OSError:
        digest = "unreadable"
    files: list[tuple[str, int, int]] = []
    for folder in config.rules if config is not None else ():
        for path in sorted(Path(folder).rglob("*")) if Path(folder).is_dir() else ():
            try:
                info = path.stat()
            except OSError:
                continue
            files.append((str(path), info.st_mtime_ns, info.st_size))
    return (digest, tuple(files))


__all__ = ["ConfigProblem", "Configs", "Profile", "stamp_of"]
