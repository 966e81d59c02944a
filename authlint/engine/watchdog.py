"""A time limit for one rule on one post, so a rule that loops forever cannot hang a run.

Regex detectors already carry the ``regex`` package's own timeout; this guards everything else
(Python-backed detectors, a pathological spaCy match). It uses ``SIGALRM``, so it is active only
where that is safe: on POSIX, in the main thread, and when nobody else has a SIGALRM handler.
Elsewhere it does nothing and the code runs unbounded, as it would without it.

:class:`Overrun` derives from ``BaseException`` so that a rule's own ``except Exception``
cannot swallow it and keep looping.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Overrun(BaseException):
    """The guarded code ran past its time limit."""


def available() -> bool:
    """Can :func:`time_limit` enforce a limit here?"""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    )


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`Overrun` in the guarded block after ``seconds`` (``None``: no limit)."""
    if not seconds or not available():
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise Overrun(f"took longer than {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


__all__ = ["Overrun", "available", "time_limit"]
