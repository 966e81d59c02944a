"""authlint's own temp files: the name every atomic write gives them, and removing the ones a
run killed mid-write (``kill -9``) left behind. Any run that walks a folder cleans up, not
only ``--fix``."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from pathlib import Path

TEMP_SUFFIX = ".authlint-tmp"

#: A temp file this old is a leftover whatever its process id says (ids are reused).
STALE_SECONDS = 3600

# The names authlint's own temp files have: ``.<file name>.[<pid>.]<mkstemp's 8 characters>.authlint-tmp``.
_OWN_TEMP = re.compile(r"\.(?P<target>.+?)\.(?:(?P<pid>\d+)\.)?[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))


def own_temp_target(name: str) -> str | None:
    """The name of the file a temp file called ``name`` was written for, if authlint's naming
    scheme wrote it (None for any other name, however it ends)."""
    m = _OWN_TEMP.fullmatch(name)
    return m.group("target") if m else None


def remove_if_stale(path: Path, max_age: float = STALE_SECONDS) -> bool:
    """Delete ``path`` if it is a temp file authlint's naming scheme wrote, a regular file (not
    a link or folder), older than ``max_age`` seconds: what a run killed mid-write (``kill -9``)
    leaves. Any run that walks the folder calls this, not only ``--fix``. True if removed."""
    if own_temp_target(path.name) is None:
        return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_mtime >= time.time() - max_age:
        return False
    try:
        os.unlink(path)
    except OSError:
        return False
    return True


def remove_stale_temps(target: Path) -> int:
    """Delete temp files of ``target`` left by runs that died (their process is gone, or the
    file is over :data:`STALE_SECONDS` old); a live run's temp file is left alone. Returns how many."""
    prefix = f".{target.name}."
    removed = 0
    try:
        names = [n for n in os.listdir(target.parent) if n.startswith(prefix) and own_temp_target(n) == target.name]
    except OSError:
        return 0
    for name in names:
        path = target.parent / name
        pid = name[len(prefix):].split(".", 1)[0]
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        old = info.st_mtime < time.time() - STALE_SECONDS
        if old or (pid.isdigit() and not _alive(int(pid))):
            with contextlib.suppress(OSError):
                os.unlink(path)
                removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process: it exists
        return True
    return True
