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

from authlint.errors import ConfigError
from authlint.settings.disclosure import DisclosureSettings
from authlint.settings.profile import AuthorProfile
from authlint.settings.selectors import FlagSelection
from authlint.settings.validation import SETTINGS, Between, NonBlank, kebab, validate
from authlint.severity import Severity
from authlint.support.data import builtin_rules_dir
from authlint.support.nesting import TooDeepError, loads_toml
from authlint.support.yamlio import YamlProblem, load_user_yaml

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
    flags: FlagSelection | None = None
    """What the command line selected and ignored (set by the CLI, never read from a file):
    flags win over the file's ``ignore``, see :meth:`authlint.settings.selectors.RuleIndex.skips`."""

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
        "flags": _flags_from_dict(data.get("flags")),
    })


def _flags_from_dict(data: Any) -> FlagSelection | None:
    return FlagSelection(tuple(data["select"]), tuple(data["ignore"])) if data else None


#: Config fields only the command line sets.
_NOT_IN_FILES = frozenset({"flags"})


def _reject_unknown_keys(data: dict[str, Any], source: str) -> None:
    import difflib

    names = [f.name for f in dataclasses.fields(Config) if f.name not in _NOT_IN_FILES]
    known = {kebab(name) for name in names} | set(names)
    for key in data:
        if key not in known:
            hint = difflib.get_close_matches(str(key), sorted(known), n=1)
            suffix = f"; did you mean '{kebab(hint[0])}'?" if hint else ""
            raise ConfigError(f"{source}: unknown setting '{key}'{suffix}")


def load_config(path: str | Path) -> Config:
    """Read a config file: ``.authlint.yaml``/``.yml`` or ``pyproject.toml`` (``[tool.authlint]``)."""
    path = Path(path)
    text = read_config_text(path)
    if path.suffix == ".toml":
        data = _tool_table(path, text)
    else:
        try:
            data = load_user_yaml(text)
        except YamlProblem as exc:
            raise ConfigError(exc.describe(str(path))) from None
    return config_from_mapping(data, str(path), base_dir=path.parent)


def _tool_table(path: Path, text: str) -> Any:
    """``[tool.authlint]`` of a pyproject.toml (``{}`` when absent). A syntax error, nesting
    past the bound, or a ``tool``/``tool.authlint`` that is not a table (``tool = 5``) is a
    one-line :class:`ConfigError`, never silently the defaults."""
    import tomllib

    try:
        document = loads_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML syntax error: {' '.join(str(exc).split())}") from None
    except TooDeepError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: 'tool' must be a table, got {type(tool).__name__}")
    table = tool.get("authlint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: 'tool.authlint' must be a table, got {type(table).__name__}")
    return table


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
    """Whether ``path`` is a pyproject.toml that configures authlint. One that mentions
    authlint but cannot be read (invalid UTF-8, a TOML syntax error, ``tool = 5``) counts, so
    that :func:`load_config` reports the problem instead of the defaults applying silently."""
    try:
        from authlint.support.safe_read import read_regular

        raw = read_regular(path, MAX_CONFIG_BYTES)  # never a FIFO or a device
    except OSError:
        return False
    if b"authlint" not in raw and b"\\u" not in raw and b"\\U" not in raw:
        return False  # cannot name the table (even as an escaped key): no need to parse
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return b"authlint" in raw
    import tomllib

    try:
        tool = loads_toml(text).get("tool", {})
    except (tomllib.TOMLDecodeError, TooDeepError):
        return "authlint" in text
    return not isinstance(tool, dict) or "authlint" in tool
