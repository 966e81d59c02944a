"""How profile- and platform-aware detectors learn who is writing and from which config.

Rules cannot run code and are bound once per Linter. What is the same for every post (the
config's ``disclosure`` lists) is handed over at bind time through :class:`CheckContext`, a
thin immutable wrapper around the analyzer. What varies per post (the author's profile) rides
on that post's Doc (``doc.user_data[AUTHOR_KEY]``), set by the Linter -- the same way the
platform profile does (``authlint.nlp.views.PROFILE_KEY``). No global state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from authlint.gate.literal_scan import LiteralScan
from authlint.nlp.views import active_profile
from authlint.settings.disclosure import DisclosureSettings
from authlint.settings.profile import AuthorProfile

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from authlint.detectors.base import BindContext

AUTHOR_KEY = "authlint_author"


@dataclass(frozen=True)
class CheckContext:
    """An analyzer plus the config settings detectors may read when they bind."""

    base: BindContext
    disclosure: DisclosureSettings = field(default_factory=DisclosureSettings)
    #: One literal scan per haystack for all the rules bound here: the original text, the folded text.
    scans: tuple[LiteralScan, LiteralScan] = field(
        default_factory=lambda: (LiteralScan(), LiteralScan(folded=True)), compare=False, repr=False,
    )

    @property
    def nlp(self) -> Language:
        return self.base.nlp

    def pattern_docs(self, phrases: list[str], attr: str) -> list[Doc]:
        return self.base.pattern_docs(phrases, attr)

    def literal_scan(self, folded: bool) -> LiteralScan:
        """The scan every regex bound here adds its literals to: a post is scanned once for all."""
        return self.scans[folded]

    def __getattr__(self, name: str) -> Any:
        # Anything else the analyzer offers (e.g. stages() for the prefilter gate).
        if name.startswith("__") or name == "base":
            raise AttributeError(name)
        return getattr(self.base, name)


def author_for(doc: Doc) -> AuthorProfile | None:
    """The profile of the post's author, or None when none is configured."""
    return doc.user_data.get(AUTHOR_KEY)


def set_author(doc: Doc, author: AuthorProfile | None) -> None:
    if author is None:
        doc.user_data.pop(AUTHOR_KEY, None)
    else:
        doc.user_data[AUTHOR_KEY] = author


def platform_name(doc: Doc) -> str | None:
    """The post's platform name (set by the Linter from config, front matter or argument)."""
    profile = active_profile(doc)
    return getattr(profile, "name", None)


def literal_scan_of(ctx: Any, folded: bool) -> LiteralScan:
    """The literal scan (of each post's folded or original text) that the detectors bound
    through ``ctx`` share; a context that keeps none (the gate binding its vetoes on the
    analyzer itself) gives each detector a scan of its own."""
    shared = getattr(ctx, "literal_scan", None)
    return shared(folded) if shared is not None else LiteralScan(folded)


def disclosure_of(ctx: Any) -> DisclosureSettings:
    return getattr(ctx, "disclosure", None) or DisclosureSettings()
