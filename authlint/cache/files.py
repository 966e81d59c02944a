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

A folder's index is text, one line per file: its signature, its name and its payload as JSON,
separated by tabs. A payload is decoded only when its file is looked up, so reading an index
makes a few strings per file (which the cyclic garbage collector never visits) instead of
every dict and list of every report, and a looked-up report lives only as long as its output
line. Decoding whole indexes up front kept all of them alive for the run, and the collector's
repeated scans of them were a fifth of a cached re-run of 10,000 posts. Saving a folder writes
the untouched lines back as they were read.

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

INDEX_FORMAT = "2"
"""Version of a folder index's layout (2: a line per file, the payload as JSON text)."""

RACY_SECONDS = 2.0
"""Files modified this recently before a run started are not indexed (coarse timestamps)."""


def signature(st: os.stat_result) -> str:
    """What a change to a file changes (ctime cannot be set back, unlike mtime)."""
    return f"{st.st_size},{st.st_mtime_ns},{st.st_ctime_ns},{st.st_ino},{st.st_dev}"


def _encode_name(name: str) -> str:
    """A file name as an index field: as it is, or as a JSON string if it holds a tab, a line
    break or a backslash, or starts with a quote (so a field that starts with one is JSON)."""
    if name.startswith('"') or any(c in name for c in "\t\n\r\\"):
        return json.dumps(name)
    return name


def _decode_name(field: str) -> str | None:
    if not field.startswith('"'):
        return field
    try:
        name = json.loads(field)
    except ValueError:
        return None
    return name if isinstance(name, str) else None


def parse_index(body: bytes) -> dict[str, tuple[str, str]]:
    """A folder index's lines as {name: (signature, payload JSON)}; a malformed line is
    skipped (that file is a miss, checked again)."""
    entries: dict[str, tuple[str, str]] = {}
    for line in body.decode("utf-8", "surrogatepass").split("\n"):
        fields = line.split("\t", 2)
        if len(fields) == 3 and (name := _decode_name(fields[1])) is not None:
            entries[name] = (fields[0], fields[2])
    return entries


def format_index(entries: dict[str, tuple[str, str]]) -> bytes:
    """The text of a folder index (see :func:`parse_index`), in name order."""
    lines = [f"{sig}\t{_encode_name(name)}\t{payload}" for name, (sig, payload) in sorted(entries.items())]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


class FileIndex:
    """Finished results of post files under one namespace, stored one entry per folder."""

    def __init__(self, root: str | os.PathLike[str], space: str, started_ns: int | None = None) -> None:
        """``root``: the cache folder; ``space``: what every result depends on besides the file
        (see :func:`index_space`); ``started_ns``: when the run started (racy files, above)."""
        self.root = os.fspath(root)
        self.space = space
        self._folder = os.path.join(self.root, space)
        self._started = time.time_ns() if started_ns is None else started_ns
        self._folders: dict[str, dict[str, tuple[str, str]]] = {}  # folder -> {name: (signature, payload JSON)}
        self._dirty: set[str] = set()

    def _key(self, folder: str) -> str:
        return digest("file-index", FORMAT, INDEX_FORMAT, self.space, folder)

    def _path(self, key: str) -> str:
        return os.path.join(self._folder, key[:2], f"{key}.entry")

    def _entries(self, folder: str) -> dict[str, tuple[str, str]]:
        entries = self._folders.get(folder)
        if entries is None:
            key = self._key(folder)
            body = read_entry(self._path(key), key)
            try:
                entries = parse_index(body) if body is not None else {}
            except UnicodeDecodeError:
                entries = {}
            self._folders[folder] = entries
        return entries

    def get(self, path: str, st: os.stat_result) -> dict[str, Any] | None:
        """The payload stored for ``path`` (absolute) if its stat is still ``st``'s, else None."""
        text = self.payload_text(*os.path.split(path), st)
        if text is None:
            return None
        try:
            payload = json.loads(text)
        except ValueError:
            return None
        return payload if isinstance(payload, dict) else None

    def payload_text(self, folder: str, name: str, st: os.stat_result) -> str | None:
        """The payload of file ``name`` in ``folder`` (absolute) as stored (JSON text), if its
        stat is still ``st``'s: many posts share one payload text (every clean post of a
        platform), so a caller can decode each distinct text once."""
        entry = self._entries(folder).get(name)
        if entry is None or entry[0] != signature(st):
            return None
        return entry[1]

    def put(self, path: str, st: os.stat_result, payload: dict[str, Any]) -> None:
        """Remember ``payload`` for ``path`` as of ``st`` (taken before the file was read)."""
        folder, name = os.path.split(path)
        entries = self._entries(folder)
        if self._racy(st):
            if entries.pop(name, None) is not None:
                self._dirty.add(folder)
            return
        entries[name] = (signature(st), json.dumps(payload, separators=(",", ":")))  # ASCII: no tab or line break
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
            write_entry(self._path(key), key, format_index(self._folders[folder]))
        self._dirty.clear()


def index_space(result_namespace: str, *options: Any) -> str:
    """The index namespace: the result cache's (``result_namespace``) plus every run option a
    finished result depends on besides the file (overrides, input options), as their reprs."""
    return digest("files", result_namespace, *(repr(o) for o in options))[:32]
