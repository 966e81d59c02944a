"""Model-family comparison (issue 15): spaCy ``textcat_multilabel`` vs authlint's hashed linear model.

Both learn from the same rows: every dev split (the research set of bench/learnsets.py, licence
aside), the dev part of the corpus and the dev ordinary-post pool. A row of a category's source
file carries only that category's label (the others are *missing*, which spaCy's multilabel
loss masks, and the linear model never sees). spaCy trains with ``spacy train`` and
bench/textcat/bow.cfg on the rows whose text hash is not in fold 0; fold 0 is its dev set and
the calibration set: the threshold is where at most 1 % of fold 0's ordinary posts are flagged
(the linear model uses out-of-fold scores of the whole dev pool instead; both never see a
holdout row). Both are measured on every source's holdout split: ROC AUC, and P / R / F1 at
the calibrated threshold. Results: bench/textcat.json (docs/quality.md quotes them).
"""


from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import learnsets
from learnsets import CATEGORIES, SOURCES
from models import RESEARCH_DIR, training_set
from quality import stats

from authlint.detectors.learned.model import load_model
from authlint.learn.calibrate import threshold_for
from authlint.learn.train import fold_of

CONFIG = HERE / "textcat" / "bow.cfg"
OUT = HERE / "textcat.json"


def main() -> int:
    import spacy
    from spacy.tokens import DocBin

    t0 = time.perf_counter()
    rows, labels, _ = training_set(SOURCES)
    cats: list[dict[str, float]] = [{} for _ in rows]
    pool_rows: set[int] = set()
    for name, data in labels.items():
        for i, y in zip(data.rows, data.y):
            cats[i][name] = float(y)
        pool_rows |= set(data.pool)
    nlp = spacy.blank("en")
    train_bin, dev_bin = DocBin(), DocBin()
    dev_pool: list[str] = []
    for i, (row, c) in enumerate(zip(rows, cats)):
        doc = nlp.make_doc(row.text)
        doc.cats = c
        if fold_of(row.text, 5) == 0:
            dev_bin.add(doc)
            if i in pool_rows:
                dev_pool.append(row.text)
        else:
            train_bin.add(doc)
    with tempfile.TemporaryDirectory() as tmp:
        train_bin.to_disk(Path(tmp) / "train.spacy")
        dev_bin.to_disk(Path(tmp) / "dev.spacy")
        cmd = [sys.executable, "-m", "spacy", "train", str(CONFIG), "--output", str(Path(tmp) / "out"),
               "--paths.train", str(Path(tmp) / "train.spacy"), "--paths.dev", str(Path(tmp) / "dev.spacy")]
        subprocess.run(cmd, check=True)
        textcat = spacy.load(Path(tmp) / "out" / "model-best")
        train_seconds = time.perf_counter() - t0

        def spacy_scores(texts: list[str], label: str) -> list[float]:
            return [d.cats[label] for d in textcat.pipe(texts, batch_size=256)]

        linear = load_model(RESEARCH_DIR)
        results: dict[str, Any] = {"train_seconds_spacy": round(train_seconds, 1), "sources": {}}
        thresholds = {c: threshold_for(spacy_scores(dev_pool, c), 0.01) for c in CATEGORIES}
        for s in SOURCES:
            holdout = learnsets.rows_of("holdout", s)
            texts = [r.text for r in holdout]
            y = [int(s.category in r.labels) for r in holdout]
            sp = spacy_scores(texts, s.category)
            lin = [linear.probability(t, s.category) for t in texts]
            lin_t = linear.header.thresholds[s.category].warn
            results["sources"][s.stem] = {
                "category": s.category,
                "spacy_bow": stats(y, [x >= thresholds[s.category] for x in sp], sp),
                "linear": stats(y, [x >= lin_t for x in lin], lin),
            }
        pool = [r.text for r in learnsets.pool_rows("holdout")]
        results["pool_warned"] = {
            c: {"spacy_bow": round(sum(x >= thresholds[c] for x in spacy_scores(pool, c)) / len(pool), 4),
                "linear": round(sum(linear.probability(t, c) >= linear.header.thresholds[c].warn for t in pool) / len(pool), 4)}
            for c in CATEGORIES
        }
        probe = "We shipped offline mode this week and the sync engine is finally stable after months of work."
        for name, fn in (("spacy_bow", lambda: textcat(probe)), ("linear", lambda: linear.probability(probe, "snark"))):
            fn()
            start = time.perf_counter()
            for _ in range(200):
                fn()
            results.setdefault("ms_per_post", {})[name] = round((time.perf_counter() - start) / 200 * 1000, 3)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for stem, r in results["sources"].items():
        print(f"{stem:<50} spaCy bow AUC {r['spacy_bow'].get('roc_auc', 0):.3f} F1 {r['spacy_bow']['f1']:.3f} | "
              f"linear AUC {r['linear'].get('roc_auc', 0):.3f} F1 {r['linear']['f1']:.3f}")
    print(json.dumps(results["pool_warned"]), results["ms_per_post"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
