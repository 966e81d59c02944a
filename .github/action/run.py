"""The authlint GitHub Action's logic (``action.yml`` runs this): lint the posts a pull request changed.

1. **Select** the changed files: ``git diff --name-only -z --diff-filter=ACMR BASE...HEAD``
   (three dots: what the pull request changed since it left its base, not what the base gained
   meanwhile), limited to ``INPUT_PATHS`` (git pathspecs, default the post suffixes authlint
   reads). No base (a first push, a manual run, an all-zero SHA): every tracked file matching.
2. **Check** them with ``authlint check --format github`` (the annotations go to stdout, where
   the runner turns them into annotations on the diff), and, when asked, write
   ``--format sarif`` and ``--format rdjson`` files for the upload and reviewdog steps. The
   three runs share one result cache, so the posts are analysed once.
3. **Report** through ``$GITHUB_OUTPUT``: ``files`` (how many were checked), ``exit-code``
   (authlint's: 0 clean, 1 findings at or above ``fail-on``, 2 errors), ``sarif-file`` and
   ``rdjson-file`` (paths, or empty).

This script always exits 0 when it could do its job, so the SARIF and reviewdog steps still run
on a failing post; the action's last step fails the job with ``exit-code``. It exits 2 with one
line (``authlint-action: error: ...``) when it cannot (not a git checkout, an unknown ref).
No network: everything it needs is the checkout and the installed authlint.

Environment (set by action.yml from its inputs): ``INPUT_BASE``, ``INPUT_HEAD``, ``INPUT_PATHS``
(whitespace-separated), ``INPUT_FAIL_ON``, ``INPUT_ARGS`` (extra ``authlint check`` flags,
shell-quoted), ``INPUT_SARIF`` and ``INPUT_SUGGESTIONS`` (``true``/``false``), ``RUNNER_TEMP``,
``GITHUB_OUTPUT``, and ``AUTHLINT`` (the command to run; default ``authlint``).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

DEFAULT_PATHS = ("*.md", "*.markdown", "*.mdx", "*.txt")
ZERO_SHA = "0" * 40


class ActionError(Exception):
    """The action cannot run as configured (one line for the log)."""


def _git(args: Sequence[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise ActionError("git is not installed") from None
    if done.returncode != 0:
        raise ActionError(f"git {' '.join(args[:2])} failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")
    return done.stdout


def pathspecs(paths: str) -> list[str]:
    """``INPUT_PATHS`` as git pathspecs; bare globs match at any depth (``*.md`` = ``**/*.md``)."""
    patterns = paths.split() or list(DEFAULT_PATHS)
    return [p if p.startswith(":") else f":(glob){p if '/' in p else '**/' + p}" for p in patterns]


def changed_files(repo: Path, base: str, head: str, paths: str = "") -> list[str]:
    """Files added, copied, modified or renamed between ``base`` and ``head`` that match ``paths``
    and exist in the checkout, in git's order; all matching tracked files when there is no base."""
    head = head or "HEAD"
    specs = pathspecs(paths)
    if not base or base == ZERO_SHA:
        names = _git(["ls-files", "-z", "--", *specs], repo).split("\0")
    else:
        for ref in (base, head):
            _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], repo)
        names = _git(["diff", "--name-only", "-z", "--diff-filter=ACMR", f"{base}...{head}", "--", *specs], repo).split("\0")
    return [n for n in names if n and (repo / n).is_file()]


def _say(line: str) -> None:
    """A line in the job log, written before authlint's own output."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def write_outputs(path: str | None, values: Mapping[str, str]) -> None:
    """Append ``name=value`` lines to ``$GITHUB_OUTPUT`` (values here never hold a line break)."""
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        for name, value in values.items():
            out.write(f"{name}={value}\n")


def run(env: Mapping[str, str], repo: Path) -> int:
    """Do the action's work; returns authlint's exit code (0 when there was nothing to check)."""
    files = changed_files(repo, env.get("INPUT_BASE", "").strip(), env.get("INPUT_HEAD", "").strip(), env.get("INPUT_PATHS", ""))
    command = shlex.split(env.get("AUTHLINT") or "authlint")
    temp = Path(env.get("RUNNER_TEMP") or repo)
    outputs = {"files": str(len(files)), "exit-code": "0", "sarif-file": "", "rdjson-file": ""}
    if not files:
        _say("authlint: no changed posts to check")
        write_outputs(env.get("GITHUB_OUTPUT"), outputs)
        return 0
    flags = ["--cache-dir", str(temp / "authlint-cache")]
    fail_on = env.get("INPUT_FAIL_ON", "").strip()
    if fail_on:
        flags += ["--fail-on", fail_on]
    flags += shlex.split(env.get("INPUT_ARGS", ""))
    _say(f"authlint: checking {len(files)} changed {'post' if len(files) == 1 else 'posts'}")
    code = subprocess.run([*command, "check", "--format", "github", *flags, "--", *files], cwd=repo, check=False).returncode
    outputs["exit-code"] = str(code)
    for wanted, fmt, key in ((env.get("INPUT_SARIF"), "sarif", "sarif-file"),
                             (env.get("INPUT_SUGGESTIONS"), "rdjson", "rdjson-file")):
        if (wanted or "").strip().lower() != "true":
            continue
        target = temp / f"authlint.{fmt}"
        with open(target, "w", encoding="utf-8") as out:
            subprocess.run([*command, "check", "--format", fmt, "--exit-zero", *flags, "--", *files],
                           cwd=repo, stdout=out, check=False)
        outputs[key] = str(target)
    write_outputs(env.get("GITHUB_OUTPUT"), outputs)
    return code


def main() -> None:
    try:
        run(os.environ, Path.cwd())
    except ActionError as exc:
        sys.stderr.write(f"authlint-action: error: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
