"""The effective settings of each post a run checks, and the one Linter per config file.

Config discovery runs once per folder; command-line overrides win over every file; globs
(``exclude``, ``per-file-ignores``) are relative to the config file that names them. The CLI,
the language server and the HTML report all resolve posts through :class:`SettingsCache`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from authlint.cache.settings import ConfigCache
from authlint.errors import ConfigError
from authlint.io.discovery import IgnoreRules, PatternError, absolute, compile_patterns
from authlint.ruleset.meta import meta_severity
from authlint.settings.config import Config, find_config, load_config
from authlint.settings.platform_names import canonical_platform
from authlint.settings.profile import resolve_author
from authlint.settings.selectors import FlagSelection
from authlint.severity import Severity

if TYPE_CHECKING:
    from authlint.engine.linter import Linter


@dataclass(frozen=True)
class Overrides:
    """Settings given on the command line; they win over every config file."""

    config_path: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    platform: str | None = None
    fail_on: str | None = None
    min_score: float | None = None

    def apply(self, config: Config) -> Config:
        """``config`` with these flags applied. Flags win over the file: a rule the command line
        selects runs even where the file's ``ignore`` names it, by code, prefix, name, alias or
        category (``config.flags``, resolved by :meth:`~authlint.settings.selectors.RuleIndex.skips`)."""
        update: dict[str, Any] = {}
        chosen = (*(self.select or ()), *self.extend_select)
        if chosen:
            update["flags"] = FlagSelection(select=chosen, ignore=tuple(self.ignore))
        if self.select is not None:
            update["select"] = list(self.select)
        if self.extend_select:
            update["extend_select"] = [*config.extend_select, *self.extend_select]
        if self.ignore:
            update["ignore"] = [*config.ignore, *self.ignore]
        if self.rules:
            update["rules"] = [*config.rules, *map(Path, self.rules)]
        if self.platform:
            update["platform"] = self.platform
        if self.fail_on and self.fail_on != "never":
            update["fail_on"] = Severity(self.fail_on)
        if self.min_score is not None:
            update["min_score"] = self.min_score
        return config.replace(**update) if update else config


@dataclass
class Settings:
    """The effective config for a set of posts, and the Linter built from it (once)."""

    config: Config
    base: Path
    """The folder the config's globs are relative to."""
    config_file: Path | None = None
    """The config file these settings come from (None: defaults)."""
    linter_options: dict[str, Any] = field(default_factory=dict)
    """Keyword options for :class:`Linter` that are not settings (e.g. ``jobs``, ``cache_dir``)."""
    _linter: Linter | None = None

    @property
    def linter(self) -> Linter:
        if self._linter is None:
            from authlint.engine.linter import Linter  # the engine loads only when a post is not cached

            self._linter = Linter(self.config, **self.linter_options)
        return self._linter

    def _patterns(self, globs: list[str], setting: str) -> IgnoreRules:
        try:
            return IgnoreRules(self.base.resolve(), compile_patterns(globs, f"{self.config_file or 'config'}: {setting}"))
        except PatternError as exc:  # e.g. ".authlint.yaml: exclude:2: invalid pattern ..."
            raise ConfigError(str(exc)) from None

    @cached_property
    def _exclude(self) -> IgnoreRules | None:
        return self._patterns(self.config.exclude, "exclude") if self.config.exclude else None

    def excludes(self, path: Path | str) -> bool:
        return self._exclude is not None and self._exclude.excludes(absolute(Path(path)))

    @property
    def unused_suppressions(self) -> Severity | None:
        """Severity of SUP100, or ``None`` when it is not selected."""
        return meta_severity(self.config)

    def per_file_ignores(self, path: Path | None) -> list[str]:
        if path is None or not self.config.per_file_ignores:
            return []
        out: list[str] = []
        target = absolute(path)
        for glob, selectors in self.config.per_file_ignores.items():
            if self._patterns([glob], f"per-file-ignores {glob!r}").excludes(target):
                out += selectors
        return out


class SettingsCache:
    """One :class:`Settings` per config file, so each Linter (and spaCy) is built once per run."""

    def __init__(
        self, overrides: Overrides, linter_options: dict[str, Any] | None = None, configs: ConfigCache | None = None,
    ) -> None:
        """``configs``: where validated config files are kept between runs (None: validate each)."""
        self.overrides = overrides
        self.linter_options = dict(linter_options or {})
        self._configs = configs
        self._by_key: dict[str, Settings] = {}
        self._found: dict[Path, Path | None] = {}
        self._keys: dict[Path, str] = {}
        self._by_parent: dict[str, Settings] = {}  # a post's folder as named -> its settings

    def for_path(self, target: Path | str | None) -> Settings:
        """The settings of the config that governs ``target`` (None: the working folder)."""
        if target is None or self.overrides.config_path:
            return self._for_path(None if target is None else Path(target))
        parent = os.path.dirname(target if isinstance(target, str) else str(target))  # one lookup per folder
        found = self._by_parent.get(parent)
        if found is None:
            found = self._by_parent[parent] = self._for_path(Path(target))
        return found

    def _for_path(self, target: Path | None) -> Settings:
        if self.overrides.config_path:
            config_file: Path | None = Path(self.overrides.config_path)
        else:
            folder = Path.cwd().resolve() if target is None else absolute(target).parent
            if folder not in self._found:
                self._found[folder] = find_config(folder)
            config_file = self._found[folder]
        if config_file is not None and config_file not in self._keys:
            self._keys[config_file] = str(config_file.resolve())
        key = self._keys[config_file] if config_file is not None else ""
        if key not in self._by_key:
            if config_file is None:
                base_config = Config()
            else:
                base_config = self._configs.load(config_file) if self._configs else load_config(config_file)
            config = self.overrides.apply(base_config)
            if isinstance(config.author, str):  # a key that names no profile: the config's error, said once
                try:
                    resolve_author(None, config.authors, config.author)
                except ConfigError as exc:
                    raise ConfigError(f"{config_file or 'config'}: {exc}") from None
            if config.platform:
                try:
                    canonical_platform(config.platform)
                except ConfigError as exc:
                    raise ConfigError(f"{config_file or 'config'}: platform: {exc}") from None
            self._by_key[key] = Settings(
                config=config,
                base=config_file.resolve().parent if config_file else Path.cwd(),
                config_file=config_file,
                linter_options=self.linter_options,
            )
        return self._by_key[key]
