"""``make models``: train the models authlint ships (authlint/data/models/) and the research model.

* ``default`` (shipped): one column per penalising category, trained on the dev split of the
  sources whose licence allows distributing a derived model (bench/learnsets.py), the dev part
  of examples/corpus.jsonl and the dev ordinary-post pool; calibrated on out-of-fold scores of
  that pool (3 % info band) *beside the hand rules*: ``warn`` is the lowest probability at which
  the model alone warns at most 1 % of the dev pool and the model and the default rules
  together at most ``COMBINED_BUDGET`` (1.5 %, a margin under issue 15's 2 %) in its category.
* ``research`` (never shipped, written to bench/.models/research): the same on every dev split,
  licence aside, to show what the licence costs.

Reads ../shared/datasets at build time only; no row is copied into the repository. The same
data gives the same model bytes (SOURCE_DATE_EPOCH fixes the card's date too).
"""


from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import learnsets
from learnsets import CATEGORIES, ROOT, SOURCES, Source

from authlint.detectors.learned.model import Thresholds
from authlint.learn.calibrate import calibrate, round_up, share_flagged, threshold_beside
from authlint.learn.card import model_card
from authlint.learn.data import label_data
from authlint.learn.store import write_model
from authlint.learn.train import LabelData, TrainConfig, Trained, measure, train
from authlint.report.evaluate import Row, predicted_categories

SHIPPED_DIR = ROOT / "authlint" / "data" / "models" / "default"
RESEARCH_DIR = HERE / ".models" / "research"
#: The learned rules; "rules" in the benchmarks means the default rules without them.
CLASSIFIER_RULES = ("SEL190", "SNK190", "PRO190", "IMP190")
#: Share of the dev ordinary-post pool that rules and model together may warn per category.
COMBINED_BUDGET = 0.015


def training_set(sources: Sequence[Source], split: str = "dev",
                 categories: Sequence[str] = CATEGORIES) -> tuple[list[Row], dict[str, LabelData], dict[str, int]]:
    """Rows (the sources' rows of ``split``, the corpus's, the pool's and the other ordinary
    posts), per-label training data (the pool marked for calibration) and rows per file."""
    rows: list[Row] = []
    counts: dict[str, int] = {}

    def add(name: str, found: list[Row]) -> None:
        counts[name] = counts.get(name, 0) + len(found)
        rows.extend(found)

    for source in sources:
        add(_shown(learnsets.source_path(split, source.stem)), learnsets.rows_of(split, source))
    for source in sources:  # spam that is no scam (and the reverse) teaches the two models apart
        for target in learnsets.CROSS_NEGATIVES.get(source.stem, ()):
            if target in categories:
                add(f"{_shown(learnsets.source_path(split, source.stem))} positives as {target} negatives",
                    [Row(r.source, r.id, r.text, frozenset(), frozenset({target}))
                     for r in learnsets.rows_of(split, source) if r.labels])
    add(_shown(learnsets.CORPUS) + f" ({split} part)", learnsets.corpus_rows(split))
    start = len(rows)
    pool = learnsets.pool_rows(split)
    add(f"ordinary-post pool ({split})", pool)
    pool_index = range(start, start + len(pool))
    add(f"GoEmotions rows with the emotion ({split})", learnsets.ordinary_negatives(split))
    return rows, label_data(rows, categories, pool=pool_index), counts


def rule_predictions(texts: Sequence[str]) -> dict[str, frozenset[str]]:
    """Categories each text gets a warning in from the default rules minus the learned ones."""
    from authlint import Linter

    linter = Linter({"ignore": list(CLASSIFIER_RULES)}, claims=False)
    unique = list(dict.fromkeys(texts))
    return {t: predicted_categories(r) for t, r in zip(unique, linter.check_many(unique))}


