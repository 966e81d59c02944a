"""One post on its way through the engine: the record that replaces per-field queues kept in step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from authlint.settings.profile import AuthorProfile


@dataclass(frozen=True)
class Post:
    """A text to check with what varies per post: its platform and who really wrote it."""

    text: str
    platform: str | None = None
    """A platform name or alias; None: the config's platform (if any)."""
    author: AuthorProfile | None = None
    """The resolved author profile; None: no profile (rules that need one do not match)."""
