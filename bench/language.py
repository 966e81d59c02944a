"""Measure the language guess: foreign posts caught, English posts wrongly flagged, and cost.

Foreign and loanword-heavy English posts: ``tests/data/language/posts.yaml`` (written for
authlint). English posts: every row of ``../shared/datasets/{dev,holdout}/*.jsonl`` (all English
by construction, a few rows are not in fact). Run from the repository root:

    PYTHONPATH=. python bench/language.py [--datasets ../shared/datasets]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import yaml

from authlint.nlp import language_model
from authlint.nlp.language import LanguageDetector

POSTS = Path(__file__).resolve().parent.parent / "tests" / "data" / "language" / "posts.yaml"


def _dataset_texts(folder: Path) -> list[str]:
    return [json.loads(line)["text"] for path in sorted(folder.glob("*.jsonl")) for line in path.open(encoding="utf-8")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
    args = parser.parse_args()
    asked: list[str] = []

    def counting(text: str) -> language_model.Prediction | None:
        asked.append(text)
        return language_model.predict(text)

    both = LanguageDetector.from_file(second_opinion=counting)
    cheap = LanguageDetector.from_file(second_opinion=None)
    data = yaml.safe_load(POSTS.read_text(encoding="utf-8"))
    foreign = [(name, text) for name, texts in data["foreign"].items() for text in texts]
    print(f"foreign posts ({len(data['foreign'])} languages): cheap check "
          f"{sum(not cheap.guess(t).english for _, t in foreign)}/{len(foreign)}, "
          f"with the model {sum(not both.guess(t).english for _, t in foreign)}/{len(foreign)}")
    for name, text in foreign:
        if both.guess(text).english:
            print(f"  missed: {name}: {text[:60]}")
    english = data["english"]
    print(f"English posts with foreign names and loanwords: flagged {sum(not both.guess(t).english for t in english)}/{len(english)}")
    for split in ("dev", "holdout"):
        texts = _dataset_texts(args.datasets / split)
        if not texts:
            continue
        asked.clear()
        flagged_cheap = sum(not cheap.guess(t).english for t in texts)
        start = time.perf_counter()
        flags = [t for t in texts if not both.guess(t).english]
        elapsed = time.perf_counter() - start
        model_start = time.perf_counter()
        for text in asked:
            language_model.predict(text)
        model_each = (time.perf_counter() - model_start) / max(len(asked), 1)
        print(f"{split}: {len(texts):,} English posts: flagged {flagged_cheap} (cheap), {len(flags)} (with the model); "
              f"model asked on {len(asked):,} ({len(asked) / len(texts):.1%}); "
              f"{elapsed / len(texts) * 1e6:.0f} µs a post on average, the model {model_each * 1e6:.0f} µs a call")
        for text in flags:
            print(f"  flagged: {both.guess(text).describe()}: {text[:70]!r}")


if __name__ == "__main__":
    main()
