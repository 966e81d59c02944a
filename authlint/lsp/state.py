"""What the server knows about each open document: its latest version and its last result.

Kept apart from the handlers so the staleness rule lives in one place: a result is recorded
(and published) only if it is for the document's newest version and no newer result was
recorded before it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from authlint.io.source import Kind
from authlint.lsp.configs import ConfigProblem
from authlint.lsp.lint import Checked
from authlint.lsp.positions import PositionMap

if TYPE_CHECKING:
    from authlint.engine.linter import Linter


@dataclass(frozen=True)
class Outcome:
    """One check of one version of a document."""

    uri: str
    version: int
    kind: Kind
    path: Path | None
    positions: PositionMap
    checked: Checked | None = None
    problem: ConfigProblem | None = None
    failure: str | None = None
    """An unexpected error (a bug): reported on the document, never a crashed server."""
    linter: Linter | None = None
    """The Linter that checked it: hover and code actions read its rules, never a newer one's."""


class Documents:
    """Latest known version and last recorded outcome per open document (thread-safe)."""

    def __init__(self) -> None:
        self._latest: dict[str, int] = {}
        self._results: dict[str, Outcome] = {}
        self._lock = threading.Lock()

    def saw(self, uri: str, version: int) -> None:
        """The client sent ``version`` of ``uri`` (open or change)."""
        with self._lock:
            self._latest[uri] = max(version, self._latest.get(uri, version))

    def is_current(self, uri: str, version: int) -> bool:
        with self._lock:
            return self._latest.get(uri) == version

    def record(self, outcome: Outcome) -> bool:
        """Keep ``outcome`` if it is for the newest version and not older than the one kept; True if kept."""
        with self._lock:
            if self._latest.get(outcome.uri) != outcome.version:
                return False
            kept = self._results.get(outcome.uri)
            if kept is not None and kept.version > outcome.version:
                return False
            self._results[outcome.uri] = outcome
            return True

    def result(self, uri: str) -> Outcome | None:
        """The last outcome, if it is for the newest version (never a stale one)."""
        with self._lock:
            kept = self._results.get(uri)
            return kept if kept is not None and self._latest.get(uri) == kept.version else None

    def close(self, uri: str) -> None:
        with self._lock:
            self._latest.pop(uri, None)
            self._results.pop(uri, None)

    def open_uris(self) -> list[str]:
        with self._lock:
            return list(self._latest)


__all__ = ["Documents", "Outcome"]
