"""Load and validate YAML rule files.

Errors name the file, the rule code and the field, on one line, e.g.
``rules/snark/SNK101-sarcastic-markers.yaml: rule SNK101: detectors.0.phrases: Field required``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from authlint.errors import RuleError
from authlint.support.yamlio import YamlProblem, load_user_yaml

if TYPE_CHECKING:  # the rule models (and their detectors) load only when a rule is parsed
    from pydantic import ValidationError

    from authlint.ruleset.schema import Rule

RULE_SUFFIXES = (".yaml", ".yml")
#: A rules folder with more entries than this is a mistake (``rules: [/]``), not a rule set.
MAX_RULE_FOLDER_ENTRIES = 50_000


def rule_files(directory: Path) -> list[Path]:
    """Rule files under ``directory``, sorted so loading order is stable. The walk follows no
    symbolic link to a folder, skips folders that vanish or cannot be read while it runs (``/proc``),
    and gives up with one line past :data:`MAX_RULE_FOLDER_ENTRIES` entries."""
    if not directory.is_dir():
        raise RuleError(f"{directory}: rules folder not found")
    import os

    found: list[Path] = []
    seen = 0
    for folder, dirs, files in os.walk(directory):  # errors (a folder gone or unreadable) are skipped
        seen += len(dirs) + len(files)
        if seen > MAX_RULE_FOLDER_ENTRIES:
            raise RuleError(f"{directory}: rules folder holds over {MAX_RULE_FOLDER_ENTRIES:,} files and folders; "
                            "name the folder of your rule files")
        dirs.sort()
        for name in files:
            path = Path(folder) / name
            if path.suffix in RULE_SUFFIXES and path.is_file():
                found.append(path)
    return sorted(found)


def load_yaml(path: Path) -> object:
    """Safe-load one YAML file; syntax errors carry line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc}") from exc
    try:
        return load_user_yaml(text, fast=True)
    except YamlProblem as exc:
        raise RuleError(exc.describe(str(path))) from None


def parse_rule(data: object, source: str, text: str | None = None) -> Rule:
    """Validate one rule mapping; ``source`` names where it came from in errors (with the
    line of the offending value when the file's ``text`` is given)."""
    if not isinstance(data, dict):
        raise RuleError(f"{source}: a rule file must be a mapping with code, name, category, ...")
    from pydantic import ValidationError

    from authlint.ruleset.schema import Rule

    code = data.get("code", "?")
    try:
        # The rule file's path lets detectors resolve paths relative to it (a classifier's model).
        return Rule.model_validate(data, context={"rule_file": source})
    except ValidationError as exc:
        line = _line_of(text, exc) if text is not None else None
        where = f"{source}:{line}" if line is not None else source
        raise RuleError(f"{where}: rule {code}: {_first_error(exc)}") from exc


def _line_of(text: str, exc: ValidationError) -> int | None:
    """The 1-based line of the value the first error is about: its ``loc`` walked through the
    YAML node tree (composed, not constructed: cheap and safe), then into ``patterns[N]`` when
    the message names pattern N."""
    import re

    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    err = exc.errors(include_url=False)[0]
    path: list[str | int] = list(err["loc"])
    pattern = re.match(r"(?:Value error, )?pattern (\d+) ", err["msg"])
    if pattern is not None:
        path += ["patterns", int(pattern.group(1))]
    for step in path:
        child = _child(node, step)
        if child is None:
            continue  # a discriminator or model name in loc, not a key of the file
        node = child
    return node.start_mark.line + 1 if node is not None else None


def _child(node: Any, step: str | int) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if getattr(k, "value", None) == str(step)), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return node.value[step]
    return None


def _first_error(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False)
    # Discriminated unions report the failing branch in loc; keep the path readable.
    err = errors[0]
    loc = ".".join(str(p) for p in err["loc"])
    msg = err["msg"].removeprefix("Value error, ")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{loc}: {msg}{more}" if loc else f"{msg}{more}"


def load_rule_file(path: Path) -> Rule:
    data = load_yaml(path)
    try:
        return parse_rule(data, str(path))
    except RuleError:
        text = path.read_text(encoding="utf-8")  # read again only to name the line
        return parse_rule(data, str(path), text)


def load_rules(directories: Iterable[Path]) -> list[Rule]:
    """Load every rule under ``directories``; rule codes, and the names and aliases selectors
    use, must be unique across all of them (a user rule named like a built-in one would make
    ``--select <name>`` mean two rules)."""
    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    names: dict[str, tuple[str, Path]] = {}  # name or alias -> (code, file) of the rule that has it
    for directory in directories:
        for path in rule_files(Path(directory)):
            rule = load_rule_file(path)
            if rule.code in seen:
                raise RuleError(f"{path}: rule {rule.code}: duplicate code, already defined in {seen[rule.code]}")
            for word in (rule.name, *rule.aliases):
                if word in names and names[word][0] != rule.code:
                    code, where = names[word]
                    raise RuleError(f"{path}: rule {rule.code}: duplicate name '{word}', already used by {code} in {where}")
            seen[rule.code] = path
            names.update({word: (rule.code, path) for word in (rule.name, *rule.aliases)})
            rules.append(rule)
    return rules
