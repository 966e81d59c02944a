"""The per-user key that seals cache entries, kept outside every repository.

A cache folder can be committed, shared on a network drive or unpacked from an archive, so
anyone may have written its files. A plain checksum only proves an entry is intact, not that
authlint wrote it: a planted entry with a recomputed SHA-256 could turn a bad post into
``100/100``. Entries are therefore sealed with a keyed BLAKE2b whose 32-byte key lives in
``$XDG_CACHE_HOME/authlint/key`` (default ``~/.cache/authlint/key``), created once with mode
0600 by the user who runs authlint. A folder cannot forge what it cannot read; the absolute
path plus inode of the cache folder was the alternative, but inodes are small and guessable.

When the key cannot be created or is unsafe (not a regular file, not ours, readable by
others), nothing is cached: results are then recomputed, never trusted.
"""

from __future__ import annotations

import contextlib
import os
import stat
from functools import cache
from pathlib import Path

KEY_BYTES = 32


def key_path() -> Path:
    """Where the key lives: ``$XDG_CACHE_HOME/authlint/key``, else ``~/.cache/authlint/key``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "authlint" / "key"


@cache
def cache_key() -> bytes | None:
    """This user's key (created on first use), or None when no safe key can be had."""
    path = key_path()
    key = _read(path)
    if key is None and not os.path.lexists(path):
        _create(path)
        key = _read(path)
    return key


def _read(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077 or info.st_uid != os.geteuid():
            return None
        data = os.read(fd, KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) == KEY_BYTES else None


def _create(path: Path) -> None:
    """Write a fresh key to a private temp file and link it into place: concurrent first runs
    agree on one key, and nobody ever reads a half-written one."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = path.with_name(f".key.{os.getpid()}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(KEY_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temp, path)  # fails if another run linked its key first: that one is kept
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
