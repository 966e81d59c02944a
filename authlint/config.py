"""Configuration: the settings model, and reading it from ``.authlint.yaml`` or ``pyproject.toml``.

Keys are kebab-case in files (``min-score``) and snake_case in Python (``min_score``).
Unknown keys are errors with a "did you mean" hint.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from .claims.disclosure_settings import DisclosureSettings
from .defaults import unvalidated_defaults
from .errors import ConfigError
from .profile import AuthorProfile
from .severity import Severity
from .yamlio import safe_load, yaml_error

DEFAULT_MODEL = "en_core_web_sm"


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class Config(BaseModel):
    """Every setting authlint understands. All fields are optional."""

    # defer_build: validators are built by the first file validated, not at import (see default_config)
    model_config = ConfigDict(
        extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True, defer_build=True
    )

    select: list[str] | None = Field(None, description="Rules to run (code, name, category or code prefix); default: all.")
    extend_select: list[str] = Field(default_factory=list, description="Rules to add to the selection.")
    ignore: list[str] = Field(default_factory=list, description="Rules to skip.")
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, description="Glob -> rules to skip there.")
    severity: dict[str, Severity] = Field(default_factory=dict, description="Rule -> severity override.")
    fail_on: Severity = Severity.WARNING
    min_score: float | None = Field(None, ge=0, le=100)
    platform: str | None = None
    model: str = DEFAULT_MODEL
    rules: list[Path] = Field(default_factory=list, description="Extra folders of YAML rules.")
    builtin_rules: bool = True
    allow: list[str] = Field(default_factory=list, description="Words or phrases never flagged.")
    check_language: bool = Field(
        True, description="Skip posts that are clearly not English, with an info notice (false: lint every post as English)."
    )
    author: AuthorProfile | str | None = Field(None, description="The real author (a profile, or a key into `authors`).")
    authors: dict[str, AuthorProfile] = Field(default_factory=dict, description="Named profiles, selected per file with front matter `author: <key>`.")
    disclosure: DisclosureSettings = Field(default_factory=DisclosureSettings.defaults, description="Extra sponsorship cues and disclosure markers.")
    exclude: list[str] = Field(default_factory=list, description="Globs of paths never checked (relative to the config file).")
    cache_dir: Path | None = Field(
        None, description="Where `authlint check` keeps results of unchanged posts (default .authlint_cache; relative to the config file)."
    )

    @field_validator("author", mode="before")
    @classmethod
    def _author_profile(cls, value: Any) -> Any:
        """Validate an inline profile here so errors name the profile field, not the union."""
        if isinstance(value, dict):
            try:
                return AuthorProfile.model_validate(value)
            except ValidationError as exc:
                err = exc.errors(include_url=False)[0]
                loc = ".".join(_kebab(str(p)) for p in err["loc"])
                raise PydanticCustomError("author", "{detail}", {"detail": f"{loc}: {err['msg']}" if loc else err["msg"]}) from None
        return value

    @field_validator("allow")
    @classmethod
    def _allow_non_blank(cls, values: list[str]) -> list[str]:
        return [v for v in values if v.strip()]

    def rule_dirs(self) -> list[Path]:
        from .loader import builtin_rules_dir

        return ([builtin_rules_dir()] if self.builtin_rules else []) + list(self.rules)


def default_config() -> Config:
    """``Config()`` without validation: a run with no config file that is served from the cache
    then never builds a pydantic validator."""
    return unvalidated_defaults(Config)


def config_from_mapping(data: Any, source: str = "config", base_dir: Path | None = None) -> Config:
    """Validate settings read from ``source``; relative rule folders resolve against ``base_dir``."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of settings, got {type(data).__name__}")
    _reject_unknown_keys(data, source)
    # A key left empty (``allow:`` with only comments beneath) means "not set".
    data = {k: v for k, v in data.items() if v is not None}
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = ".".join(_kebab(str(p)) for p in err["loc"])
        raise ConfigError(f"{source}: {loc}: {err['msg']}") from exc
    if base_dir is not None and config.rules:
        config = config.model_copy(update={"rules": [base_dir / p for p in config.rules]})
    if base_dir is not None and config.cache_dir is not None and not config.cache_dir.is_absolute():
        config = config.model_copy(update={"cache_dir": base_dir / config.cache_dir})
    return config


def _reject_unknown_keys(data: dict[str, Any], source: str) -> None:
    import difflib

    known = {_kebab(name) for name in Config.model_fields} | set(Config.model_fields)
    for key in data:
        if key not in known:
            hint = difflib.get_close_matches(str(key), sorted(known), n=1)
            suffix = f"; did you mean '{_kebab(hint[0])}'?" if hint else ""
            raise ConfigError(f"{source}: unknown setting '{key}'{suffix}")


def load_config(path: str | Path) -> Config:
    """Read a config file: ``.authlint.yaml``/``.yml`` or ``pyproject.toml`` (``[tool.authlint]``)."""
    import tomllib

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from exc
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


CONFIG_FILES = (".authlint.yaml", ".authlint.yml", "pyproject.toml")


def find_config(start: str | Path) -> Path | None:
    """The nearest config file at or above ``start`` (a file or folder).

    In each folder ``.authlint.yaml`` wins over ``.authlint.yml`` over ``pyproject.toml``;
    a ``pyproject.toml`` counts only if it has a ``[tool.authlint]`` table.
    """
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "authlint" not in text and "\\u" not in text and "\\U" not in text:
        return False  # cannot name the table (even as an escaped key): no need to parse
    import tomllib

    try:
        return "authlint" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return False
