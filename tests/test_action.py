"""The GitHub Action's script (.github/action/run.py), run locally against a real git history:
which files it picks, what it writes to $GITHUB_OUTPUT, and its exit codes. No network."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from authlint.support.yamlio import safe_load

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".github" / "action" / "run.py"
spec = importlib.util.spec_from_file_location("authlint_action", SCRIPT)
action = importlib.util.module_from_spec(spec)
spec.loader.exec_module(action)


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """base: a clean post, a note and a script; head: the post made salesy, a new MDX post, a
    post in a folder with a space, the note deleted, an image added."""
    repo = tmp_path_factory.mktemp("content")
    git(repo, "init", "-q", "-b", "main")
    (repo / "launch.md").write_text("We shipped the planner. Thanks to Lina for testing it.\n")
    (repo / "note.txt").write_text("A quiet note.\n")
    (repo / "tool.py").write_text("print('not a post')\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "-b", "pr")
    (repo / "launch.md").write_text("We shipped the planner. Buy now!!! Link in bio.\n")
    (repo / "talk.mdx").write_text("import X from './x'\n\nOh great, another meetup.\n")
    (repo / "drafts in progress").mkdir()
    (repo / "drafts in progress" / "thanks.md").write_text("Thanks to everyone who came.\n")
    (repo / "note.txt").unlink()
    (repo / "logo.png").write_bytes(b"\x89PNG\r\n")
    (repo / "tool.py").write_text("print('still not a post')\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "head")
    return repo, base, git(repo, "rev-parse", "HEAD")


def test_changed_files_are_the_prs_posts(repo: tuple[Path, str, str]) -> None:
    path, base, head = repo
    assert action.changed_files(path, base, head) == ["drafts in progress/thanks.md", "launch.md", "talk.mdx"]
    assert action.changed_files(path, base, head, "*.mdx") == ["talk.mdx"]
    assert action.changed_files(path, base, head, "drafts*/*.md") == ["drafts in progress/thanks.md"]


def test_without_a_base_every_tracked_post(repo: tuple[Path, str, str]) -> None:
    path, _, head = repo
    every = ["drafts in progress/thanks.md", "launch.md", "talk.mdx"]
    assert action.changed_files(path, "", head) == every
    assert action.changed_files(path, action.ZERO_SHA, head) == every


def test_base_commits_after_the_fork_do_not_count(repo: tuple[Path, str, str], tmp_path: Path) -> None:
    """Three-dot diff: a post the base branch changed meanwhile is not the pull request's."""
    path, _, head = repo
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(path), str(clone)], check=True)
    git(clone, "checkout", "-q", "main")
    (clone / "other.md").write_text("Landed on main meanwhile.\n")
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "main moved")
    moved = git(clone, "rev-parse", "HEAD")
    assert "other.md" not in action.changed_files(clone, moved, head)


def _run(repo: Path, tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    output = tmp_path / "github_output"
    output.write_text("")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GITHUB_OUTPUT": str(output), "RUNNER_TEMP": str(tmp_path),
           "AUTHLINT": f"{sys.executable} -m authlint",
           **{f"INPUT_{k.upper()}": v for k, v in inputs.items()}}
    done = subprocess.run([sys.executable, str(SCRIPT)], cwd=repo, env=env, capture_output=True, text=True, timeout=300, check=False)
    values = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return done, values


def test_run_annotates_and_writes_reports(repo: tuple[Path, str, str], tmp_path: Path) -> None:
    path, base, head = repo
    done, outputs = _run(path, tmp_path, base=base, head=head, sarif="true", suggestions="true")
    assert done.returncode == 0, done.stderr  # the job fails in action.yml's last step, after the uploads
    assert outputs["files"] == "3" and outputs["exit-code"] == "1"
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert any(re.match(r"::warning file=launch\.md,line=1,col=\d+,", a) for a in annotations)
    assert any("file=talk.mdx" in a and "SNK101" in a for a in annotations)
    sarif = json.loads(Path(outputs["sarif-file"]).read_text())
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    rdjson = json.loads(Path(outputs["rdjson-file"]).read_text())
    schema = json.loads((ROOT / "tests" / "data" / "reviewdog-rdjson.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(rdjson, schema)  # what reviewdog is handed is what it reads
    assert any(d.get("suggestions") for d in rdjson["diagnostics"])  # "!!!" -> "!" is a safe fix
    assert {d["location"]["path"] for d in rdjson["diagnostics"]} <= {"launch.md", "talk.mdx", "drafts in progress/thanks.md"}


def test_run_clean_change_and_fail_on(repo: tuple[Path, str, str], tmp_path: Path) -> None:
    path, base, head = repo
    done, outputs = _run(path, tmp_path, base=base, head=head, paths="drafts*/*.md")
    assert done.returncode == 0 and outputs == {"files": "1", "exit-code": "0", "sarif-file": "", "rdjson-file": ""}
    done, outputs = _run(path, tmp_path, base=base, head=head, fail_on="error")
    assert outputs["exit-code"] == "0" and "::warning" in done.stdout  # reported, not failing


def test_no_changed_posts_runs_nothing(repo: tuple[Path, str, str], tmp_path: Path) -> None:
    path, base, head = repo
    output = tmp_path / "out"
    env = {"GITHUB_OUTPUT": str(output), "RUNNER_TEMP": str(tmp_path), "AUTHLINT": "false",
           "INPUT_BASE": base, "INPUT_HEAD": head, "INPUT_PATHS": "*.rst"}
    assert action.run(env, path) == 0  # `false` would have failed had authlint been run
    assert output.read_text().splitlines() == ["files=0", "exit-code=0", "sarif-file=", "rdjson-file="]


def test_unknown_ref_is_one_line_and_exit_2(repo: tuple[Path, str, str], tmp_path: Path) -> None:
    path, _, head = repo
    done, outputs = _run(path, tmp_path, base="no-such-branch", head=head)
    assert done.returncode == 2 and outputs == {}
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("authlint-action: error: git rev-parse")


def test_not_a_checkout(tmp_path: Path) -> None:
    done, _ = _run(tmp_path, tmp_path / "..", base="abc")
    assert done.returncode == 2 and done.stderr.startswith("authlint-action: error: ")


def test_action_yml_wires_every_input_the_script_reads() -> None:
    spec = safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert spec["runs"]["using"] == "composite"
    steps = spec["runs"]["steps"]
    check = next(s for s in steps if s.get("id") == "check")
    read = set(re.findall(r'env\.get\("(INPUT_[A-Z_]+)"', SCRIPT.read_text()))
    assert read <= set(check["env"]), read - set(check["env"])
    used = set(re.findall(r"inputs\.([a-z-]+)", (ROOT / "action.yml").read_text()))
    assert used <= set(spec["inputs"])
    install = next(s for s in steps if "Install" in s.get("name", ""))
    assert "--require-hashes" in install["run"] and "requirements/runtime.txt" in install["run"]
    assert set(spec["outputs"]) == {"files", "exit-code", "sarif-file", "rdjson-file"}
    reviewdog = next(s for s in steps if "reviewdog -f=rdjson" in s.get("run", ""))
    assert "suggestions == 'true'" in reviewdog["if"]
