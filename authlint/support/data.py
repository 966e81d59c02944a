"""Where authlint's packaged data (lexicons, platform profiles, word lists) lives.

A plain path: the package is always installed as files, and ``importlib.resources`` would add
about 5 ms of imports to every start, cached runs included.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def data_path(*parts: str) -> Path:
    """``authlint/data/<parts...>``."""
    return DATA_DIR.joinpath(*parts)


def builtin_rules_dir() -> Path:
    """The rules shipped with authlint (inside the wheel, or the checkout's ``rules/``)."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "rules"
    if packaged.is_dir():
        return packaged
    return package.parent / "rules"
