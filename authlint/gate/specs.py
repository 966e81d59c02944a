"""What one spaCy Matcher token spec says about the token's text, read from the spec alone
(no model): its literal values, its text requirement, and whether it must match at all."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from authlint.gate.algebra import Requirement

# Matcher attributes whose literal values name the token's text (case folded below).
TEXT_ATTRS = frozenset({"ORTH", "TEXT", "LOWER"})
_REPEAT = re.compile(r"^\{(\d*)(?:,(\d*))?\}$")


def literals(value: Any) -> list[str] | None:
    """The literal strings a Matcher value can equal: ``"buy"`` or ``{IN: [...]}``; else None."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping) and isinstance(value.get("IN"), list):
        items = value["IN"]
        if all(isinstance(v, str) for v in items):
            return list(items)
    return None


def text_requirement(spec: Mapping[str, Any]) -> Requirement | None:
    """The lower-cased texts a token matching ``spec`` must have, from its ORTH/TEXT/LOWER values
    (the narrowest of them); None when it names no text."""
    found: list[Requirement] = []
    for key, value in spec.items():
        if str(key).upper() in TEXT_ATTRS:
            values = literals(value)
            if values is not None:
                found.append(frozenset(v.lower() for v in values))
    return min(found, key=len) if found else None


def required(spec: Mapping[str, Any]) -> bool:
    """Whether a token spec must match at least one token (its ``OP`` allows no zero count)."""
    op = spec.get("OP")
    if op is None or op in ("+", "1"):
        return True
    if op in ("!", "?", "*"):
        return False
    m = _REPEAT.match(str(op))
    if m is None:
        return False
    low = m.group(1)
    return bool(low) and int(low) >= 1
