"""Configuration: the settings model, and reading it from ``.authlint.yaml`` or ``pyproject.toml``.

Keys are kebab-case in files (``min-score``) and snake_case in Python (``min_score``).
Unknown keys are errors with a "did you mean" hint.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from authlint.settings.disclosure import DisclosureSettings
from authlint.errors import ConfigError
from authlint.settings.profile import AuthorProfile
from authlint.severity import Severity
from authlint.settings.validation import SETTINGS, Between, NonBlank, kebab, validate
from authlint.support.data import builtin_rules_dir
from authlint.support.yamlio import safe_load, yaml_error

DEFAULT_MODEL = "en_core_web_sm"


@dataclass(frozen=True)
class Config:
    """Every setting authlint understands. All fields are optional.

    A plain frozen dataclass: :func:`load_config` and :func:`config_from_mapping` validate
    (with pydantic, imported then); built directly, a Config is taken as given.
    """

    __pydantic_config__ = SETTINGS

    select: list[str] | None = None
    """Rules to run (code, name, category or code prefix); default: all."""
    extend_select: list[str] = field(default_factory=list)
    """Rules to add to the selection."""
    ignore: list[str] = field(default_factory=list)
    """Rules to skip."""
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    """Glob -> rules to skip there."""
    severity: dict[str, Severity] = field(default_factory=dict)
    """Rule -> severity override."""
    fail_on: Severity = Severity.WARNING
    min_score: Annotated[float | None, Between(0, 100)] = None
    platform: str | None = None
    model: str = DEFAULT_MODEL
    rules: list[Path] = field(default_factory=list)
    """Extra folders of YAML rules."""
    builtin_rules: bool = True
    allow: Annotated[list[str], NonBlank()] = field(default_factory=list)
    """Words or phrases never flagged."""
    check_language: bool = True
    """Skip posts that are clearly not English, with an info notice (false: lint every post as English)."""
    author: AuthorProfile | str | None = None
    """The real author (a profile, or a key into ``authors``)."""
    authors: dict[str, AuthorProfile] = field(default_factory=dict)
    """Named profiles, selected per file with front matter ``author: <key>``."""
    disclosure: DisclosureSettings = field(default_factory=DisclosureSettings)
    """Extra sponsorship cues and disclosure markers."""
    exclude: list[str] = field(default_factory=list)
    """Globs of paths never checked (relative to the config file)."""
    cache_dir: Path | None = None
    """Where ``authlint check`` keeps results of unchanged posts (default .authlint_cache; relative to the config file)."""

    def replace(self, **changes: Any) -> Config:
        """A copy with ``changes`` applied (not validated: pass values of the fields' types)."""
        return dataclasses.replace(self, **changes)

    def rule_dirs(self) -> list[Path]:
        return ([builtin_rules_dir()] if self.builtin_rules else []) + list(self.rules)


def config_from_mapping(data: Any, source: str = "config", base_dir: Path | None = None) -> Config:
    """Validate settings read from ``source``; relative rule folders resolve against ``base_dir``."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of settings, got {type(data).__name__}")
    _reject_unknown_keys(data, source)
    # A key left empty (``allow:`` with only comments beneath) means "not set".
    data = {k: v for k, v in data.items() if v is not None}
    if isinstance(data.get("author"), dict):  # validated alone, so errors name the profile field, not the union
        data["author"] = validate(AuthorProfile, data["author"], f"{source}: author")
    config = validate(Config, data, source)
    if base_dir is not None and config.rules:
        config = config.replace(rules=[base_dir / p for p in config.rules])
    if base_dir is not None and config.cache_dir is not None and not config.cache_dir.is_absolute():
        config = config.replace(cache_dir=base_dir / config.cache_dir)
    return config


def config_from_dict(data: dict[str, Any]) -> Config:
    """The :class:`Config` whose plain JSON form is ``data`` (fields by Python name, as
    :func:`authlint.cache.results.settings_fingerprint` writes them). Not validated: for data authlint
    wrote from a validated config (the settings cache)."""
    author = data["author"]
    return Config(**{
        **data,
        "severity": {k: Severity(v) for k, v in data["severity"].items()},
        "fail_on": Severity(data["fail_on"]),
        "rules": [Path(p) for p in data["rules"]],
        "author": AuthorProfile(**author) if isinstance(author, dict) else author,
        "authors": {k: AuthorProfile(**v) for k, v in data["authors"].items()},
        "disclosure": DisclosureSettings(**data["disclosure"]),
        "cache_dir": Path(data["cache_dir"]) if data["cache_dir"] is not None else None,
    })


def _reject_unknown_keys(data: dict[str, Any], source: str) -> None:
    import difflib

    names = [f.name for f in dataclasses.fields(Config)]
    known = {kebab(name) for name in names} | set(names)
    for key in data:
        if key not in known:
            hint = difflib.get_close_matches(str(key), sorted(known), n=1)
            suffix = f"; did you mean '{kebab(hint[0])}'?" if hint else ""
            raise ConfigError(f"{source}: unknown setting '{key}'{suffix}")


def load_config(path: str | Path) -> Config:
    """Read a config file: ``.authlint.yaml``/``.yml`` or ``pyproject.toml`` (``[tool.authlint]``)."""
    import tomllib

    path = Path(path)
    text = read_config_text(path)
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(text).get("tool", {}).get("authlint", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: TOML syntax error: {exc}") from exc
    else:
        try:
            data = safe_load(text)
        except yaml_error() as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
            raise ConfigError(f"{path}{where}: YAML syntax error: {getattr(exc, 'problem', exc)}") from exc
    return config_from_mapping(data, str(path), base_dir=path.parent)


#: A config file over this size is refused (a real one is a few KB; a 3.7 MB file took 28 s).
MAX_CONFIG_BYTES = 1_000_000


def read_config_text(path: Path) -> str:
    """The text of a config file; a FIFO, device, oversized or non-UTF-8 file is a :class:`ConfigError`."""
    from authlint.support.safe_read import FileTooLargeError, NotRegularFileError, read_regular

    try:
        data = read_regular(path, MAX_CONFIG_BYTES)
    except FileTooLargeError:
        raise ConfigError(f"{path}: config file is over the {MAX_CONFIG_BYTES // 1_000_000} MB limit") from None
    except NotRegularFileError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read config: not valid UTF-8 at byte {exc.start}") from None


CONFIG_FILES = (".authlint.yaml", ".authlint.yml", "pyproject.toml")


def find_config(start: str | Path, *, beyond_repository: bool = False) -> Path | None:
    """The nearest config file at or above ``start`` (a file or folder).

    In each folder ``.authlint.yaml`` wins over ``.authlint.yml`` over ``pyproject.toml``;
    a ``pyproject.toml`` counts only if it has a ``[tool.authlint]`` table. The search stops
    at the repository root (the folder holding ``.git``): a config in the folder above a
    checkout belongs to someone else and must not switch this repository's rules off
    (``beyond_repository=True`` searches on up to ``/``; ``--config`` names a file outright).
    """
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
        if not beyond_repository and os.path.lexists(folder / ".git"):
            return None
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = read_config_text(path)
    except ConfigError:
        return False
    if "authlint" not in text and "\\u" not in text and "\\U" not in text:
        return False  # cannot name the table (even as an escaped key): no need to parse
    import tomllib

    try:
        return "authlint" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return False
