"""``authlint train``: one-line errors on bad input, a model folder a user rule can use end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from learn_data import pitches, updates, write_labelled

from authlint.cli import cli


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        ('{"text": "ok", "labels": []}\n{"text": \n', (), ":2: invalid JSON"),
        ('{"text": "ok", "label": 1}\n', (), ":1: row has 'label' but no --category"),
        ('{"labels": ["snark"]}\n', (), ":1: row has no string 'text'"),
        ('{"text": "ok", "label": 3}\n', ("--category", "snark"), ":1: 'label' must be 0 or 1"),
    ],
)
def test_bad_rows_get_evals_errors(tmp_path: Path, content: str, extra: tuple[str, ...], message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    code, _, err = _run("train", str(path), "--out", str(tmp_path / "m"), *extra)
    assert code == 2
    assert err.startswith("authlint: error: ") and f"{path}{message}" in err and err.count("\n") == 1
    assert not (tmp_path / "m").exists()


def test_missing_file(tmp_path: Path) -> None:
    code, _, err = _run("train", str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "m"))
    assert code == 2 and "none.jsonl: no such file" in err


def test_too_little_data(tmp_path: Path) -> None:
    path = tmp_path / "few.jsonl"
    rows = [{"text": t, "label": 1} for t in pitches()[:4]] + [{"text": t, "label": 0} for t in updates()]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, _, err = _run("train", str(path), "--category", "snark", "--out", str(tmp_path / "m"))
    assert code == 2
    assert "category 'snark' has 4 positive and 24 negative rows; training needs at least 20 of each" in err


def test_refuses_to_replace_a_folder_that_is_not_a_model(tmp_path: Path) -> None:
    data = write_labelled(tmp_path / "posts.jsonl")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.md").write_text("mine", encoding="utf-8")
    code, _, err = _run("train", str(data), "--out", str(tmp_path / "docs"))
    assert code == 2 and "is not a model folder" in err
    assert (tmp_path / "docs" / "notes.md").read_text(encoding="utf-8") == "mine"


def test_end_to_end_house_model(tmp_path: Path) -> None:
    """Train with `label` + --category, point a user rule at the folder, run `authlint check`."""
    data = write_labelled(tmp_path / "approved-and-rejected.jsonl", label_key="label")
    rules = tmp_path / "rules"
    rules.mkdir()
    code, out, err = _run("train", str(data), "--category", "self-promotion", "--out", str(rules / "models" / "house"))
    assert code == 0, err
    assert "self-promotion" in out and "held out" in out
    card = json.loads((rules / "models" / "house" / "card.json").read_text(encoding="utf-8"))
    assert card["data"][0]["rows"] == 48
    (rules / "HSE101-house-pitch.yaml").write_text(
        "code: HSE101\nname: house-pitch\ncategory: self-promotion\nmessage: \"{words} read as a pitch.\"\n"
        "why: Our editors reject pitches.\ndetectors:\n  - type: classifier\n    model: ./models/house\n"
        "    label: self-promotion\nsuggestions:\n  - template: Say what the reader gets.\n"
        "examples:\n  bad:\n    - text: \"Grab my ebook today: limited offer, link in bio!\"\n      expect: [{}]\n"
        "  good:\n    - \"Read a good paper on caching and learned a lot from it.\"\n",
        encoding="utf-8",
    )
    post = tmp_path / "draft.txt"
    post.write_text("Get my masterclass now: use code SAVE20 at checkout!\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "authlint", "check", str(post), "--rules", str(rules), "--select", "HSE101",
         "--format", "concise", "--no-cache"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "HSE101" in result.stdout and "read as a pitch." in result.stdout
