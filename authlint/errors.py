"""Errors a user can act on.

Every error authlint raises on purpose derives from :class:`AuthlintError` and carries a
message that fits on one line, so the CLI can print it without a traceback.
"""

from __future__ import annotations


class AuthlintError(Exception):
    """Base class: a problem with input, rules, config or environment, not a bug."""


class RuleError(AuthlintError):
    """A rule file is invalid (syntax, schema, pattern or duplicate code)."""


class ConfigError(AuthlintError):
    """A configuration file or option is invalid."""


class ModelNotFoundError(AuthlintError):
    """The configured spaCy model is not installed."""


class InputError(AuthlintError):
    """An input file or stream cannot be read as a post."""


class ArgumentError(AuthlintError, TypeError):
    """A library call got a value of the wrong type (``platform=5``, ``Linter(5)``); also a
    TypeError, so code that caught the old exception keeps working."""
