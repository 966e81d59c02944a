"""The cache folder on disk: where it is, its checksummed entries, marking it and removing it.

Shared by the result cache (:mod:`authlint.cache.results`) and the config cache
(:mod:`authlint.cache.settings`). An entry is two lines: a JSON header with its key and the
SHA-256 of the second line, the body. Entries are written to a unique temporary file and
renamed into place, so concurrent runs never see half an entry; a damaged or foreign entry
fails its checksum or key and reads as missing.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from authlint.errors import AuthlintError

DEFAULT_DIR = ".authlint_cache"
_README_HEAD = "This folder is authlint's result cache"  # what `authlint clean` recognises
_README = _README_HEAD + "; it is safe to delete (authlint clean).\n"
#: The Cache Directory Tagging Specification's signature (https://bford.info/cachedir/).
_TAG_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"


class CacheError(AuthlintError):
    """The cache folder cannot be removed (or is not an authlint cache)."""


def cache_folder(configured: Path | None, override: str | Path | None = None) -> Path:
    """Where ``authlint check`` keeps results: ``--cache-dir``, else config ``cache-dir``, else
    ``.authlint_cache`` in the working folder."""
    return Path(override) if override else configured or Path(DEFAULT_DIR)


def clear(folder: Path) -> tuple[int, int] | None:
    """Delete the result cache in ``folder``: (files, bytes) removed, or None if there is none.

    Only a folder authlint marked as its cache (its ``CACHEDIR.TAG`` and ``README``) is
    removed, so a mistyped ``cache-dir`` can never delete someone's files.
    """
    import shutil

    if not os.path.lexists(folder):
        return None
    if folder.is_symlink():
        raise CacheError(f"{folder}: is a symbolic link; not removed")
    if not _is_cache(folder):
        raise CacheError(f"{folder}: not an authlint cache (no CACHEDIR.TAG and README written by authlint); not removed")
    files = size = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            try:
                size += os.lstat(os.path.join(root, name)).st_size
                files += 1
            except OSError:
                pass
    # Moved aside first, so a run writing meanwhile starts a fresh cache instead of racing the removal.
    doomed = folder.with_name(f"{folder.name}.removing-{os.getpid()}")
    try:
        os.replace(folder, doomed)
        shutil.rmtree(doomed)
    except OSError as exc:
        raise CacheError(f"{folder}: cannot remove the cache: {exc.strerror or exc}") from None
    return files, size


def _is_cache(folder: Path) -> bool:
    try:
        tag = (folder / "CACHEDIR.TAG").read_text(encoding="utf-8")
        readme = (folder / "README").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return tag.startswith(_TAG_SIGNATURE) and readme.startswith(_README_HEAD)


def read_entry(path: str, key: str) -> bytes | None:
    """The body of the entry at ``path``: None if missing, unreadable, damaged or for another key.
    An intact checksum proves the body is what authlint wrote, so it needs no validation."""
    try:
        with open(path, "rb") as fh:
            header, _, body = fh.read().partition(b"\n")
        stored = json.loads(header)
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != key or stored.get("sha256") != hashlib.sha256(body).hexdigest():
        return None
    return body


def write_entry(path: str, key: str, body: bytes) -> None:
    """Store atomically (temp file + rename); a cache that cannot be written is skipped. The
    cache folder is :func:`mark` ed by the caller, once."""
    header = json.dumps({"key": key, "sha256": hashlib.sha256(body).hexdigest()}).encode("ascii")
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


def mark(root: Path) -> bool:
    """Create ``root`` and mark it as authlint's cache (CACHEDIR.TAG, README, a .gitignore);
    False if it cannot be created (then nothing is cached)."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    for name, text in (
        ("CACHEDIR.TAG", _TAG_SIGNATURE + "\n# " + _README),
        (".gitignore", "*\n"),
        ("README", _README),
    ):
        target = root / name
        if not target.exists():
            try:
                target.write_text(text, encoding="utf-8")
            except OSError:
                pass
    return True
