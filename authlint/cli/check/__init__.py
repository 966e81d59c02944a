"""``authlint check``, in stages: collect posts, lint them (and fix), render the run."""

from authlint.cli.check.command import check

__all__ = ["check"]
