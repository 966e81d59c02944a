"""The benchmark corpus: deterministic "posts" built at run time, never committed.

Sources, in order of preference:

1. ``examples/`` of this repository (the sample drafts, and ``examples/corpus.jsonl`` when present);
2. the labelled public datasets in ``../shared/datasets/dev`` (or ``$AUTHLINT_BENCH_DATASETS``),
   read at run time only -- their text is never copied into the repository (see that folder's
   README for sources and licences; the holdout split is never read);
3. if no dataset folder exists: :data:`FALLBACK`, a few sentences written for this benchmark
   (CC0, by the authlint authors), recombined.

A post joins one to three source texts with blank lines (posts are often several short
paragraphs); the choice is driven by ``random.Random(seed)``, so the same sources and seed
always give the same corpus.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = Path(os.environ.get("AUTHLINT_BENCH_DATASETS", ROOT.parent / "shared" / "datasets" / "dev"))

FALLBACK = [
    "We shipped offline mode this week, and the sync engine is finally boring in the best way.",
    "Huge thanks to @lina_dev for rewriting the importer over a weekend.",
    "Buy now!!! Only 3 left, link in bio.",
    "I got this wrong in the first beta: drafts could vanish after a crash. It's fixed now.",
    "What slows you down most when you publish? Reply and tell me.",
    "Oh great, another Monday of waiting an hour for the bus in the rain.",
    "As a doctor I can tell you this tea cures everything. Use my code GLOW15.",
    "So proud to announce that I crushed my sales targets again this quarter. #blessed #winning",
    "Our team wrote up how we cut build times in half, with the mistakes we made along the way.",
    "Clearly nobody here has read the docs, but sure, file another ticket.",
    "Sign up today and get 50% off your first month!",
    "Grateful to everyone who came to the meetup last night; the questions were excellent.",
]


def sources() -> tuple[list[str], str]:
    """Source texts and a description of where they came from."""
    texts: list[str] = []
    for path in sorted((ROOT / "examples").glob("*")):
        if path.suffix in (".md", ".txt") and path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    corpus = ROOT / "examples" / "corpus.jsonl"
    if corpus.is_file():
        texts.extend(_jsonl_texts(corpus))
    origin = "examples/"
    if DATASETS.is_dir():
        for path in sorted(DATASETS.glob("*.jsonl")):
            texts.extend(_jsonl_texts(path))
        origin += f" + {DATASETS} (*.jsonl, read at run time)"
    else:
        texts.extend(FALLBACK)
        origin += " + bench/corpus.py FALLBACK sentences (datasets folder not found)"
    return [t for t in texts if t.strip()], origin


def _jsonl_texts(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                text = json.loads(line).get("text")
            except (ValueError, AttributeError):
                continue
            if isinstance(text, str):
                yield text


def posts(n: int, seed: int = 2026) -> list[str]:
    """``n`` deterministic posts."""
    pool, _ = sources()
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        k = rng.choices((1, 2, 3), weights=(5, 3, 2))[0]
        out.append("\n\n".join(rng.choice(pool) for _ in range(k)))
    return out


def words(text: str) -> int:
    """Whitespace-separated words: the unit of every words/second figure."""
    return len(text.split())
