"""authlint: an authenticity linter for drafted social-media posts.

>>> from authlint import check
>>> report = check("Buy now!!! Link in bio.")
>>> report.score < 100
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authlint._version import __version__
from authlint.support.lazy import lazy_exports

if TYPE_CHECKING:
    from authlint.engine.linter import Linter, check
    from authlint.errors import AuthlintError
    from authlint.report.results import Finding, Report, Suggestion
    from authlint.settings.config import Config, load_config
    from authlint.severity import Severity

# Imported on first use (PEP 562): `authlint check` on a fully cached repo reads results
# without ever importing the rule engine, its detectors or spaCy.
_EXPORTS = {
    "AuthlintError": "authlint.errors",
    "Config": "authlint.settings.config",
    "Finding": "authlint.report.results",
    "Linter": "authlint.engine.linter",
    "Report": "authlint.report.results",
    "Severity": "authlint.severity",
    "Suggestion": "authlint.report.results",
    "check": "authlint.engine.linter",
    "load_config": "authlint.settings.config",
}


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "AuthlintError",
    "Config",
    "Finding",
    "Linter",
    "Report",
    "Severity",
    "Suggestion",
    "__version__",
    "check",
    "load_config",
]
