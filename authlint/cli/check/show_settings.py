"""``authlint check --show-settings PATH``: what applies to one post, and where it came from.

Like ``ruff check --show-settings``: the config file that governs the post (or none), the
author profile and platform the post gets (and which of flag, front matter, row or config
chose them), the rule selection (config plus flags) and the rules that run, so a surprising
result can be traced to a file. Read-only: config discovery itself lives in
:mod:`authlint.engine.workspace`.
"""

from __future__ import annotations

from pathlib import Path

from authlint.engine.workspace import SettingsCache
from authlint.errors import AuthlintError
from authlint.io.source import extract, kind_for
from authlint.io.textio import read_post
from authlint.settings.platform_names import canonical_platform
from authlint.settings.profile import DisplayName


def describe(path: str, settings_cache: SettingsCache) -> list[str]:
    """Lines describing the settings that apply to ``path``; unreadable posts say why."""
    target = Path(path)
    settings = settings_cache.for_path(target)
    config = settings.config
    overrides = settings_cache.overrides
    lines = [f"post: {path}", f"config file: {settings.config_file or 'none (built-in defaults)'}"]
    front: dict = {}
    try:
        source = extract(read_post(path).text, kind_for(path))  # type: ignore[arg-type]
        front = dict(source.front_matter)
        ref = source.author
    except AuthlintError as exc:
        lines.append(f"front matter: cannot read ({exc})")
        ref = None
    platform, platform_from = _platform(overrides.platform, front.get("platform"), config.platform)
    lines.append(f"platform: {platform or 'none'}" + (f" (from {platform_from})" if platform else ""))
    lines.append(_author_line(settings, ref))
    selection = [
        ("select", config.select), ("extend-select", config.extend_select), ("ignore", config.ignore),
        ("per-file-ignores here", settings.per_file_ignores(target)),
    ]
    for name, value in selection:
        lines.append(f"{name}: {', '.join(value) if value else 'all' if name == 'select' else 'none'}")
    lines.append(f"fail-on: {config.fail_on}; min-score: {config.min_score if config.min_score is not None else 'none'}")
    lines.append(f"rule folders: {', '.join(str(d) for d in config.rule_dirs()) or 'none'}")
    linter = settings.linter
    rules = [*linter.rules, *(linter.platform_rules if platform else [])]
    lines.append(f"rules that run ({len(rules)}): " + ", ".join(sorted(r.code for r in rules)))
    return lines


def _platform(flag: str | None, front: object, configured: str | None) -> tuple[str | None, str]:
    for value, origin in ((flag, "--platform"), (front, "front matter"), (configured, "config")):
        if isinstance(value, str) and value.strip():
            return canonical_platform(value), origin
    return None, ""


def _author_line(settings, ref: object) -> str:  # type: ignore[no-untyped-def]
    try:
        profile = settings.linter.author_profile(ref)
    except AuthlintError as exc:
        return f"author profile: error: {exc}"
    if ref is None:
        origin = "config `author`" if settings.config.author is not None else "none"
    elif isinstance(ref, DisplayName):
        matched = profile is not None and profile is not settings.linter.author_profile(None)
        origin = f"front matter `author: {ref}`" + ("" if matched else ": a display name no profile has, ignored")
    else:
        origin = f"front matter `authlint-author: {ref}`" if isinstance(ref, str) else "front matter mapping"
    name = (profile.name or "unnamed profile") if profile is not None else "none"
    return f"author profile: {name} (from {origin})"
