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

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex as re_

from authlint.engine.suppress import unused_suppression_rule
from authlint.errors import AuthlintError
from authlint.io.discovery import IgnoreRules, absolute, compile_patterns
from authlint.settings.config import Config, find_config, load_config
from authlint.severity import Severity

if TYPE_CHECKING:
    from authlint.engine.linter import Linter

#: ``path:line:column: message`` or ``path: message`` at the start of a config or rule error.
_WHERE = re_.compile(r"^(?P<path>[^:\n]+?)(?::(?P<line>\d+):(?P<column>\d+))?: ")


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
    """The effective settings of one config file and its Linter (built once, on first use)."""

    config: Config
    config_file: Path | None
    base: Path
    linter_options: dict[str, Any] = field(default_factory=dict)
    stamp: tuple[Any, ...] = ()
    """What the config and rule files looked like when loaded (see :func:`stamp_of`)."""
    _linter: Linter | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def linter(self) -> Linter:
        """Raises :class:`AuthlintError` when the rules do not load (the caller reports it)."""
        with self._lock:
            if self._linter is None:
                from authlint.engine.linter import Linter

                self._linter = Linter(without_meta(self.config), **self.linter_options)
            return self._linter

    @property
    def unused_suppressions(self) -> Severity | None:
        return meta_severity(self.config)

    def ignores(self, path: Path | None) -> list[str]:
        """The per-file-ignores selectors that match ``path``."""
        if path is None or not self.config.per_file_ignores:
            return []
        target = absolute(path)
        return [
            s for glob, selectors in self.config.per_file_ignores.items()
            if IgnoreRules(self.base.resolve(), compile_patterns([glob])).excludes(target) for s in selectors
        ]


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
        profile = Profile(config, found, base, dict(self._options), stamp_of(found, config))
        with self._lock:
            return self._profiles.setdefault(key, profile) if stamp[0] == profile.stamp[0] else profile

    def refresh(self) -> None:
        """Drop the profiles whose config file or rule files changed since they were loaded."""
        with self._lock:
            profiles = dict(self._profiles)
        stale = [key for key, p in profiles.items() if stamp_of(p.config_file, p.config) != p.stamp]
        with self._lock:
            for key in stale:
                self._profiles.pop(key, None)

    def rule_folders(self) -> list[Path]:
        """Extra rule folders of the configs in use, for watching."""
        with self._lock:
            profiles = list(self._profiles.values())
        return sorted({Path(os.path.realpath(p)) for prof in profiles for p in prof.config.rules})


def stamp_of(config_file: Path | None, config: Config | None) -> tuple[Any, ...]:
    """The config file's bytes and the (path, mtime, size) of every file in its rule folders:
    equal stamps mean a Linter built then is still right."""
    import hashlib

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


# --- SUP100: reported by whoever applies suppressions, not by the rule engine -------------------
# The same decisions `authlint check` makes (authlint.cli.check); main is moving them into the
# engine with Linter.check(kind=...), and these go when it lands.


def _names_meta(selector: str) -> bool:
    rule = unused_suppression_rule()
    s = selector.strip()
    return s in ("ALL", rule.code, rule.name, rule.category) or (s.isupper() and rule.code.startswith(s))


def _only_meta(selector: str) -> bool:
    rule = unused_suppression_rule()
    return selector.strip() in (rule.code, rule.name, rule.category, rule.code[:3])


def without_meta(config: Config) -> Config:
    """The config the rule engine sees: selectors that only name SUP100 are not rules it knows."""
    update: dict[str, Any] = {
        "extend_select": [s for s in config.extend_select if not _only_meta(s)],
        "ignore": [s for s in config.ignore if not _only_meta(s)],
        "severity": {k: v for k, v in config.severity.items() if not _only_meta(k)},
    }
    if config.select is not None:
        update["select"] = [s for s in config.select if not _only_meta(s)]
    return config.replace(**update)


def meta_severity(config: Config) -> Severity | None:
    """SUP100's severity under ``config``, or ``None`` when it is not selected."""
    on = config.select is None or any(_names_meta(s) for s in config.select)
    on = (on or any(_names_meta(s) for s in config.extend_select)) and not any(_names_meta(s) for s in config.ignore)
    if not on:
        return None
    severity = unused_suppression_rule().severity
    for selector, override in config.severity.items():
        if _names_meta(selector):
            severity = override
    return severity


__all__ = ["ConfigProblem", "Configs", "Profile", "meta_severity", "without_meta"]
