"""Write a fixed post back without ever leaving a half-written or clobbered file.

``--fix`` runs in pre-commit hooks and editors, where the file may be edited while authlint
runs. :func:`write_post` therefore

* writes a temporary file in the same folder, fsyncs it and ``os.replace``-s it over the
  original (readers see the old file or the new one, never a mix);
* keeps the file's encoding, BOM, line-break style and permission bits (and owner when
  allowed); a symlink is followed and its target replaced, so the link survives;
* refuses (raises :class:`FileChangedError`, the caller skips the file with the message)
  when the file's mtime, size or SHA-256 differ from what :func:`authlint.io.textio.read_post`
  saw; the remaining window is the few microseconds between that check and the rename;
* refuses to write a post that was decoded lossily, or a fix the encoding cannot hold;
* refuses a read-only file by its mode bits (``os.access`` says yes to root for any file),
  a file with several hard links (a rename would split it from its twins: fix it by hand),
  and, given ``within``, a file whose real path (after symlinks) is outside those folders;
* removes temporary files a killed run (``kill -9``) left beside the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from authlint.errors import AuthlintError
from authlint.io.textio import Fingerprint, PostText, encode

TEMP_SUFFIX = ".authlint-tmp"


class WriteError(AuthlintError):
    """A fixed post could not be written; the original file is untouched."""


class FileChangedError(WriteError):
    """The file changed on disk after it was read; writing would lose those changes."""


def fingerprint_of(path: Path) -> Fingerprint:
    """The current mtime, size and SHA-256 of ``path``."""
    with open(path, "rb") as handle:
        data = handle.read()
        info = os.fstat(handle.fileno())
    return Fingerprint(info.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())


def ensure_unchanged(post: PostText) -> None:
    """Raise :class:`FileChangedError` if ``post``'s file is no longer what was read."""
    if post.path is None or post.fingerprint is None:
        raise WriteError(f"{post.name}: not a file; cannot write fixes back")
    then = post.fingerprint
    try:
        info = os.stat(post.path)
        same = (info.st_size, info.st_mtime_ns) == (then.size, then.mtime_ns)
        same = same and fingerprint_of(post.path) == then  # size checked first: never hash a huge file
    except FileNotFoundError:
        raise FileChangedError(f"{post.name}: deleted since it was read; not fixed") from None
    except OSError as exc:
        raise WriteError(f"{post.name}: cannot re-read before writing: {exc.strerror}") from None
    if not same:
        raise FileChangedError(f"{post.name}: changed on disk since it was read; not fixed (run again)")


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


def write_post(post: PostText, text: str, within: Sequence[Path] | None = None) -> PostText:
    """Atomically replace ``post``'s file with ``text`` in the file's own format.

    ``within``: folders the real file must lie in (``--fix`` passes the checked roots, so a
    symlink pointing out of the repository is never written through).
    Returns the post as now on disk (new text and fingerprint), so a caller can write again.
    Raises :class:`WriteError` / :class:`FileChangedError`; on any error the file is untouched.
    """
    if post.format.lossy:
        raise WriteError(
            f"{post.name}: was read with undecodable bytes replaced; not fixed, to keep the original bytes"
        )
    try:
        data = encode(text, post.format)
    except UnicodeEncodeError as exc:
        raise WriteError(
            f"{post.name}: the fix contains {exc.object[exc.start:exc.end]!r}, which "
            f"{post.format.encoding} cannot hold; not fixed"
        ) from None
    ensure_unchanged(post)
    assert post.path is not None  # ensure_unchanged guarantees it
    target = Path(os.path.realpath(post.path))
    if within is not None and not any(_inside(target, Path(os.path.realpath(r))) for r in within):
        raise WriteError(f"{post.name}: is a symbolic link to {target}, outside the checked folders; not fixed")
    info = os.stat(target)
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        raise WriteError(f"{post.name}: file is read-only; not fixed")
    if info.st_nlink > 1:
        raise WriteError(
            f"{post.name}: has {info.st_nlink} hard links; not fixed (replacing it would split it from the others)"
        )
    remove_stale_temps(target)
    temp = _write_temp(target, data, info, post.name)
    try:
        ensure_unchanged(post)
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise WriteError(f"{post.name}: cannot replace the file: {exc.strerror}; not fixed") from None
        raise
    fsync_dir(target.parent)
    after = os.stat(target)
    fingerprint = Fingerprint(after.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())
    on_disk = data[len(post.format.bom):].decode(post.format.encoding)
    return PostText(name=post.name, text=on_disk, format=post.format, path=post.path, fingerprint=fingerprint)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


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


def _write_temp(target: Path, data: bytes, info: os.stat_result, name: str) -> str:
    """Write ``data`` to a synced temp file beside ``target`` with ``target``'s mode; its name
    carries this process's id, so a later run can tell a dead run's leftover from a live one."""
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise WriteError(f"{name}: cannot create a temporary file beside it: {exc.strerror}; not fixed") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
            with contextlib.suppress(PermissionError, AttributeError):
                if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
                    os.fchown(handle.fileno(), info.st_uid, info.st_gid)
            os.fsync(handle.fileno())
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise WriteError(f"{name}: cannot write the fixed file: {exc.strerror}; not fixed") from None
        raise
    return temp


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temp file beside ``target`` for a writer that streams (a table written part by part):
    when the block ends it is synced and renamed over ``target``; on any error it is removed and
    ``target`` is untouched, so a reader never sees half a file."""
    target = Path(target)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)  # a new file's usual mode, not mkstemp's private 0600
    os.close(fd)
    try:
        yield Path(temp)
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(target.parent)


def fsync_dir(directory: Path) -> None:
    """Make the rename durable (best effort: not every platform can open a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Create or replace the file ``path`` with ``data``: a synced temp file renamed over it,
    so the file is either the old one or complete (reports, never posts: see :func:`write_post`)."""
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise WriteError(f"{path}: is a folder; cannot write a file there")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise WriteError(f"{path}: cannot create a temporary file beside it: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise WriteError(f"{path}: cannot write: {exc.strerror}") from None
        raise
    fsync_dir(target.parent)


__all__ = [
    "TEMP_SUFFIX", "FileChangedError", "WriteError", "ensure_unchanged", "fingerprint_of", "fsync_dir", "own_temp_target",
    "remove_if_stale", "remove_stale_temps",
    "replacing", "write_atomic", "write_post",
]
