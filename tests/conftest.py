"""Shared fixtures. Loading spaCy costs about a second, so one Linter serves the session."""

from __future__ import annotations

import pytest

from authlint import Linter


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()


@pytest.fixture(scope="session", autouse=True)
def _private_cache_key(tmp_path_factory: pytest.TempPathFactory):
    """Cache entries are sealed with a per-user key under $XDG_CACHE_HOME (authlint.cache.secret):
    the suite, and the authlint processes it starts, use a key of their own, not the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield
