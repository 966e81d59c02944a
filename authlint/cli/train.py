"""``authlint train``: a team's own model from its own labelled posts, for ``classifier`` rules."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from authlint.cli.common import EXIT_CLEAN, fail
from authlint.errors import AuthlintError


@click.command(name="train")
@click.argument("corpora", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Folder to write the model to (a classifier rule's `model:` points at it).")
@click.option("--category", default=None, help="Category a file's 0/1 'label' is about (e.g. snark).")
def train_command(corpora: tuple[str, ...], out: str, category: str | None) -> None:
    """Train a model from labelled CORPORA (the JSONL `authlint eval` reads: text and labels,
    or label + --category) and write it, its calibrated thresholds and a model card to --out."""
    from authlint.learn.build import train_files
    from authlint.learn.train import TooLittleData

    try:
        card = train_files([Path(p) for p in corpora], Path(out), category)
    except (AuthlintError, TooLittleData) as exc:
        fail(str(exc))
    for name, info in card["labels"].items():
        held = info["held_out"]
        auc = "n/a" if held["roc_auc"] is None else f"{held['roc_auc']:.3f}"
        click.echo(
            f"{name:<16} {info['rows']['positive']:>5} positive {info['rows']['negative']:>5} negative  "
            f"held out: P {held['precision']:.3f} R {held['recall']:.3f} F1 {held['f1']:.3f} AUC {auc}  "
            f"ordinary posts flagged {held['pool_flagged']:.1%}"
        )
    click.echo(f"wrote {out} (model.json, weights.npy, thresholds.json, card.json)")
    sys.exit(EXIT_CLEAN)
