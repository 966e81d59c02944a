"""The file index: a post file that has not changed since the last run is answered from its stat.

The result cache (:mod:`authlint.cache.results`) keys a report by the post's prose, so a hit
still reads the file, parses its front matter and looks up one entry per post: for 10,000 posts
that is most of a re-run. The index remembers, per folder, each post file's stat signature
(size, mtime, ctime, inode, device: what ``git status`` compares) and its *finished* result
(the report after per-file ignores and inline suppressions, and the platform it was checked
for). A file whose signature is unchanged is not parsed at all.

Every part of the result that does not come from the file's bytes comes from the index's
namespace: the result cache's namespace (code, rules, config, model), the run's command-line
overrides and input options. The index is one sealed entry per folder in the cache folder
(:mod:`authlint.cache.store`), written atomically; a damaged, foreign or planted one reads as
empty. Two runs writing at once lose entries (both rewrite the folder's index), never results.

A file changed within :data:`RACY_SECONDS` of being read is not indexed: a second write in the
same timestamp tick with the same size would otherwise keep its signature (git's "racily
clean" entries). Such a file is looked up in the result cache on the next run, as before.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from authlint.cache.results import FORMAT, digest
from authlint.cache.store import mark, read_entry, write_entry

RACY_SECONDS = 2.0
"""Files modified this recently before a run started are not indexed (coarse timestamps)."""


def signature(st: os.stat_result) -> list[int]:
    """What a change to a file changes (ctime cannot be set back, unlike mtime)."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


class FileIndex:
    """Finished results of post files under one namespace, stored one entry per folder."""

    def __init__(self, root: str | os.PathLike[str], space: str, started_ns: int | None = None) -> None:
        """``root``: the cache folder; ``space``: what every result depends on besides the file
        (see :func:`index_space`); ``started_ns``: when the run started (racy files, above)."""
        self.root = os.fspath(root)
        self.space = space
        self._folder = os.path.join(self.root, space)
        self._started = time.time_ns() if started_ns is None else started_ns
        self._folders: dict[str, dict[str, Any]] = {}  # folder -> {name: [signature, payload]}
        self._dirty: set[str] = set()

    def _key(self, folder: str) -> str:
        return digest("file-index", FORMAT, self.space, folder)

    def _path(self, key: str) -> str:
        return os.path.join(self._folder, key[:2], f"{key}.entry")

    def _entries(self, folder: str) -> dict[str, Any]:
        entries = self._folders.get(folder)
        if entries is None:
            key = self._key(folder)
            body = read_entry(self._path(key), key)
            try:
                loaded = json.loads(body) if body is not None else {}
            except ValueError:
                loaded = {}
            entries = self._folders[folder] = loaded if isinstance(loaded, dict) else {}
        return entries

    def get(self, path: str, st: os.stat_result) -> dict[str, Any] | None:
        """The payload stored for ``path`` (absolute) if its stat is still ``st``'s, else None."""
        folder, name = os.path.split(path)
        entry = self._entries(folder).get(name)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == signature(st) and isinstance(entry[1], dict):
            return entry[1]
        return None

    def put(self, path: str, st: os.stat_result, payload: dict[str, Any]) -> None:
        """Remember ``payload`` for ``path`` as of ``st`` (taken before the file was read)."""
        folder, name = os.path.split(path)
        entries = self._entries(folder)
        if self._racy(st):
            if entries.pop(name, None) is not None:
                self._dirty.add(folder)
            return
        entries[name] = [signature(st), payload]
        self._dirty.add(folder)

    def _racy(self, st: os.stat_result) -> bool:
        newest = max(st.st_mtime_ns, st.st_ctime_ns)
        return newest > self._started - int(RACY_SECONDS * 1e9)

    def save(self) -> None:
        """Write every folder whose entries changed (skipped if the cache cannot be written)."""
        if not self._dirty or not mark(Path(self.root)):
            return
        for folder in sorted(self._dirty):
            key = self._key(folder)
            body = json.dumps(self._folders[folder], separators=(",", ":"))  # ASCII: lone surrogates too
            write_entry(self._path(key), key, body.encode("ascii"))
        self._dirty.clear()


def index_space(result_namespace: str, *options: Any) -> str:
    """The index namespace: the result cache's (``result_namespace``) plus every run option a
    finished result depends on besides the file (overrides, input options), as their reprs."""
    return digest("files", result_namespace, *(repr(o) for o in options))[:32]
