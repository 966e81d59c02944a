"""Lint tables of posts (``authlint batch``, :mod:`authlint.dask`): the engine-neutral
per-partition function, the output table, and the runner that streams inputs through them."""

from authlint.batch.partition import lint_partition

__all__ = ["lint_partition"]
