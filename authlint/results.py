"""Compatibility: results moved to :mod:`authlint.report.results` (kept for one release; import from there)."""

from authlint.report.results import *  # noqa: F403
from authlint.report.results import __all__ as __all__
