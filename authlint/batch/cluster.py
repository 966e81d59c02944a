"""Connect to the Dask cluster ``--scheduler`` names: ``local``, ``local:N`` or ``tcp://HOST:PORT``.

A local cluster runs N worker processes of one thread each (spaCy holds the GIL, so threads
would not help), bound to 127.0.0.1 with no dashboard: nothing listens beyond this machine.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from authlint.errors import AuthlintError

_LOCAL = re.compile(r"local(?::(\d+))?")


def local_cluster(workers: int) -> Any:
    """A LocalCluster of ``workers`` single-threaded processes on 127.0.0.1, no dashboard."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, silence_logs=logging.ERROR,
    )


@contextmanager
def connect(spec: str, jobs: int = 1) -> Iterator[Any]:
    """A ``distributed.Client`` for ``spec`` (``local`` alone: ``jobs`` workers), closed afterwards."""
    try:
        from distributed import Client
    except ImportError:
        raise AuthlintError("--scheduler needs Dask: pip install 'authlint[dask]'") from None
    local = _LOCAL.fullmatch(spec)
    if local is None and not spec.startswith(("tcp://", "tls://")):
        raise AuthlintError(f"--scheduler '{spec}': expected local, local:N or tcp://HOST:PORT")
    with ExitStack() as stack:
        if local is not None:
            workers = int(local.group(1) or jobs)
            if workers < 1:
                raise AuthlintError(f"--scheduler '{spec}': N must be at least 1")
            cluster = stack.enter_context(local_cluster(workers))
            client = stack.enter_context(Client(cluster))
        else:
            try:
                client = stack.enter_context(Client(spec, timeout="10s"))
            except (OSError, TimeoutError) as exc:
                raise AuthlintError(f"cannot reach the Dask scheduler at {spec}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
        yield client


__all__ = ["connect", "local_cluster"]
