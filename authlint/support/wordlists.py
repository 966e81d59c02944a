"""The one loader of authlint's word lists (lexicons, stop words, synonyms, claim vocabulary).

Word lists are data, not code: edit the YAML to tune a measure. YAML reads a bare ``no``,
``yes``, ``on`` or ``1`` in a list as a boolean or a number, which silently turns the word
"no" into ``False``; so every list item must be a string, and one that is not is a one-line
error naming the file and line. Lists are loaded once and cached as frozensets (no mutable
global state).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from authlint.errors import AuthlintError
from authlint.support.data import data_path

_STR = "tag:yaml.org,2002:str"
_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class WordListError(AuthlintError):
    """A packaged word-list file is malformed (a bug in authlint's data, or a local edit)."""


def load_word_data(path: Path, numeric: Collection[str] = ()) -> Any:
    """The YAML document at ``path``, with every list item checked to be a string.

    ``numeric`` names the keys whose lists hold numbers instead (e.g. an age range).
    """
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WordListError(f"{path}: word list is missing") from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check(node, path, frozenset(numeric), key=None)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise WordListError(f"{path}: {' '.join(str(exc).split())}") from None
    finally:
        loader.dispose()


def _check(node: Any, path: Path, numeric: frozenset[str], key: str | None) -> None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            _check(v, path, numeric, k.value if isinstance(k, yaml.ScalarNode) else None)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                allowed = (_STR, *_NUMBERS) if key in numeric else (_STR,)
                if item.tag not in allowed:
                    line = item.start_mark.line + 1
                    raise WordListError(
                        f"{path}:{line}: {item.value!r} in list {key or '?'!r} is read as "
                        f"{item.tag.rsplit(':', 1)[-1]}, not a word; quote it"
                    )
            else:
                _check(item, path, numeric, key)


@cache
def lexicon(name: str) -> Mapping[str, frozenset[str]]:
    """The word lists of ``data/lexicons/<name>.yaml`` (lowercase), by list name."""
    path = data_path("lexicons", f"{name}.yaml")
    data = load_word_data(path)
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise WordListError(f"{path}: must map list names to lists of words")
    return MappingProxyType({k: frozenset(w.lower() for w in v) for k, v in data.items()})
