"""Labelled posts written for the learn tests (never dataset rows): hard-sell pitches vs ordinary updates."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

PITCH_OPENERS = ["Buy my course now", "Grab my ebook today", "Order the starter kit now", "Get my masterclass now",
                 "Join my paid program today", "Sign up for my coaching now"]
PITCH_HOOKS = ["50% off, only 3 spots left!!", "limited offer, link in bio!", "use code SAVE20 at checkout!",
               "last chance, price goes up tonight!"]
UPDATE_OPENERS = ["Went for a walk by the river", "Fixed the flaky test in the importer", "Read a good paper on caching",
                  "Our team met the new interns", "Cooked dinner with my sister", "Spent the morning on code review"]
UPDATE_TAILS = ["and it was a quiet afternoon.", "and learned a lot from it.", "which took longer than planned.",
                "before the rain started."]


def pitches() -> list[str]:
    return [f"{a}: {b}" for a, b in itertools.product(PITCH_OPENERS, PITCH_HOOKS)]


def updates() -> list[str]:
    return [f"{a} {b}" for a, b in itertools.product(UPDATE_OPENERS, UPDATE_TAILS)]


def write_labelled(path: Path, label_key: str = "labels", category: str = "self-promotion") -> Path:
    """A JSONL file the way `authlint eval` reads it: 24 pitches, 24 ordinary updates."""
    lines = []
    for text in pitches():
        lines.append({"text": text, label_key: [category] if label_key == "labels" else 1})
    for text in updates():
        lines.append({"text": text, label_key: [] if label_key == "labels" else 0})
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path
