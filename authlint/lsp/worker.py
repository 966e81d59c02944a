"""One background thread that does all linting, in submission order.

spaCy and the rule engine run on this thread only, so no Linter is ever used by two threads
at once, and the asyncio loop that speaks the protocol is never blocked by a check: requests
(hover, code actions on fresh results) are answered while a long document is being linted.

The thread is a daemon: when the client disconnects mid-check the process can exit at once
instead of waiting for a check nobody will read.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")

_STOP = object()


class Worker:
    """Runs submitted functions one at a time on a daemon thread; each returns a Future."""

    def __init__(self, name: str = "authlint-lint") -> None:
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[], T]) -> Future[T]:
        future: Future[T] = Future()
        self._jobs.put((fn, future))
        return future

    def stop(self) -> None:
        """Finish the job under way, drop the rest."""
        self._jobs.put(_STOP)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is _STOP:
                return
            fn, future = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn())
            except BaseException as exc:  # noqa: BLE001 - handed to whoever awaits the future
                future.set_exception(exc)


__all__ = ["Worker"]
