"""Issue 14, data loss and escapes: the cache folder, `clean`, symlinks, config discovery,
cache trust, `--fix` on odd files, FIFOs and devices. Each test is one reproduction."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from authlint import Linter
from authlint.cache import results as cache
from authlint.cache import store
from authlint.cli import cli
from authlint.errors import ConfigError
from authlint.io.atomic import TEMP_SUFFIX, WriteError, write_post
from authlint.io.discovery import discover
from authlint.io.textio import read_post
from authlint.settings.config import find_config, load_config

BAD = "Buy now!!! Link in bio."
FIXABLE = "Big news!!! We moved.\n"


def run(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


# --- 1. the cache folder and `authlint clean` ------------------------------------------------


def test_clean_never_deletes_a_drafts_folder_named_as_cache_dir(here: Path) -> None:
    drafts = here / "r" / "drafts"
    drafts.mkdir(parents=True)
    (drafts / "one.md").write_text("Precious draft.\n")
    os.chdir(here / "r")
    checked = run("check", "--cache-dir", "drafts", "drafts")
    assert checked.exit_code == 0
    assert "authlint: notice: drafts is not used as the cache: it is not empty and not an authlint cache" in checked.stderr
    assert sorted(os.listdir(drafts)) == ["one.md"]  # not marked: no CACHEDIR.TAG, no .gitignore of *
    cleaned = run("clean", "--cache-dir", "drafts")
    assert cleaned.exit_code == 2 and "not an authlint cache" in cleaned.stderr
    assert (drafts / "one.md").read_text() == "Precious draft.\n"


def test_cache_dir_dot_at_a_repository_root_is_not_marked_or_removed(here: Path) -> None:
    (here / ".git").mkdir()
    (here / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (here / ".authlint.yaml").write_text("cache-dir: .\n")
    (here / "p.md").write_text(BAD)
    assert run("check", "p.md").exit_code == 1
    assert not (here / ".gitignore").exists() and not (here / "CACHEDIR.TAG").exists()
    assert run("clean").exit_code == 2
    assert (here / ".git" / "HEAD").is_file() and (here / "p.md").is_file()


def test_a_cache_dir_above_the_checkout_leaves_the_sibling_project_alone(here: Path) -> None:
    (here / "sibling").mkdir()
    (here / "sibling" / "main.py").write_text("print(1)\n")
    repo = here / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".authlint.yaml").write_text("cache-dir: ../sibling\n")
    (repo / "p.md").write_text(BAD)
    os.chdir(repo)
    run("check", "p.md")
    run("clean")
    assert sorted(os.listdir(here / "sibling")) == ["main.py"]


def test_clean_of_a_folder_an_older_authlint_marked_removes_only_its_own_files(here: Path) -> None:
    folder = here / "drafts"
    folder.mkdir()
    for name, text in store._MARKS.items():  # what the old `check` wrote into a busy folder
        (folder / name).write_text(text)
    (folder / "one.md").write_text("Precious draft.\n")
    shard = folder / ("a" * 32) / "ab"
    shard.mkdir(parents=True)
    (shard / ("ab" * 32 + ".entry")).write_text("{}\n{}")
    (shard / "notes.txt").write_text("mine")  # not an entry name: kept
    assert not store.mark(folder)  # no longer used as a cache
    done = run("clean", "--cache-dir", "drafts")
    assert done.exit_code == 0 and "(4 files" in done.stdout
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        "a" * 32, f"{'a' * 32}/ab", f"{'a' * 32}/ab/notes.txt", "one.md"]


def test_mark_takes_a_new_or_empty_folder_and_clean_then_removes_it(tmp_path: Path) -> None:
    assert store.mark(tmp_path / "new") and (tmp_path / "new" / ".gitignore").read_text() == "*\n"
    (tmp_path / "empty").mkdir()
    assert store.mark(tmp_path / "empty")
    list(Linter(cache_dir=tmp_path / "empty").check_many([BAD]))
    files, _ = store.clear(tmp_path / "empty")
    assert files == 4 and not (tmp_path / "empty").exists()  # 3 marks + 1 entry


def test_the_default_cache_sits_at_the_project_root(here: Path) -> None:
    (here / ".git").mkdir()
    sub = here / "posts" / "2026"
    sub.mkdir(parents=True)
    (sub / "p.md").write_text(BAD)
    os.chdir(sub)
    run("check", "p.md")
    assert (here / ".authlint_cache" / "CACHEDIR.TAG").is_file() and not (sub / ".authlint_cache").exists()
    assert store.project_root(None, sub) == here
    (here / "posts" / ".authlint.yaml").write_text("ignore: [PRO101]\n")
    assert store.project_root(here / "posts" / ".authlint.yaml") == here / "posts"


# --- 2. symlinks ------------------------------------------------------------------------------


def test_a_walk_does_not_follow_symlinks_out_of_its_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(BAD)
    repo = tmp_path / "repo"
    (repo / "inner").mkdir(parents=True)
    (repo / "inner" / "a.md").write_text(BAD)
    (repo / "docs").symlink_to(outside)
    (repo / "leak.md").symlink_to(outside / "secret.md")
    (repo / "same.md").symlink_to(repo / "inner" / "a.md")  # inside the root: kept
    notices: list[str] = []
    found = discover([str(repo)], notice=notices.append)
    assert [Path(p).name for p in found] == ["a.md", "same.md"]
    assert len(notices) == 2 and all("outside" in n and "symbolic link" in n for n in notices)


def test_fix_never_writes_through_a_symlink_out_of_the_roots(here: Path) -> None:
    outside = here / "outside"
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text(FIXABLE)
    repo = here / "repo"
    repo.mkdir()
    (repo / "leak.md").symlink_to(secret)
    os.chdir(repo)
    result = run("check", "--fix", "leak.md")
    assert secret.read_text() == FIXABLE
    assert result.exit_code == 2 and "outside the checked folders" in result.output


# --- 3. config discovery ------------------------------------------------------------------------


def test_config_discovery_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".authlint.yaml").write_text("builtin-rules: false\n")
    repo = tmp_path / "checkout"
    (repo / ".git").mkdir(parents=True)
    (repo / "posts").mkdir()
    assert find_config(repo / "posts") is None
    assert find_config(repo / "posts", beyond_repository=True) == tmp_path / ".authlint.yaml"
    (repo / ".git").rmdir()
    (repo / ".git").write_text("gitdir: ../elsewhere\n")  # a worktree or submodule: .git is a file
    assert find_config(repo / "posts") is None


# --- 4. cache trust -----------------------------------------------------------------------------


def _one_entry(root: Path) -> Path:
    (entry,) = root.glob("*/*/*.entry")
    return entry


def test_a_planted_entry_with_a_recomputed_checksum_is_not_trusted(tmp_path: Path, linter: Linter) -> None:
    import hashlib

    expected = linter.check(BAD).to_dict()
    list(Linter(cache_dir=tmp_path).check_many([BAD]))
    entry = _one_entry(tmp_path)
    header = json.loads(entry.read_bytes().partition(b"\n")[0])
    forged = {**expected, "score": 100.0, "findings": [], "categories": {}}
    body = json.dumps(forged).encode()
    for seal in ({"sha256": hashlib.sha256(body).hexdigest()}, {"mac": hashlib.sha256(body).hexdigest()}):
        entry.write_bytes(json.dumps({"key": header["key"], **seal}).encode() + b"\n" + body)
        assert [r.to_dict() for r in Linter(cache_dir=tmp_path).check_many([BAD])] == [expected]


def test_entries_sealed_with_another_users_key_are_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = cache.ResultCache.key(BAD, cache.post_context(None, None))
    store.write_entry(str(tmp_path / "e"), key, b"{}")
    assert store.read_entry(str(tmp_path / "e"), key) == b"{}"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user"))
    from authlint.cache import secret

    secret.cache_key.cache_clear()
    try:
        assert store.read_entry(str(tmp_path / "e"), key) is None
        assert (tmp_path / "other-user" / "authlint" / "key").stat().st_mode & 0o777 == 0o600
    finally:
        monkeypatch.undo()
        secret.cache_key.cache_clear()


def test_a_sealed_entry_of_the_wrong_shape_is_a_miss_not_a_crash(tmp_path: Path, linter: Linter) -> None:
    expected = linter.check(BAD).to_dict()
    assert expected["findings"]
    list(Linter(cache_dir=tmp_path).check_many([BAD]))
    entry = _one_entry(tmp_path)
    key = entry.stem
    for change in ({"start": None}, {"end": 10_000}, {"line": "1"}, {"message": 5}):
        bad = {**expected, "findings": [{**expected["findings"][0], **change}]}
        store.write_entry(str(entry), key, json.dumps(bad).encode())  # sealed, as if authlint wrote it
        assert [r.to_dict() for r in Linter(cache_dir=tmp_path).check_many([BAD])] == [expected]


def test_fifo_dev_zero_and_huge_entries_neither_hang_nor_exhaust_memory(tmp_path: Path) -> None:
    key = "ab" * 32
    fifo = tmp_path / "fifo.entry"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.entry"
    zero.symlink_to("/dev/zero")
    huge = tmp_path / "huge.entry"
    with open(huge, "wb") as fh:
        fh.truncate(store.MAX_ENTRY_BYTES + 1)
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.extend(store.read_entry(str(p), key) for p in (fifo, zero, huge)))
    worker.start()
    worker.join(20)
    assert not worker.is_alive() and outcome == [None, None, None]


# --- 5. --fix on odd files ------------------------------------------------------------------------


def test_fix_refuses_read_only_files_even_when_access_says_yes(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    post = here / "p.md"
    post.write_text(FIXABLE)
    post.chmod(0o444)
    monkeypatch.setattr(os, "access", lambda *a, **k: True)  # what root is told
    with pytest.raises(WriteError, match="read-only"):
        write_post(read_post(post), "Big news! We moved.\n")
    assert post.read_text() == FIXABLE


def test_fix_does_not_split_a_hard_linked_post_from_its_twin(here: Path) -> None:
    post = here / "p.md"
    post.write_text(FIXABLE)
    os.link(post, here / "twin.md")
    result = run("check", "--fix", "p.md")
    assert "hard links" in result.output and result.exit_code == 2
    assert os.stat(post).st_ino == os.stat(here / "twin.md").st_ino and post.read_text() == FIXABLE


def test_a_later_fix_removes_temp_files_a_killed_run_left(here: Path) -> None:
    post = here / "p.md"
    post.write_text(FIXABLE)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    leftover = here / f".p.md.{dead.stdout.strip()}.x1y2z3w4{TEMP_SUFFIX}"
    leftover.write_text("half")
    live = here / f".p.md.{os.getpid()}.a1b2c3d4{TEMP_SUFFIX}"  # a run still writing: kept
    live.write_text("busy")
    write_post(read_post(post), "Big news! We moved.\n")
    assert not leftover.exists() and live.exists()
    assert post.read_text() == "Big news! We moved.\n"
    assert not [p for p in os.listdir(here) if p.endswith(TEMP_SUFFIX) and str(os.getpid()) not in p]


def test_fix_on_utf16_stdin_prints_utf16_with_its_bom(here: Path) -> None:
    data = FIXABLE.encode("utf-16")
    assert data.startswith(b"\xff\xfe")
    result = CliRunner().invoke(cli, ["check", "--fix", "-"], input=data, catch_exceptions=False)
    assert result.stdout_bytes.startswith(b"\xff\xfe" + "Big news! We moved.".encode("utf-16-le"))


# --- 6. FIFOs, devices, config size -----------------------------------------------------------------


def test_a_fifo_in_a_walked_folder_is_skipped_unopened(here: Path) -> None:
    (here / "posts").mkdir()
    (here / "posts" / "a.md").write_text("Thanks to @maria for the review.\n")
    os.mkfifo(here / "posts" / "pipe.md")
    notices: list[str] = []
    assert [Path(p).name for p in discover(["posts"], notice=notices.append)] == ["a.md"]
    assert notices == [f"{Path('posts') / 'pipe.md'}: skipped: a FIFO, not a post file"]


@pytest.mark.parametrize("kind", ["zero", "fifo", "huge"])
def test_config_that_is_a_device_fifo_or_huge_is_a_one_line_error(here: Path, kind: str) -> None:
    (here / "p.md").write_text(BAD)
    if kind == "zero":
        path = "/dev/zero"
    elif kind == "fifo":
        path = "cfg.yaml"
        os.mkfifo(path)
    else:
        path = "big.yaml"
        Path(path).write_text("allow:\n" + "  - word\n" * 200_000)
    with pytest.raises(ConfigError):
        load_config(path)
    proc = subprocess.run([sys.executable, "-m", "authlint", "check", "--config", path, "p.md"],
                          capture_output=True, text=True, timeout=120, cwd=here, check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("authlint: error: ")
    assert ("1 MB limit" in lines[0]) if kind == "huge" else ("not a regular file" in lines[0])
