"""The pre-commit hook, for real: a content repo using this checkout as a hook repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _git(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


@pytest.mark.slow
def test_hook_blocks_a_bad_post_and_passes_a_good_one(tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit", path=str(BIN)) or shutil.which("pre-commit")
    if pre_commit is None or shutil.which("git") is None:
        pytest.skip("pre-commit or git is not installed")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("not running from a git checkout")
    hooks = subprocess.run(["git", "cat-file", "-e", f"{head.stdout.strip()}:.pre-commit-hooks.yaml"], cwd=ROOT)
    assert hooks.returncode == 0, ".pre-commit-hooks.yaml must be committed"

    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        # Reused across runs: pre-commit keys its environments by repository and revision.
        "PRE_COMMIT_HOME": str(ROOT / ".pytest_cache" / "pre-commit"),
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        "NO_COLOR": "1",
    }
    repo = tmp_path / "content"
    repo.mkdir()
    assert _git("init", "-q", cwd=repo, env=env).returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head.stdout.strip()}\n    hooks:\n      - id: authlint\n"
    )
    install = subprocess.run([pre_commit, "install"], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert install.returncode == 0, install.stderr

    (repo / "post.md").write_text("---\ntitle: Launch\n---\nBuy now!!! Link in bio.\n")
    _git("add", "-A", cwd=repo, env=env)
    blocked = _git("commit", "-m", "bad post", cwd=repo, env=env)
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    output = blocked.stdout + blocked.stderr
    assert "authlint" in output and "Failed" in output and "PRO101" in output, output
    assert _git("rev-parse", "--verify", "HEAD", cwd=repo, env=env).returncode != 0  # nothing was committed

    (repo / "post.md").write_text("---\ntitle: Launch\n---\nWe wrote up how we rebuilt search, with the numbers.\n")
    (repo / "notes.txt").write_text("Thanks to everyone who tested the beta.\n")
    (repo / "tool.py").write_text('print("Buy now!!! Link in bio.")\n')  # code is not a post: not checked
    _git("add", "-A", cwd=repo, env=env)
    passed = _git("commit", "-m", "good post", cwd=repo, env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "authlint" in passed.stdout + passed.stderr and "Passed" in passed.stdout + passed.stderr
