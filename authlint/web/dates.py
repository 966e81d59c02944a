"""When a post was written, for the report's "score over time": front matter ``date:``, a
``date`` column of a bulk export, or else the date of the last git commit that touched the file.

Git is asked once per repository (``git log --name-only``, read until every file asked about
is found), locally: ``log`` never touches the network. Without git, or outside a repository,
posts simply have no commit date.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

GIT_TIMEOUT = 60.0


def parse_date(value: object) -> dt.date | None:
    """A date from front matter (YAML gives ``date``/``datetime``) or a column (ISO 8601 text)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    for parse in (dt.datetime.fromisoformat, dt.date.fromisoformat):
        try:
            parsed = parse(text)
        except ValueError:
            continue
        return parsed.date() if isinstance(parsed, dt.datetime) else parsed
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _toplevel(folder: Path, git: str) -> Path | None:
    try:
        out = subprocess.run([git, "-C", str(folder), "rev-parse", "--show-toplevel"], capture_output=True, check=False,
                             text=True, timeout=GIT_TIMEOUT, env=_git_env())
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def _git_env() -> dict[str, str]:
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}


def commit_dates(paths: Iterable[str | Path]) -> dict[str, dt.date]:
    """The date of the last commit of each file (by the name given) that git knows."""
    git = shutil.which("git")
    if git is None:
        return {}
    by_repo: dict[Path, dict[str, str]] = {}  # repo root -> path relative to it -> name given
    roots: dict[Path, Path | None] = {}
    for name in paths:
        path = Path(os.path.realpath(name))
        folder = path.parent
        if folder not in roots:
            roots[folder] = _toplevel(folder, git)
        root = roots[folder]
        if root is None:
            continue
        try:
            relative = path.relative_to(root).as_posix()
        except ValueError:
            continue
        by_repo.setdefault(root, {})[relative] = str(name)
    found: dict[str, dt.date] = {}
    for root, wanted in by_repo.items():
        found.update(_log(root, wanted, git))
    return found


def _log(root: Path, wanted: dict[str, str], git: str) -> dict[str, dt.date]:
    """Newest first: the first time a file appears is its last commit."""
    found: dict[str, dt.date] = {}
    pending = dict(wanted)
    try:
        proc = subprocess.Popen(
            [git, "-c", "core.quotepath=off", "-C", str(root), "log", "--format=%x00%cI", "--name-only", "--no-renames", "--"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_git_env(),
        )
    except OSError:
        return found
    assert proc.stdout is not None
    date: dt.date | None = None
    try:
        for line in proc.stdout:
            line = line.rstrip("\n")
            if line.startswith("\0"):
                date = parse_date(line[1:])
            elif line and date is not None and line in pending:
                found[pending.pop(line)] = date
                if not pending:
                    break
    finally:
        proc.stdout.close()
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    return found
