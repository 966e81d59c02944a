""""Allow this phrase": add a phrase to ``allow:`` in the nearest config, keeping the file as written.

The config is edited as text, not re-serialised, so comments, order and quoting survive:

* ``.authlint.yaml`` / ``.yml``: a flow list (``allow: [a, b]``) gets the phrase before its
  ``]``; a block list gets a ``- phrase`` item after its last one; no ``allow:`` key appends one;
* ``pyproject.toml``: the ``allow = [...]`` array of ``[tool.authlint]`` gets it before its
  ``]``, or the key is added under the table header;
* no config at all: a new ``.authlint.yaml`` holding just that list.

The edited text is parsed again and must say exactly what the old one did plus the phrase,
or nothing is written. Files are written atomically (:mod:`authlint.io.atomic`): a crash
leaves the old config or the new one, and a file changed on disk meanwhile is left alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import regex as re_
import tomllib

from authlint.errors import ConfigError
from authlint.io.atomic import write_atomic, write_post
from authlint.io.textio import read_post
from authlint.lsp.positions import line_break
from authlint.support.yamlio import safe_load, yaml_error

NEW_CONFIG = ".authlint.yaml"

_YAML_KEY = re_.compile(r"(?m)^allow[ \t]*:[ \t]*(?P<value>[^\r\n#]*?)[ \t]*(?:#[^\r\n]*)?(?=\r\n|\r|\n|\Z)")
_YAML_ITEM = re_.compile(r"^(?P<indent>[ \t]*)-[ \t]")
_TOML_TABLE = re_.compile(r"(?m)^[ \t]*\[tool\.authlint\][ \t]*(?:#[^\r\n]*)?(?=\r\n|\r|\n|\Z)")
_TOML_NEXT_TABLE = re_.compile(r"(?m)^[ \t]*\[")
_TOML_KEY = re_.compile(r"(?m)^[ \t]*allow[ \t]*=[ \t]*\[")


def normalise(phrase: str) -> str:
    """The phrase as the allow list compares it: whitespace runs as one space."""
    return " ".join(phrase.split())


def add_allowed(config_file: Path | None, folder: Path, phrase: str) -> Path:
    """Add ``phrase`` to ``allow:`` of ``config_file`` (or a new ``.authlint.yaml`` in ``folder``).

    Returns the file written. Raises :class:`ConfigError` when the file cannot be edited safely
    (the message says why) and :class:`~authlint.io.atomic.WriteError` when it cannot be written.
    """
    phrase = normalise(phrase)
    if not phrase:
        raise ConfigError("cannot allow an empty phrase")
    if config_file is None:
        target = folder / NEW_CONFIG
        if target.exists():  # appeared since discovery ran: edit it next time, never clobber it
            raise ConfigError(f"{target}: created meanwhile; try again")
        text = f"# authlint settings (see `authlint init` for every option)\nallow:\n  - {_quote(phrase)}\n"
        write_atomic(target, text.encode("utf-8"))
        return target
    post = read_post(config_file)
    before = post.text
    toml = config_file.suffix == ".toml"
    if phrase.casefold() in (a.casefold() for a in _allowed(before, toml, config_file)):
        return config_file
    after = _edit_toml(before, phrase) if toml else _edit_yaml(before, phrase)
    _verify(before, after, phrase, toml, config_file)
    write_post(post, after)
    return config_file


def _quote(phrase: str) -> str:
    return json.dumps(phrase, ensure_ascii=False)  # a JSON string is a valid YAML and TOML string


def _edit_yaml(text: str, phrase: str) -> str:
    eol = line_break(text)
    m = _YAML_KEY.search(text)
    if m is None:
        sep = "" if not text or text.endswith(("\n", "\r")) else eol
        return f"{text}{sep}allow:{eol}  - {_quote(phrase)}{eol}"
    value = m.group("value")
    if value.startswith("[") and value.endswith("]"):
        inner = value[1:-1].strip()
        new = f"[{inner}, {_quote(phrase)}]" if inner else f"[{_quote(phrase)}]"
        return text[: m.start("value")] + new + text[m.end("value"):]
    if value:
        raise ConfigError("allow: is not a list this editor understands; add the phrase by hand")
    # A block list (or nothing yet): after the last item that follows the key.
    lines = text[m.end():].splitlines(keepends=True)
    insert_at, indent, offset = m.end(), "  ", m.end()
    first = True
    for line in lines:
        body = line.rstrip("\r\n")
        if first:  # the rest of the key's own line
            offset += len(line)
            insert_at = offset
            first = False
            continue
        item = _YAML_ITEM.match(body)
        if item:
            indent = item.group("indent")
            offset += len(line)
            insert_at = offset
        elif not body.strip() or body.lstrip().startswith("#") or (body[:1] in " \t" and body.strip()):
            offset += len(line)  # blank, comment, or an item continued on the next line
        else:
            break
    head = text[:insert_at]
    sep = "" if head.endswith(("\n", "\r")) else eol
    return f"{head}{sep}{indent}- {_quote(phrase)}{eol}{text[insert_at:]}"


def _edit_toml(text: str, phrase: str) -> str:
    eol = line_break(text)
    table = _TOML_TABLE.search(text)
    if table is None:
        raise ConfigError("pyproject.toml has no [tool.authlint] table to add the phrase to")
    following = _TOML_NEXT_TABLE.search(text, table.end())
    section_end = following.start() if following else len(text)
    key = _TOML_KEY.search(text, table.end(), section_end)
    if key is None:
        return f"{text[:table.end()]}{eol}allow = [{_quote(phrase)}]{text[table.end():]}"
    close = _array_end(text, key.end())
    body = text[key.end():close]
    kept = body.rstrip()
    if not kept.strip():
        return f"{text[:key.end()]}{_quote(phrase)}{text[close:]}"
    comma = "" if kept.endswith(",") else ","
    if "\n" in body or "\r" in body:  # one item a line: a new line before the closing bracket
        last = kept.splitlines()[-1]
        indent = last[: len(last) - len(last.lstrip())] or "    "
        added = f"{comma}{eol}{indent}{_quote(phrase)}"
    else:
        added = f"{comma} {_quote(phrase)}"
    return f"{text[:key.end()]}{kept}{added}{body[len(kept):]}{text[close:]}"


def _array_end(text: str, start: int) -> int:
    """Offset of the ``]`` closing the TOML array whose ``[`` ends at ``start``."""
    depth, i, quote = 1, start, ""
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            while i < len(text) and text[i] not in "\r\n":
                i += 1
            continue
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ConfigError("the allow array in pyproject.toml is not closed")


def _parse(text: str, toml: bool, path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(text).get("tool", {}).get("authlint", {}) if toml else safe_load(text)
    except (tomllib.TOMLDecodeError, yaml_error()) as exc:
        raise ConfigError(f"{path}: cannot read it to add the phrase: {exc}") from None
    return data if isinstance(data, dict) else {}


def _allowed(text: str, toml: bool, path: Path) -> list[str]:
    value = _parse(text, toml, path).get("allow") or []
    return [str(v) for v in value] if isinstance(value, list) else []


def _verify(before: str, after: str, phrase: str, toml: bool, path: Path) -> None:
    old, new = _parse(before, toml, path), _parse(after, toml, path)
    old_allow = old.pop("allow", None) or []
    new_allow = new.pop("allow", None) or []
    if old != new or new_allow != [*old_allow, phrase]:
        raise ConfigError(f"{path}: could not add {phrase!r} to allow: safely; add it by hand")


__all__ = ["NEW_CONFIG", "add_allowed", "normalise"]
