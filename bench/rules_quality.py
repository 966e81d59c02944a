"""Rules-only quality on the public labelled files and on a pool of ordinary posts.

Reads ``../shared/datasets/{dev,holdout}/*.jsonl`` at run time (nothing from them is stored in
the repository) and prints, per file, precision / recall / F1 for the file's category, plus the
share of an *ordinary-post pool* that gets a warning in each penalty category. The pool is what
a false alarm costs real writers: the label-0 rows of the GoEmotions connection files, the
label-0 rows of the two Janitr files, and the clean drafts of ``examples/corpus.jsonl``.

    python bench/rules_quality.py --split dev                 # tune on this one
    python bench/rules_quality.py --split holdout --json out.json
    python bench/rules_quality.py --split holdout --compare before.json   # before/after side by side

The numbers are those of ``authlint eval FILE --category CAT`` with a config that ignores the
learned rules (one implementation: :func:`authlint.report.evaluate.evaluate`): rules alone
unless ``--learned``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"
CORPUS = ROOT / "examples" / "corpus.jsonl"
PREFIX_CATEGORY = {"a": "selfishness", "b": "snark", "c": "self-promotion", "d": "impersonation", "p": "connection"}


def category_of(path: Path) -> str:
    """The authlint category a dataset file is about, from its ``a_``/``b_``/... prefix."""
    return PREFIX_CATEGORY[path.name.split("_", 1)[0]]


def in_pool(path: Path) -> bool:
    """Files whose label-0 rows are ordinary posts (not hard negatives of a harm category)."""
    name = path.name
    return (name.startswith("p_connection_") and "goemotions" in name) or "janitr" in name


#: The learned rules (on by default since issue 15's calibration); "rules alone" leaves them out.
LEARNED_RULES = ("SEL190", "SNK190", "PRO190", "IMP190")


def measure(split: str, datasets: Path, show: frozenset[str] = frozenset(), learned: bool = False) -> dict[str, Any]:
    from authlint import Linter
    from authlint.report.evaluate import evaluate, predicted_categories, read_rows
    from authlint.report.scoring import PENALTY_CATEGORIES

    linter = Linter(None if learned else {"ignore": list(LEARNED_RULES)}, claims=False)
    files: dict[str, Any] = {}
    pool: list[tuple[str, Any]] = []  # (origin, report)
    for path in sorted((datasets / split).glob("*.jsonl")):
        category = category_of(path)
        rows = read_rows(path, category)
        reports = list(linter.check_many(r.text for r in rows))
        stats = evaluate(rows, reports, [category], top=0).categories[category]
        negatives = [rep for row, rep in zip(rows, reports, strict=True) if not row.labels]
        flagged = sum(category in predicted_categories(rep) for rep in negatives)
        files[path.stem] = {**stats.as_dict(), "category": category,
                            "neg_flagged": round(flagged / len(negatives), 4) if negatives else 0.0}
        if show and split == "dev":  # tuning aid; never used on holdout rows
            for row, rep in zip(rows, reports, strict=True):
                hits = [f for f in rep.findings if f.rule in show]
                if hits:
                    print(f"[{path.stem} label={int(bool(row.labels))}] {', '.join(f'{f.rule}:{f.text!r}' for f in hits)} :: {row.text[:140]!r}", file=sys.stderr)
        if in_pool(path):
            pool += [(path.stem, rep) for rep in negatives]
    corpus_rows = [r for r in read_rows(CORPUS) if not r.labels]
    pool += [("corpus", rep) for rep in linter.check_many(r.text for r in corpus_rows)]
    if show:
        for origin, rep in pool:
            hits = [f for f in rep.findings if f.rule in show]
            if hits:
                print(f"[pool {origin}] {', '.join(f'{f.rule}:{f.text!r}' for f in hits)}", file=sys.stderr)
    warned: dict[str, Any] = {}
    for category in PENALTY_CATEGORIES:
        hits = [rep for _, rep in pool if category in predicted_categories(rep)]
        rules = Counter(f.rule for rep in hits for f in rep.findings
                        if f.category == category and f.severity.rank >= 1)
        warned[category] = {"warned": len(hits), "share": round(len(hits) / len(pool), 4),
                            "rules": dict(rules.most_common())}
    return {"split": split, "files": files, "pool": {"size": len(pool), "categories": warned}}


def render(now: dict[str, Any], before: dict[str, Any] | None) -> str:
    out = [f"## {now['split']}", "", "| file | category | P | R | F1 | neg. flagged |" + (" before P / R / F1 | ΔF1 |" if before else ""),
           "|---|---|---|---|---|---|" + ("---|---|" if before else "")]
    for name, s in now["files"].items():
        line = f"| {name} | {s['category']} | {s['precision']:.3f} | {s['recall']:.3f} | **{s['f1']:.3f}** | {s['neg_flagged']:.1%} |"
        if before and name in before["files"]:
            b = before["files"][name]
            line += f" {b['precision']:.3f} / {b['recall']:.3f} / {b['f1']:.3f} | {s['f1'] - b['f1']:+.3f} |"
        out.append(line)
    pool = now["pool"]
    out += ["", f"Ordinary-post pool ({pool['size']} posts): share warned per category", "",
            "| category | warned | share |" + (" before |" if before else "") + " rules |",
            "|---|---|---|" + ("---|" if before else "") + "---|"]
    for category, s in pool["categories"].items():
        line = f"| {category} | {s['warned']} | {s['share']:.2%} |"
        if before:
            b = before["pool"]["categories"].get(category)
            line += f" {b['share']:.2%} |" if b else " |"
        rules = ", ".join(f"{r} {n}" for r, n in s["rules"].items())
        out.append(line + f" {rules} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "holdout"], default="dev")
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--compare", type=Path, help="a --json file of an earlier run to show beside")
    parser.add_argument("--learned", action="store_true", help="keep the learned *190 rules on (default: rules alone)")
    parser.add_argument("--show", default="", help="dev only: print (to stderr) the rows these comma-separated rules fire on")
    args = parser.parse_args(argv)
    if not (args.datasets / args.split).is_dir():
        print(f"rules_quality: error: no datasets at {args.datasets / args.split}", file=sys.stderr)
        return 2
    show = frozenset(filter(None, args.show.split(",")))
    if show and args.split != "dev":
        print("rules_quality: error: --show is for dev only (holdout rows are never read for tuning)", file=sys.stderr)
        return 2
    now = measure(args.split, args.datasets, show, args.learned)
    before = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None
    if args.json:
        temp = args.json.with_suffix(args.json.suffix + ".tmp")
        with open(temp, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(now, indent=1) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, args.json)
    print(render(now, before))
    return 0


if __name__ == "__main__":
    sys.exit(main())
