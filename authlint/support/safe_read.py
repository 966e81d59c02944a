"""Read a small file authlint did not write (a config, a cache entry) without hanging or blowing up.

``open()`` on a FIFO blocks until a writer appears, and ``read()`` of ``/dev/zero`` never
ends, so a path named ``--config`` or planted in a cache folder could hang a pre-commit
hook or exhaust memory. :func:`read_regular` opens without blocking (and, if asked, without
following a final symlink), insists on a regular file and reads at most ``limit`` bytes.
"""

from __future__ import annotations

import os
import stat


class NotRegularFileError(OSError):
    """The path is a FIFO, device, socket or folder (or a symlink, when they are refused)."""


class FileTooLargeError(OSError):
    """The file is over the size bound of what it is meant to be."""


def read_regular(path: str | os.PathLike[str], limit: int, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises :class:`NotRegularFileError`, :class:`FileTooLargeError` or the ``OSError`` of
    opening (``ELOOP`` for a symlink when ``follow_symlinks`` is false).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(f"not a regular file ({_kind(info.st_mode)})")
        if info.st_size > limit:
            raise FileTooLargeError(f"{info.st_size} bytes, over the {limit}-byte limit")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:  # the file may grow after fstat: the bound holds on what is read
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileTooLargeError(f"over the {limit}-byte limit")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a file"
