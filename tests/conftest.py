"""Shared fixtures. Loading spaCy costs about a second, so one Linter serves the session."""

from __future__ import annotations

import pytest

from authlint import Linter


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()
