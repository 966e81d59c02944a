"""Connect to the Dask cluster ``--scheduler`` names: ``local``, ``local:N`` or ``tcp://HOST:PORT``.

A local cluster runs N worker processes of one thread each (spaCy holds the GIL, so threads
would not help), bound to 127.0.0.1 with no dashboard: nothing listens beyond this machine.
Its workers are forked from the driver, as ``--jobs`` forks its pool: a Linter the driver
prepared before the cluster started (``warm``) is shared by every worker instead of each
spawning a fresh interpreter and loading spaCy on its first task (measured: about 10 s of CPU
per worker, the largest fixed cost of a run; see docs/scale.md). A worker Dask restarts after a
crash is forked from the driver again, or spawned where fork is unavailable, and loads its own.
Dask's background work is turned down to what a local run without a dashboard needs: no
statistical profiler (it samples the task thread 100 times a second), event-loop health checks
every second instead of every 20 ms, the system and memory monitors every 5 s and 1 s instead
of 500 ms and 100 ms, no work stealing (tasks are submitted a few at a time, so none wait
behind a busy worker). Measured on 2 idle workers: 0.4% of a core per worker and 0.9% in the
driver, against 2.1% and 5.6% with Dask's defaults -- on a loaded 2-core machine, ~15 s of CPU
in a 150 s run (docs/scale.md).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from authlint.errors import AuthlintError

_LOCAL = re.compile(r"local(?::(\d+))?")


def local_settings() -> dict[str, Any]:
    """The Dask settings of a local cluster (module docstring): fork where the platform has it,
    and little background work."""
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return {
        "distributed.worker.multiprocessing-method": method,
        "distributed.worker.profile.enabled": False,
        "distributed.admin.tick.interval": "1s",
        "distributed.admin.system-monitor.interval": "5s",
        "distributed.worker.memory.monitor-interval": "1s",
        "distributed.scheduler.work-stealing": False,
    }


def local_cluster(workers: int) -> Any:
    """A LocalCluster of ``workers`` single-threaded processes on 127.0.0.1, no dashboard,
    forked from this process (:func:`local_settings`)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(local_settings()):
        return LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, silence_logs=logging.ERROR,
        )


@contextmanager
def connect(spec: str, jobs: int = 1, warm: Callable[[], None] | None = None) -> Iterator[Any]:
    """A ``distributed.Client`` for ``spec`` (``local`` alone: ``jobs`` workers), closed afterwards.

    ``warm`` runs in this process before a local cluster's workers are forked, so they inherit
    what it loads (never for a remote scheduler, whose workers load their own)."""
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
            import dask

            stack.enter_context(dask.config.set(local_settings()))  # the client's, and restarts', too
            if warm is not None:
                warm()
            cluster = stack.enter_context(local_cluster(workers))
            client = stack.enter_context(Client(cluster))
        else:
            try:
                client = stack.enter_context(Client(spec, timeout="10s"))
            except (OSError, TimeoutError) as exc:
                raise AuthlintError(f"cannot reach the Dask scheduler at {spec}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
        yield client


__all__ = ["connect", "local_cluster"]
