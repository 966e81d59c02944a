"""``disclosure``: sponsorship cues and disclosure markers from ``authlint/data/disclosure.yaml``.

Meant for a ``conditional`` rule: ``when`` finds cues, ``unless`` finds markers::

    - type: conditional
      when: {type: disclosure, find: cues, report: placement}
      unless: [{type: disclosure, find: markers}]

``report: placement`` reports the word where the platform expects the disclosure (the first
word, after a reply's leading @mentions) instead of the cue, so the ``fix`` capture is a
one-span replacement that adds the marker ("Loving" -> "#ad Loving"). Captures: ``cue``,
``marker``, ``fix``. Lists are extended from config (``disclosure:``) and the platform
(``--platform``/``platform:``) picks the marker and placement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from authlint.detectors.base import BindContext, DetectorBase, Finder, Match
from authlint.detectors.context import disclosure_of, platform_name
from authlint.detectors.disclosure_rules import DisclosureRules, disclosure_data
from authlint.nlp.views import doc_text_with_urls

if TYPE_CHECKING:
    from spacy.tokens import Doc


class DisclosureDetector(DetectorBase):
    type: Literal["disclosure"] = "disclosure"
    find: Literal["cues", "markers"] = "cues"
    report: Literal["match", "placement"] = "match"

    def bind(self, ctx: BindContext, rule_code: str) -> Finder:
        settings = disclosure_of(ctx)
        compiled: dict[str | None, DisclosureRules] = {}  # per platform, compiled on first use
        want_cues = self.find == "cues"
        placement = self.report == "placement"

        def rules_for(platform: str | None) -> DisclosureRules:
            if platform not in compiled:
                compiled[platform] = DisclosureRules(disclosure_data(), settings, platform)
            return compiled[platform]

        def find(doc: Doc) -> list[Match]:
            rules = rules_for(platform_name(doc))
            text = doc_text_with_urls(doc)  # affiliate tags live in the link itself
            hits = rules.cues(text) if want_cues else rules.markers(text)
            if not hits:
                return []
            if not placement:
                return [Match(h.start, h.end, {"cue" if want_cues else "marker": h.text}) for h in hits]
            where = rules.fix(text)
            if where is None:
                return []
            start, end, replacement = where
            return [Match(start, end, {"cue": hits[0].text, "marker": rules.platform.marker, "fix": replacement})]

        return find
