"""What the benchmarks read about running processes, from Linux's /proc: a process tree, its
memory and its CPU time. Each reader returns 0 for a process that has already ended."""

from __future__ import annotations

import os


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (every thread's children), parents first."""
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return pids


def _field_kb(path: str, field: str) -> int:
    try:
        with open(path) as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kb(pid: int) -> int:
    """Proportional set size: shared pages (a forked worker's model) counted once per machine."""
    return _field_kb(f"/proc/{pid}/smaps_rollup", "Pss:")


def rss_mb(pid: int) -> float:
    """Resident set size in MB."""
    return _field_kb(f"/proc/{pid}/status", "VmRSS:") / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0
