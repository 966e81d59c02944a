"""authlint: an authenticity linter for drafted social-media posts.

>>> from authlint import check
>>> report = check("Buy now!!! Link in bio.")
>>> report.score < 100
True
"""

from .api import Linter, check
from .config import Config, load_config
from .errors import AuthlintError
from .models import Finding, Report, Suggestion
from .severity import Severity

__version__ = "0.1.0"

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
