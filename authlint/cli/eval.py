"""``authlint eval``: measure the selected rules on labelled JSONL posts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from authlint.cli.common import EXIT_CLEAN, fail
from authlint.engine.linter import Linter
from authlint.errors import AuthlintError
from authlint.report.evaluate import Evaluation, Scored, categories_for, evaluate, read_rows
from authlint.report.scoring import BANDS, PENALTY_CATEGORIES
from authlint.settings.config import Config, load_config


@click.command(name="eval")
@click.argument("corpora", nargs=-1, required=True)
@click.option("--category", default=None, help="Category a file's 0/1 'label' is about (e.g. snark).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--top", type=click.IntRange(0), default=5, show_default=True,
              help="How many worst false positives / negatives to show per category.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra folder of YAML rules (repeatable).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file to use.")
def eval_command(corpora: tuple[str, ...], category: str | None, fmt: str, top: int,
                 rule_dirs: tuple[str, ...], config_path: str | None) -> None:
    """Measure rules on labelled CORPORA (JSONL rows with text and labels, or label + --category)."""
    try:
        rows = [row for path in corpora for row in read_rows(path, category)]
        config = load_config(config_path) if config_path else Config()
        if rule_dirs:
            config = config.replace(rules=[*config.rules, *map(Path, rule_dirs)])
        linter = Linter(config)
        known_categories = sorted({r.category for r in linter.rules})
        if category is not None and category not in known_categories:
            raise AuthlintError(f"unknown --category {category!r}; known: {', '.join(known_categories)}")
        known = list(PENALTY_CATEGORIES)
        result = evaluate(rows, linter.check_many(r.text for r in rows), categories_for(rows, known), top)
    except AuthlintError as exc:
        fail(str(exc))
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(result))
    sys.exit(EXIT_CLEAN)


def render_text(result: Evaluation) -> str:
    """A human-readable report: the table first, then the examples to look at."""
    out = [f"{result.rows} posts", "", f"{'category':<16}{'support':>8}{'P':>7}{'R':>7}{'F1':>7}{'FP':>6}{'FN':>6}"]
    for name, st in result.categories.items():
        out.append(f"{name:<16}{st.tp + st.fn:>8}{st.precision:>7.3f}{st.recall:>7.3f}{st.f1:>7.3f}{st.fp:>6}{st.fn:>6}")
    if result.clean_total:
        out += ["", f"clean posts with a warning: {result.clean_flagged}/{result.clean_total} "
                    f"({result.clean_false_alarm_rate:.1%})"]
    out += ["", "score by label:"]
    for label, d in result.scores.items():
        out.append(f"  {label:<16} n={d['n']:<5g} mean={d['mean']:<6g} min={d['min']:<5g} "
                   f"p10={d['p10']:<5g} median={d['median']:<5g} p90={d['p90']:<5g} max={d['max']:g}")
    out += ["", "score bands by label (>= 90 ready, 70-89 second look, < 70 rewrite):",
            f"  {'label':<16}" + "".join(f"{name:>13}" for _, name in BANDS)]
    for label, counts in result.bands.items():
        out.append(f"  {label:<16}" + "".join(f"{counts[name]:>13}" for _, name in BANDS))
    for title, items in (("worst false positives", result.false_positives),
                         ("worst false negatives", result.false_negatives)):
        for name, found in items.items():
            out += ["", f"{title} ({name}):"]
            out += [_example(s) for s in found]
    return "\n".join(out)


def _example(s: Scored) -> str:
    text = " ".join(s.row.text.split())
    text = text if len(text) <= 100 else text[:97] + "..."
    rules = ",".join(s.rules) or "-"
    return f"  {s.score:>5g}  [{rules}]  {s.row.source}:{s.row.id}  {text}"
