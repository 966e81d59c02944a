"""Which files ``authlint check PATH...`` looks at.

Folders are walked recursively for ``*.md``, ``*.markdown``, ``*.mdx`` and ``*.txt``; files
named on the command line are always checked (pre-commit passes them one by one) unless an
``exclude`` pattern of their config matches. Walking honours ``.gitignore`` files (from the
repository root down) and skips VCS, virtualenv and cache folders. ``exclude`` patterns use
the same syntax as ``.gitignore`` and are relative to the config file that declares them.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import regex as re_

from authlint.io.ignore import (
    IgnoreRules,
    PatternError,
    compile_patterns,
    gitignore_in,
    gitignores_above,
    ignored,
    translate_glob,
)
from authlint.io.temps import TEMP_SUFFIX, remove_if_stale

DEFAULT_GLOBS = ("*.md", "*.markdown", "*.mdx", "*.txt")
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                       ".authlint_cache", ".tox", ".mypy_cache", ".pytest_cache", ".ruff_cache"})
STDIN = "-"


def absolute(path: Path) -> Path:
    """``path`` made absolute with its folders' symlinks resolved but not its own name:
    never raises (a symlink loop stays a path; reading it reports the loop)."""
    return Path(os.path.realpath(path.parent)) / path.name if path.name else Path(os.path.realpath(path))


@lru_cache(maxsize=64)
def _globs_regex(globs: tuple[str, ...]) -> re_.Pattern[str]:
    """One pattern for a whole glob list: a walk asks it of every file it meets (built once
    per walk, not per file)."""
    return re_.compile("^(?:" + "|".join(f"(?:{translate_glob(g)})" for g in globs) + ")$", re_.IGNORECASE)


class Found(NamedTuple):
    """A post to check, and its stat as discovery took it (None: stdin, or not stat-ed): the
    file index compares it, so an unchanged file costs one stat in the whole run."""

    name: str
    stat: os.stat_result | None


def discover(
    paths: Sequence[str],
    excluded: Callable[[str], bool] = lambda _p: False,
    globs: Sequence[str] = DEFAULT_GLOBS,
    respect_gitignore: bool = True,
    notice: Callable[[str], None] = lambda _m: None,
) -> list[str]:
    """The posts to check, in a stable order (the names of :func:`discover_files`)."""
    return [found.name for found in discover_files(paths, excluded, globs, respect_gitignore, notice)]


def discover_files(
    paths: Sequence[str],
    excluded: Callable[[str], bool] = lambda _p: False,
    globs: Sequence[str] = DEFAULT_GLOBS,
    respect_gitignore: bool = True,
    notice: Callable[[str], None] = lambda _m: None,
) -> list[Found]:
    """The posts to check, in a stable order: stdin (``-``) and named files as given, folders
    walked; each with the stat discovery took of it.

    ``excluded(path)`` answers from the path's config (``exclude``); it is given the path as an
    absolute string (its folders' symlinks resolved). A named path that does
    not exist is kept: reading it reports the problem for that post alone. A walk never
    follows a symbolic link out of the folder it walks, and never opens a FIFO, device or
    socket (opening a FIFO blocks until someone writes to it): each such skip is handed to
    ``notice`` as one line. Temp files a killed ``--fix`` left (authlint's own naming scheme,
    over an hour old: :func:`authlint.io.atomic.remove_if_stale`) in walked folders and beside
    named files are removed, and said so.
    """
    out: list[Found] = []
    seen: set[str] = set()

    def add(item: str, st: os.stat_result | None) -> None:
        if item not in seen:
            seen.add(item)
            out.append(Found(item, st))

    for given in paths:
        if given == STDIN:
            add(STDIN, None)
            continue
        path = Path(given)
        st = _stat_given(path)
        if st is not None and stat.S_ISDIR(st.st_mode):
            for found, found_st in _walk(path, excluded, globs, respect_gitignore, notice):
                add(found, found_st)
        elif not excluded(str(absolute(path))):
            add(given, st)
            _sweep_beside(path, notice)
    return out


# What ``Path.is_dir`` reads as "not a folder" rather than raising (pathlib's _ignore_error).
_MISSING_ERRNOS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})
_MISSING_WINERRORS = frozenset({21, 123, 1921})


def _stat_given(path: Path) -> os.stat_result | None:
    """The stat of a path named on the command line, or None where ``Path.is_dir`` would say
    False without raising (a missing path: reading it reports the problem)."""
    try:
        return path.stat()
    except OSError as exc:
        if exc.errno in _MISSING_ERRNOS or getattr(exc, "winerror", None) in _MISSING_WINERRORS:
            return None
        raise
    except ValueError:
        return None


def _sweep_beside(path: Path, notice: Callable[[str], None]) -> None:
    """Remove stale temp files a killed run left beside a file named on the command line."""
    prefix = f".{path.name}."
    try:
        names = [n for n in os.listdir(path.parent) if n.startswith(prefix) and n.endswith(TEMP_SUFFIX)]
    except OSError:
        return
    for name in names:
        if remove_if_stale(path.parent / name):
            notice(f"{path.parent / name}: removed: a temporary file a killed authlint run left")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _walk(
    top: Path, excluded: Callable[[str], bool], globs: Sequence[str], respect_gitignore: bool,
    notice: Callable[[str], None],
) -> list[tuple[str, os.stat_result | None]]:
    """The posts under ``top`` as (shown name, stat). Paths are plain strings here: a walk of
    10,000 files that built three Path objects per file spent a sixth of a cached re-run on it.
    A shown name is what ``str(Path(top) / ... / name)`` would print."""
    top_abs = top.resolve()
    root = str(top_abs)
    base_stack = gitignores_above(top_abs) if respect_gitignore else []
    matches_glob = _globs_regex(tuple(globs)).match
    found: list[tuple[str, os.stat_result | None]] = []
    visited: set[tuple[int, int]] = set()
    join = os.path.join

    def walk(folder: str, shown: str, stack: list[IgnoreRules]) -> None:
        try:
            info = os.stat(folder)
        except OSError:
            return
        key = (info.st_dev, info.st_ino)
        if key in visited:  # symlink loop
            return
        visited.add(key)
        if respect_gitignore and (g := gitignore_in(Path(folder))) is not None:
            stack = [*stack, g]
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            name = entry.name
            full = join(folder, name)
            if name.endswith(TEMP_SUFFIX):
                if remove_if_stale(Path(full)):
                    notice(f"{_child(shown, name)}: removed: a temporary file a killed authlint run left")
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:  # e.g. a symlink loop: not a folder; reading it reports the problem
                is_dir = False
            if not is_dir and matches_glob(name) is None:
                continue
            if entry.is_symlink():
                target = os.path.realpath(full)
                if not _inside(target, root):
                    notice(f"{_child(shown, name)}: skipped: a symbolic link to {target}, outside {top}")
                    continue
            if is_dir:
                if name in SKIP_DIRS or (stack and ignored(full, True, stack)) or excluded(full):
                    continue
                walk(full, _child(shown, name), stack)
            elif not (stack and ignored(full, False, stack)) and not excluded(full):
                entry_st = _entry_stat(entry)
                kind = _special_kind(entry_st)
                if kind is not None:
                    notice(f"{_child(shown, name)}: skipped: {kind}, not a post file")
                    continue
                found.append((_child(shown, name), entry_st))

    walk(root, str(top), base_stack)
    return found


def _child(shown: str, name: str) -> str:
    """``str(Path(shown) / name)`` without the Path (``shown`` is already in that form)."""
    return name if shown == "." else os.path.join(shown, name)


def _entry_stat(entry: os.DirEntry[str]) -> os.stat_result | None:
    """The entry's stat (symlinks followed, as ``os.stat`` does), or None if it cannot be
    stat-ed (reading it reports the problem)."""
    try:
        return entry.stat()
    except OSError:
        return None


def _special_kind(info: os.stat_result | None) -> str | None:
    """What a non-regular file is (a FIFO, device, socket), or None for a regular file or a
    path that cannot be stat-ed."""
    if info is None:
        return None
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(info.st_mode):
            return name
    return None


__all__ = [
    "DEFAULT_GLOBS", "SKIP_DIRS", "STDIN", "Found", "IgnoreRules", "PatternError", "absolute", "compile_patterns",
    "discover", "discover_files",
]