def calibrate_beside_rules(trained: Trained, texts: Sequence[str], labels: dict[str, LabelData],
                           config: TrainConfig) -> dict[str, dict[str, float]]:
    """Re-set each label's ``warn`` threshold so the model warns only what the budget leaves
    beside the rules (:func:`authlint.learn.calibrate.threshold_beside`), on out-of-fold scores
    of the dev pool; the card's held-out metrics are re-measured at it. Returns, per label, the
    dev-pool shares (rules, model, both) at the new threshold for the card."""
    pool_rows = sorted({i for data in labels.values() for i in data.pool})
    rules = rule_predictions([texts[i] for i in pool_rows])
    report: dict[str, dict[str, float]] = {}
    for label in trained.labels:
        data, oof = labels[label], trained.oof[label]
        pool = [i for i in data.pool if i in oof]
        scores = [oof[i] for i in pool]
        flagged = [label in rules[texts[i]] for i in pool]
        warn = round_up(threshold_beside(scores, flagged, config.budget, COMBINED_BUDGET))
        info = calibrate(scores, config.budget, config.info_budget).info
        trained.thresholds[label] = Thresholds(warn, min(warn, info))
        trained.metrics[label] = measure(data.y, [oof[i] for i in data.rows], warn, scores)
        both = [f or s >= warn for s, f in zip(scores, flagged)]
        report[label] = {"rules": round(sum(flagged) / len(pool), 4), "model": round(share_flagged(scores, warn), 4),
                         "combined": round(sum(both) / len(pool), 4), "pool": len(pool), "warn": warn}
    return report


def _shown(path: Path) -> str:
    return os.path.relpath(path, ROOT)


def build(sources: Sequence[Source], out: Path, name: str, config: TrainConfig | None = None) -> Trained:
    config = config or TrainConfig()
    rows, labels, counts = training_set(sources)
    texts = [r.text for r in rows]
    trained = train(texts, labels, config)
    notes = _notes(name, sources, counts)
    notes["calibrated_beside_rules"] = {
        "combined_budget": COMBINED_BUDGET, "model_budget": config.budget,
        "dev_pool_shares": calibrate_beside_rules(trained, texts, labels, config),
    }
    files = [*sorted({learnsets.source_path("dev", s.stem) for s in sources}), learnsets.CORPUS]
    card = model_card(trained, files, {}, config, notes=notes)
    for entry in card["data"]:
        entry["file"] = _shown(Path(entry["file"]))
        entry["rows"] = sum(v for k, v in counts.items() if k.startswith(entry["file"]))
    write_model(out, trained, card)
    return trained


def _notes(name: str, sources: Sequence[Source], counts: dict[str, int]) -> dict[str, Any]:
    return {
        "name": name,
        "shipped": name == "default",
        "sources": [{"file": f"{s.stem}.jsonl", "category": s.category, "licence": s.licence} for s in sources]
        + [{"file": "examples/corpus.jsonl (dev part)", "category": "all", "licence": "the project's own"},
           {"file": "p_connection_*goemotions*.jsonl (ordinary posts)", "category": "negatives", "licence": "Apache-2.0"}],
        "rows_by_part": counts,
        "ordinary_pool": "label-0 rows of p_connection_*goemotions*, label-0 (clean) Janitr rows, clean posts of "
                         "examples/corpus.jsonl; dev split; thresholds set on out-of-fold scores of it",
        "built_by": "make models (bench/models.py)",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--research", action="store_true", help="also build the research model (all dev splits)")
    args = parser.parse_args(argv)
    if not learnsets.available():
        print(f"models: no datasets at {learnsets.DATASETS}; nothing built", file=sys.stderr)
        return 2
    shipped = [s for s in SOURCES if s.shipped]
    trained = build(shipped, SHIPPED_DIR, "default")
    _summary("default", trained)
    if args.research:
        trained = build(SOURCES, RESEARCH_DIR, "research")
        _summary("research", trained)
    return 0


def _summary(name: str, trained: Trained) -> None:
    for label, m in trained.metrics.items():
        t = trained.thresholds[label]
        print(f"{name:<9}{label:<16}+{m.positives:<5}-{m.negatives:<6}P {m.precision:.3f} R {m.recall:.3f} "
              f"F1 {m.f1:.3f} AUC {m.roc_auc:.3f} pool {m.pool_flagged:.1%}  warn {t.warn:.3f} info {t.info:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
