"""Compatibility: settings moved to :mod:`authlint.settings.config` (kept for one release; import from there)."""

from authlint.settings.config import *  # noqa: F403
from authlint.settings.config import Config, config_from_mapping, find_config, load_config

__all__ = ["Config", "config_from_mapping", "find_config", "load_config"]
