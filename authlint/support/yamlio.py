"""Reading YAML, with PyYAML imported on first use (a run with no YAML to read never imports it).

authlint's own data files and rule files are read through libyaml's safe loader when PyYAML was
built with it (4-10x faster: it matters at start-up); user input (config files, front matter)
through PyYAML's own, whose error messages point at the problem most clearly.
"""

from __future__ import annotations

from typing import IO, Any


def fast_safe_load(stream: str | IO[str]) -> Any:
    """What ``yaml.safe_load`` returns, read with libyaml's loader when available."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(stream)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def safe_load(text: str) -> Any:
    """``yaml.safe_load``: PyYAML's own loader, whose error messages are clearest for user input."""
    import yaml

    return yaml.safe_load(text)


def yaml_error() -> type[Exception]:
    """PyYAML's base error class, for ``except`` clauses of callers that parse user input."""
    import yaml

    return yaml.YAMLError
