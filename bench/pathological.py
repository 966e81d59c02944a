"""Timing pathological post shapes: runs of punctuation and emoji at 1, 10 and 100 KB.

spaCy's tokenizer is quadratic on long whitespace-free runs of characters it peels off one
at a time; authlint cuts such runs into bounded pieces (authlint/nlp/long_runs.py). This
script measures, per shape and size, the tokenizer alone (authlint's and spaCy's own, the
latter only up to ``--spacy-max`` characters: it takes minutes beyond) and a whole
``Linter.check``; the table goes to docs/reliability.md. Timing lives here, never in tests
(tests/test_hardening_tokens.py asserts the offsets and findings instead).

    PYTHONPATH=. python bench/pathological.py [--sizes 1000 10000 99999] [--no-check] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time

SHAPES = {
    "!": "!",
    "?!": "?!",
    ".,": ".,",
    "emoji 😀": "😀",
    "family 👩‍👩‍👧": "👩\u200d👩\u200d👧",
    "England flag": "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    "keycap 1️⃣": "1\ufe0f\u20e3",
}


def sample(unit: str, size: int) -> str:
    """``unit`` repeated to ``size`` characters (code points), cut on a unit boundary."""
    return unit * max(1, (size - len("Big news ")) // len(unit))


def timed(fn, *args) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 99_999])
    parser.add_argument("--spacy-max", type=int, default=2_000, help="largest size given to spaCy's own tokenizer")
    parser.add_argument("--no-check", action="store_true", help="time the tokenizer only")
    parser.add_argument("--json", default=None, help="also write the rows here")
    parser.add_argument("--shapes", nargs="+", default=None, help="only these shapes (names as in SHAPES)")
    args = parser.parse_args()

    from authlint import Linter
    from authlint.nlp.long_runs import tokenize

    linter = Linter()
    wrapper = linter.engine.analyzer.nlp.tokenizer
    inner = wrapper.inner
    linter.check("warm up: thanks, all!")
    rows = []
    print(f"{'shape':<16} {'chars':>7} {'authlint tok s':>14} {'spaCy tok s':>11} {'check s':>8} {'findings':>8}")
    from authlint.engine.run import analysis_limit

    for name, unit in SHAPES.items():
        if args.shapes and name not in args.shapes:
            continue
        for size in args.sizes:
            text = "Big news " + sample(unit, size)
            ours = timed(tokenize, inner, text)
            theirs = timed(inner, text) if len(text) <= args.spacy_max else None
            check = findings = None
            if not args.no_check:
                started = time.perf_counter()
                report = linter.check(text)
                check, findings = time.perf_counter() - started, len(report.findings)
            rows.append({"shape": name, "chars": len(text), "tokenize_s": round(ours, 4),
                         "spacy_tokenize_s": round(theirs, 4) if theirs is not None else None,
                         "check_s": round(check, 3) if check is not None else None, "findings": findings,
                         "analysis_bound_s": analysis_limit(len(text))})
            print(f"{name:<16} {len(text):>7} {ours:>14.4f} {theirs if theirs is not None else '-':>11} "
                  f"{check if check is not None else '-':>8} {findings if findings is not None else '-':>8}", flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, indent=2, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
