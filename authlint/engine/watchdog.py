"""A time limit for one rule on one post, so a rule that loops forever cannot hang a run.

Regex detectors already carry the ``regex`` package's own timeout; this guards everything else
(Python-backed detectors, a pathological spaCy match). In the main thread of a POSIX process,
when nobody else owns ``SIGALRM``, the limit is an interval timer and its signal. Anywhere else --
a Dask, Ray or Spark task runs in a worker thread, where signals cannot be delivered -- one
watcher thread per process raises :class:`Overrun` in the guarded thread when its deadline
passes (``PyThreadState_SetAsyncExc``). Either way the exception arrives between two Python
bytecodes: a rule stuck inside one long C call is stopped when that call returns; and it is
raised again every :data:`REPEAT_SECONDS` until the block ends, since Python drops an exception
that lands in a garbage-collector callback or a ``__del__``. A block that still finishes past
its limit (every Overrun dropped) raises one as it ends: the limit holds either way.

:class:`Overrun` derives from ``BaseException`` so that a rule's own ``except Exception``
cannot swallow it and keep looping.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from types import FrameType

#: After the limit, :class:`Overrun` is raised again this often until the block ends: an
#: exception that lands in a garbage-collector callback or a ``__del__`` is printed and
#: dropped by Python ("Exception ignored in ..."), which would leave the block running on.
REPEAT_SECONDS = 0.1


class Overrun(BaseException):
    """The guarded code ran past its time limit."""


def available() -> bool:
    """Can :func:`time_limit` enforce a limit here with ``SIGALRM`` (else: the watcher thread)?"""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    )


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`Overrun` in the guarded block after ``seconds`` (``None``: no limit)."""
    if not seconds:
        yield
        return
    if not available():
        with _watcher().guard(seconds):
            yield
        return

    armed, fired = [True], [False]
    message = _message(seconds)

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        if armed[0]:
            fired[0] = True
            raise Overrun(message)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_SECONDS)
    try:
        yield
    finally:
        armed[0] = False  # a store runs no signal handler: from here on an alarm raises nothing
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired[0]:
        # The block ran past its limit and still finished: every Overrun landed where Python
        # drops it (a gc callback runs the handler whenever a long C call collects garbage).
        # Past the limit is past the limit, whether or not an exception got through.
        raise Overrun(message)


def _message(seconds: float) -> str:
    """What an :class:`Overrun` says, however it is raised."""
    return f"took longer than {seconds:g}s"


def _overrun_type(message: str) -> type[Overrun]:
    """An :class:`Overrun` subclass that carries ``message`` (an asynchronous exception is raised
    by type, with no arguments)."""

    def init(self: Overrun) -> None:
        Overrun.__init__(self, message)

    return type("Overrun", (Overrun,), {"__init__": init})


def _raise_in(thread_id: int, exc_type: type[BaseException] | None) -> None:
    """Schedule ``exc_type`` in thread ``thread_id`` (None: cancel a scheduled one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc_type) if exc_type else None)


class _Watcher:
    """One daemon thread that stops guarded threads past their deadline.

    Arming and disarming take a lock and never start a thread, so guarding every post costs
    microseconds. Deadlines are kept by token; the thread sleeps until the nearest one.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._armed: dict[int, tuple[float, int, float]] = {}  # token -> (deadline, thread id, seconds)
        self._fired: set[int] = set()
        self._tokens = itertools.count()
        self._wake_at = float("inf")
        threading.Thread(target=self._loop, name="authlint-watchdog", daemon=True).start()

    @contextmanager
    def guard(self, seconds: float) -> Iterator[None]:
        thread_id = threading.get_ident()
        deadline = time.monotonic() + seconds
        with self._cond:
            token = next(self._tokens)
            self._armed[token] = (deadline, thread_id, seconds)
            if deadline < self._wake_at:
                self._cond.notify()
        try:
            yield
        finally:
            while True:
                try:
                    fired = self._disarm(token, thread_id)
                    break
                except Overrun:  # a repeat landed while disarming: the block is over, disarm again
                    continue
        if fired:  # past the deadline, though every Overrun was dropped or came too late
            raise Overrun(_message(seconds))

    def _disarm(self, token: int, thread_id: int) -> bool:
        """Stop watching ``token``; True if its deadline had passed (any undelivered Overrun is
        cancelled: the caller raises one itself, once, outside the lock)."""
        with self._cond:
            self._armed.pop(token, None)
            if token not in self._fired:
                return False
            self._fired.discard(token)
            _raise_in(thread_id, None)
            return True

    def _loop(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for token, (deadline, thread_id, seconds) in list(self._armed.items()):
                    if deadline <= now:  # fire, and again every REPEAT_SECONDS until disarmed
                        self._armed[token] = (now + REPEAT_SECONDS, thread_id, seconds)
                        self._fired.add(token)
                        _raise_in(thread_id, _overrun_type(_message(seconds)))
                self._wake_at = min((d for d, _, _ in self._armed.values()), default=float("inf"))
                self._cond.wait(None if self._wake_at == float("inf") else self._wake_at - now)


@lru_cache(maxsize=1)
def _watcher() -> _Watcher:
    """The process's watcher, started on first use (a forked child starts its own: the cache is
    cleared at fork, since a thread does not survive it)."""
    return _Watcher()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_watcher.cache_clear)


__all__ = ["Overrun", "available", "time_limit"]
