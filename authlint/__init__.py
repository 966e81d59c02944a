"""authlint: an authenticity linter for drafted social-media posts.

>>> from authlint import check
>>> report = check("Buy now!!! Link in bio.")
>>> report.score < 100
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import lazy_exports

if TYPE_CHECKING:
    from .api import Linter, check
    from .config import Config, load_config
    from .errors import AuthlintError
    from .results import Finding, Report, Suggestion
    from .severity import Severity

__version__ = "0.1.0"

# Imported on first use (PEP 562): `authlint check` on a fully cached repo reads results
# without ever importing the rule engine, its detectors or spaCy.
_EXPORTS = {
    "AuthlintError": ".errors",
    "Config": ".config",
    "Finding": ".results",
    "Linter": ".api",
    "Report": ".results",
    "Severity": ".severity",
    "Suggestion": ".results",
    "check": ".api",
    "load_config": ".config",
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
