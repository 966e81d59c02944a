"""Turn a rule's suggestion specs into concrete suggestions for one match."""

from __future__ import annotations

import string
from collections.abc import Mapping

from authlint.ruleset.schema import Rule, Suggestion, SuggestionSpec


class _Placeholders(dict[str, str]):
    """Unknown placeholders render as themselves, so a missing capture never crashes."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: Mapping[str, str]) -> str:
    return string.Formatter().vformat(template, (), _Placeholders(values))


def match_case(replacement: str, original: str) -> str:
    """Carry the original's capitalisation over to a swapped-in word."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _replacement(spec: SuggestionSpec, values: Mapping[str, str]) -> str | None:
    if spec.replacement is not None:
        return render(spec.replacement, values)
    if spec.swap is not None:
        matched = values["match"]
        lookup = {k.lower(): v for k, v in spec.swap.items()}
        target = lookup.get(" ".join(matched.lower().split()))
        return match_case(target, matched) if target is not None else None
    return None


def _lacks(template: str, values: Mapping[str, str]) -> bool:
    return any(f is not None and f not in values for _, f, _, _ in string.Formatter().parse(template))


def suggestions_for(rule: Rule, values: Mapping[str, str]) -> list[Suggestion]:
    """Concrete suggestions; a fix whose swap has no entry for this text degrades to advice."""
    out: list[Suggestion] = []
    for i, spec in enumerate(rule.suggestions):
        if spec.replacement is not None and _lacks(spec.replacement, values):
            continue  # a fix naming a capture this match lacks (e.g. no rewrite exists) is not offered
        if i and _lacks(spec.template, values):
            continue  # nor advice about a capture it lacks (the first suggestion always renders)
        replacement = _replacement(spec, values)
        applicability = spec.applicability if replacement is not None else "display"
        out.append(Suggestion(text=render(spec.template, values), replacement=replacement, applicability=applicability))
    return out
