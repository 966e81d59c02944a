"""Which rules warn on the *dev* ordinary-post pool, on which words (a tuning aid, issue 15/16).

The ordinary-post pool (bench/learnsets.py: clean GoEmotions comments, Janitr ``clean`` X posts,
the project corpus's clean drafts) is where a false alarm costs a real writer. This prints, for
the dev pool only, every warning or error in a penalising category: rule, matched words and the
start of the post, grouped by rule, plus the share of the pool warned per category, with and
without the learned ``*190`` rules. It refuses the holdout split: holdout rows are measured by
bench/quality.py and bench/rules_quality.py, never read to tune a rule.

    python bench/rules_quality_pool.py                  # rules as shipped
    python bench/rules_quality_pool.py --learned        # plus SEL190/SNK190/PRO190/IMP190
    python bench/rules_quality_pool.py --rules SEL101,PRO105 --quiet
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import learnsets
from learnsets import CATEGORIES

LEARNED = ("SEL190", "SNK190", "PRO190", "IMP190")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learned", action="store_true", help="turn the learned *190 rules on")
    parser.add_argument("--rules", default="", help="only print the hits of these comma-separated rules")
    parser.add_argument("--quiet", action="store_true", help="shares only, no hits")
    args = parser.parse_args(argv)
    if not learnsets.available():
        print(f"rules_quality_pool: error: no datasets at {learnsets.DATASETS}", file=sys.stderr)
        return 2
    from authlint import Linter

    config = {"extend-select": list(LEARNED)} if args.learned else {"ignore": list(LEARNED)}
    linter = Linter(config, claims=False)
    pool = learnsets.pool_rows("dev")
    wanted = frozenset(filter(None, args.rules.split(",")))
    hits: dict[str, list[str]] = defaultdict(list)
    warned: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
    any_warned = 0
    for row, report in zip(pool, linter.check_many(r.text for r in pool), strict=True):
        cats = set()
        for f in report.findings:
            if f.category in CATEGORIES and f.severity.rank >= 1:
                cats.add(f.category)
                if not wanted or f.rule in wanted:
                    origin = Path(row.source).stem.replace("p_connection_", "").replace("_goemotions", "")
                    hits[f.rule].append(f"[{origin}] {f.text!r} :: {' '.join(row.text.split())[:160]!r}")
        for c in cats:
            warned[c] += 1
        any_warned += bool(cats)
    if not args.quiet:
        for rule in sorted(hits, key=lambda r: -len(hits[r])):
            print(f"== {rule} ({len(hits[rule])})")
            for line in hits[rule]:
                print("  " + line)
    print(f"dev pool: {len(pool)} posts" + (" (learned rules on)" if args.learned else ""))
    for c in CATEGORIES:
        print(f"  {c:<15} {warned[c]:>4}  {warned[c] / len(pool):.2%}")
    print(f"  {'any':<15} {any_warned:>4}  {any_warned / len(pool):.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
