"""The cache folder on disk: where it is, its checksummed entries, marking it and removing it.

Shared by the result cache (:mod:`authlint.cache.results`) and the config cache
(:mod:`authlint.cache.settings`). An entry is two lines: a JSON header with its key and the
keyed BLAKE2b seal of the second line, the body (the key is this user's, kept outside the
repository: :mod:`authlint.cache.secret`). Entries are written to a unique temporary file and
renamed into place, so concurrent runs never see half an entry; a damaged or foreign entry
fails its seal or key and reads as missing, as does anything that is not a regular file
or is over :data:`MAX_ENTRY_BYTES`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from authlint.errors import AuthlintError

DEFAULT_DIR = ".authlint_cache"
_README_HEAD = "This folder is authlint's result cache"  # what `authlint clean` recognises
_README = _README_HEAD + "; it is safe to delete (authlint clean).\n"
#: The Cache Directory Tagging Specification's signature (https://bford.info/cachedir/).
_TAG_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"


class CacheError(AuthlintError):
    """The cache folder cannot be removed (or is not an authlint cache)."""


#: A cache entry over this size is refused unread (a report of a 100 KB post is well under it).
MAX_ENTRY_BYTES = 16_000_000
#: The files :func:`mark` writes into a cache folder, with their contents.
_MARKS = {"CACHEDIR.TAG": _TAG_SIGNATURE + "\n# " + _README, ".gitignore": "*\n", "README": _README}
_NAMESPACE = re.compile(r"[0-9a-f]{32}|settings")
_SHARD = re.compile(r"[0-9a-f]{2}")
_ENTRY = re.compile(r"[0-9a-f]{64}\.entry|\.[0-9a-f]{16}\..+\.tmp")


def cache_folder(configured: Path | None, override: str | Path | None = None, project: Path | None = None) -> Path:
    """Where ``authlint check`` keeps results: ``--cache-dir``, else config ``cache-dir``, else
    ``.authlint_cache`` at the ``project`` root (see :func:`project_root`), else here."""
    if override:
        return Path(override)
    if configured:
        return configured
    return project / DEFAULT_DIR if project is not None else Path(DEFAULT_DIR)


def project_root(config_file: Path | None, here: Path | None = None) -> Path | None:
    """The folder of the config file, else the repository root (the folder with ``.git``) at
    or above ``here`` (default: the working folder), else None: runs from a subfolder share a cache."""
    if config_file is not None:
        return Path(os.path.abspath(config_file)).parent
    start = Path(os.path.abspath(here or os.getcwd()))
    for folder in (start, *start.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return None


def clear(folder: Path) -> tuple[int, int] | None:
    """Delete the result cache in ``folder``: (files, bytes) removed, or None if there is none.

    Only a folder authlint marked as its cache (its ``CACHEDIR.TAG`` and ``README``) is
    touched, and in it only the files authlint writes (its marks, namespace folders of
    entries); anything else (a user's file, ``.git``) stays, and then so does the folder.
    """
    if not os.path.lexists(folder):
        return None
    if folder.is_symlink():
        raise CacheError(f"{folder}: is a symbolic link; not removed")
    if not _is_marked(folder):
        raise CacheError(f"{folder}: not an authlint cache (no CACHEDIR.TAG and README written by authlint); not removed")
    removed = [0, 0]

    def unlink(path: str) -> None:
        try:
            size = os.lstat(path).st_size
            os.unlink(path)
        except OSError:
            return
        removed[0] += 1
        removed[1] += size

    try:
        for name in os.listdir(folder):
            path = os.path.join(folder, name)
            if _NAMESPACE.fullmatch(name) and _real_dir(path):
                for shard in os.listdir(path):
                    shard_path = os.path.join(path, shard)
                    if _SHARD.fullmatch(shard) and _real_dir(shard_path):
                        for entry in os.listdir(shard_path):
                            if _ENTRY.fullmatch(entry) and os.path.isfile(os.path.join(shard_path, entry)):
                                unlink(os.path.join(shard_path, entry))
                        _rmdir(shard_path)
                _rmdir(path)
        for name, text in _MARKS.items():  # last: an interrupted clean leaves a cache clean can find
            path = os.path.join(folder, name)
            if _holds(path, text):
                unlink(path)
    except OSError as exc:
        raise CacheError(f"{folder}: cannot remove the cache: {exc.strerror or exc}") from None
    here = Path.cwd().resolve()
    target = folder.resolve()
    if target != here and target not in here.parents:  # never the folder a run stands in, or above it
        _rmdir(str(folder))
    return removed[0], removed[1]


def _real_dir(path: str) -> bool:
    return os.path.isdir(path) and not os.path.islink(path)


def _rmdir(path: str) -> None:
    try:
        os.rmdir(path)  # only when empty: what is left is not authlint's
    except OSError:
        pass


def _holds(path: str, text: str) -> bool:
    from authlint.support.safe_read import read_regular

    try:
        return read_regular(path, 4096, follow_symlinks=False).decode("utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def _is_marked(folder: Path) -> bool:
    try:
        tag = (folder / "CACHEDIR.TAG").read_text(encoding="utf-8")
        readme = (folder / "README").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return tag.startswith(_TAG_SIGNATURE) and readme.startswith(_README_HEAD)


def _only_authlint_entries(folder: Path) -> bool:
    """Whether every name in ``folder`` is one authlint writes (an older authlint marked busy
    folders too: those are not used as a cache any more)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    return all(name in _MARKS or _NAMESPACE.fullmatch(name) for name in names)


def _seal(key: str, body: bytes) -> str | None:
    """The keyed BLAKE2b of an entry (see :mod:`authlint.cache.secret`); None: no key, no cache."""
    from authlint.cache.secret import cache_key

    secret = cache_key()
    if secret is None:
        return None
    h = hashlib.blake2b(key.encode("ascii", "replace"), key=secret, digest_size=32)
    h.update(b"\0")
    h.update(body)
    return h.hexdigest()


def read_entry(path: str, key: str) -> bytes | None:
    """The body of the entry at ``path``: None if missing, not a regular file, over
    :data:`MAX_ENTRY_BYTES`, damaged, for another key or not sealed with this user's key."""
    from authlint.support.safe_read import read_regular

    try:
        header, _, body = read_regular(path, MAX_ENTRY_BYTES, follow_symlinks=False).partition(b"\n")
        stored = json.loads(header)
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    seal = _seal(key, body)
    # A plain comparison: the seal is checked on the user's own machine, where a timing
    # side channel tells an attacker nothing they could not read from the key file itself.
    if seal is None or stored.get("mac") != seal:
        return None
    return body


def write_entry(path: str, key: str, body: bytes) -> None:
    """Store atomically (temp file + rename); a cache that cannot be written is skipped. The
    cache folder is :func:`mark` ed by the caller, once."""
    seal = _seal(key, body)
    if seal is None or len(body) > MAX_ENTRY_BYTES:
        return
    header = json.dumps({"key": key, "mac": seal}).encode("ascii")
    try:
        import tempfile

        folder = os.path.dirname(path)
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key[:16]}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(header + b"\n" + body)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        return


def refusal(root: Path) -> str | None:
    """Why ``root`` cannot be the cache folder (see :func:`mark`), or None if it can."""
    if not os.path.lexists(root):
        return None
    if not root.is_dir():
        return "it is not a folder"
    if _is_marked(root):
        return None if _only_authlint_entries(root) else "it holds files authlint did not write"
    try:
        if os.listdir(root):
            return "it is not empty and not an authlint cache"
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    return None


def mark(root: Path) -> bool:
    """Make ``root`` authlint's cache (CACHEDIR.TAG, README, a .gitignore of ``*``); False, and
    then nothing is cached, if it cannot be created or is somebody's folder.

    Only a folder authlint creates, an empty one, or one that holds nothing but an authlint
    cache is marked: a ``cache-dir`` naming a folder of drafts (or ``.``) must never get a
    ``.gitignore`` that hides its files from git, nor become something ``clean`` removes.
    """
    if refusal(root) is not None:
        return False
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    for name, text in _MARKS.items():
        target = root / name
        if not os.path.lexists(target):
            try:
                with open(target, "x", encoding="utf-8") as fh:
                    fh.write(text)
            except OSError:
                pass
    return True
