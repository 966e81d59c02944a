"""Re-export of :mod:`authlint.detectors.learned.model` (inference code lives below the detectors
in the stage order, so the ``classifier`` detector can use it; see docs/learn.md)."""

from authlint.detectors.learned.model import *  # noqa: F403
from authlint.detectors.learned.model import __all__  # noqa: F401
