"""``authlint check``: lint posts and report findings and scores."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..api import Linter
from ..config import Config, load_config
from ..errors import AuthlintError
from ..severity import Severity
from .common import EXIT_CLEAN, EXIT_FINDINGS, fail


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AuthlintError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise AuthlintError(f"{path}: not valid UTF-8 at byte {exc.start}") from None
    except OSError as exc:
        raise AuthlintError(f"{path}: cannot read: {exc.strerror}") from None


def _files(paths: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            out.extend(str(f) for f in sorted(path.rglob("*")) if f.suffix in {".md", ".txt", ".markdown", ".mdx"})
        else:
            out.append(p)
    return out


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra folder of YAML rules (repeatable).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file to use.")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), default=None, help="Lowest severity that fails the run.")
def check(paths: tuple[str, ...], rule_dirs: tuple[str, ...], config_path: str | None, fail_on: str | None) -> None:
    """Check posts in PATHS (files, folders, or - for stdin)."""
    try:
        config = load_config(config_path) if config_path else Config()
        if rule_dirs:
            config = config.model_copy(update={"rules": [*config.rules, *map(Path, rule_dirs)]})
        threshold = Severity(fail_on) if fail_on else config.fail_on
        linter = Linter(config)
        failed = False
        files = _files(paths)
        texts = [_read(p) for p in files]
        for path, report in zip(files, linter.check_many(texts)):
            name = "<stdin>" if path == "-" else path
            for f in report.findings:
                click.echo(f"{name}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message}")
                for s in f.suggestions:
                    click.echo(f"    suggestion: {s.text}")
            click.echo(f"{name}: score {report.score:g}/100")
            if report.at_or_above(threshold) or (config.min_score is not None and report.score < config.min_score):
                failed = True
    except AuthlintError as exc:
        fail(str(exc))
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)
