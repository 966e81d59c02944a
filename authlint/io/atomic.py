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
* removes temporary files a killed run (``kill -9``) left beside the file (:mod:`authlint.io.temps`).

:func:`write_atomic` (reports, allow-lists) and :func:`write_post` share one temp-file +
fsync + rename (:func:`_replace`); only their checks and the wording of their errors differ.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from authlint.errors import AuthlintError
from authlint.io.temps import STALE_SECONDS, TEMP_SUFFIX, own_temp_target, remove_if_stale, remove_stale_temps
from authlint.io.textio import Fingerprint, PostText, encode


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
    _replace(target, data, _Replacement(
        name=post.name, mode=stat.S_IMODE(info.st_mode), owner=(info.st_uid, info.st_gid),
        cannot_write="cannot write the fixed file", cannot_replace="cannot replace the file", tail="; not fixed",
    ), before_rename=lambda: ensure_unchanged(post))
    after = os.stat(target)
    fingerprint = Fingerprint(after.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())
    on_disk = data[len(post.format.bom):].decode(post.format.encoding)
    return PostText(name=post.name, text=on_disk, format=post.format, path=post.path, fingerprint=fingerprint)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


@dataclass(frozen=True)
class _Replacement:
    """How to write one file's replacement, and how its errors read for the caller."""

    name: str
    """The file as the user named it (the start of every error message)."""
    mode: int
    owner: tuple[int, int] | None = None
    """(uid, gid) to give the new file when they differ from this process's (best effort)."""
    cannot_write: str = "cannot write"
    cannot_replace: str = "cannot write"
    tail: str = ""
    """Appended to every error message (``--fix`` adds "; not fixed")."""

    def error(self, doing: str, exc: OSError) -> WriteError:
        return WriteError(f"{self.name}: {doing}: {exc.strerror}{self.tail}")


def _replace(target: Path, data: bytes, how: _Replacement, before_rename: Callable[[], None] | None = None) -> None:
    """The one temp-file + fsync + rename: ``data`` goes to a synced temp file beside
    ``target``, ``before_rename`` (if any) gets a last word, and the temp file is renamed over
    ``target`` and the folder synced. On any error the temp file is removed and ``target`` is
    untouched; an ``OSError`` becomes a :class:`WriteError` worded by ``how``."""
    temp = _write_temp(target, data, how)
    with _discarded_on_failure(temp, how, how.cannot_replace):
        if before_rename is not None:
            before_rename()
        os.replace(temp, target)
    fsync_dir(target.parent)


def _write_temp(target: Path, data: bytes, how: _Replacement) -> str:
    """Write ``data`` to a synced temp file beside ``target`` with the mode (and owner) ``how``
    gives; its name carries this process's id, so a later run can tell a dead run's leftover
    from a live one."""
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise how.error("cannot create a temporary file beside it", exc) from None
    with _discarded_on_failure(temp, how, how.cannot_write), os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fchmod(handle.fileno(), how.mode)
        if how.owner is not None:
            with contextlib.suppress(PermissionError, AttributeError):
                if how.owner != (os.geteuid(), os.getegid()):
                    os.fchown(handle.fileno(), *how.owner)
        os.fsync(handle.fileno())
    return temp


@contextlib.contextmanager
def _discarded_on_failure(temp: str, how: _Replacement, doing: str) -> Iterator[None]:
    """Remove ``temp`` when the block fails (the target stays untouched); an ``OSError``
    becomes a :class:`WriteError` saying what was being done, anything else passes through."""
    try:
        yield
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise how.error(doing, exc) from None
        raise


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
    _replace(target, data, _Replacement(name=str(path), mode=mode))


__all__ = [
    "STALE_SECONDS", "TEMP_SUFFIX", "FileChangedError", "WriteError", "ensure_unchanged", "fingerprint_of", "fsync_dir", "own_temp_target",
    "remove_if_stale", "remove_stale_temps",
    "replacing", "write_atomic", "write_post",
]
