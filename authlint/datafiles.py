"""Where authlint's packaged data (lexicons, platform profiles, word lists) lives.

A plain path: the package is always installed as files, and ``importlib.resources`` would add
about 5 ms of imports to every start, cached runs included.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(*parts: str) -> Path:
    """``authlint/data/<parts...>``."""
    return DATA_DIR.joinpath(*parts)
