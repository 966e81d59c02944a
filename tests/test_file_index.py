"""The file index: an unchanged post file is answered from its stat, with exactly the result a
full check gives; any change to the file, the config or the run's options is a miss."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from authlint.cache import files as file_index
from authlint.cache.files import FileIndex, format_index, parse_index, signature
from authlint.cli import cli
from authlint.cli.check.command import QUOTING_FORMATS

POSTS = {
    "launch.md": "---\nplatform: x\ntitle: Launch\n---\n\nBuy now!!! Only 3 left, link in bio.\n",
    "thanks.md": "---\ntitle: Thanks\n---\n\nHuge thanks to @maria for reviewing every chapter.\n",
    "plain.txt": "The weather is mild today.\n",
    "doctor.md": "Trust me, I'm a doctor: this supplement works. Use my code GLOW15.\n",
}
OLD = time.time() - 3600


def _repo(tmp_path: Path) -> Path:
    posts = tmp_path / "posts"
    posts.mkdir()
    for name, text in POSTS.items():
        (posts / name).write_text(text, encoding="utf-8")
        os.utime(posts / name, (OLD, OLD))
    return posts


@pytest.fixture
def not_racy(monkeypatch):
    """Files written by a test are seconds old; the index skips files changed that recently."""
    monkeypatch.setattr(file_index, "RACY_SECONDS", 0.0)


def _check(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "posts", "--cache-dir", str(tmp_path / "cache"), *args])
    return result.exit_code, result.output


def _index_entries(tmp_path: Path) -> int:
    return sum(1 for _ in (tmp_path / "cache").glob("*/*/*.entry"))


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github", "rdjson"])
def test_an_indexed_rerun_prints_what_a_full_check_prints(tmp_path, monkeypatch, not_racy, fmt):
    _repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    fresh = CliRunner().invoke(cli, ["check", "posts", "--no-cache", "--format", fmt])
    first = _check(tmp_path, "--format", fmt)
    fail = lambda *a, **k: pytest.fail("an unchanged file was parsed or read")  # noqa: E731
    monkeypatch.setattr("authlint.cli.check.collect.extract", fail)
    if fmt not in QUOTING_FORMATS:  # the others read a hit's text to quote it, nothing more
        monkeypatch.setattr("authlint.cli.check.collect.read_post", fail)
        monkeypatch.setattr("authlint.cli.check.indexed.read_post", fail)
    again = _check(tmp_path, "--format", fmt)
    assert (fresh.exit_code, fresh.output) == first == again


def test_a_changed_file_is_checked_again_even_with_its_old_size_and_mtime(tmp_path, monkeypatch, not_racy):
    posts = _repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    _check(tmp_path, "--format", "json")
    target = posts / "plain.txt"
    same_size = "Buy now!!! Link in bio ok.\n"
    assert len(same_size) == len(POSTS["plain.txt"])
    target.write_text(same_size, encoding="utf-8")
    os.utime(target, (OLD, OLD))  # mtime put back: ctime still moves
    code, output = _check(tmp_path, "--format", "json")
    fresh = CliRunner().invoke(cli, ["check", "posts", "--no-cache", "--format", "json"])
    assert (code, output) == (fresh.exit_code, fresh.output)
    assert any(f["rule"].startswith("PRO") for p in json.loads(output)["files"] if p["path"].endswith("plain.txt")
               for f in p["findings"])


def test_config_and_option_changes_are_misses(tmp_path, monkeypatch, not_racy):
    _repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    _check(tmp_path)
    _, x_only = _check(tmp_path, "--platform", "x", "--format", "concise")
    assert x_only == CliRunner().invoke(cli, ["check", "posts", "--no-cache", "--platform", "x", "--format", "concise"]).output
    (tmp_path / ".authlint.yaml").write_text("ignore: [self-promotion]\n", encoding="utf-8")
    _, ignored = _check(tmp_path, "--format", "concise")
    assert "PRO" not in ignored
    assert ignored == CliRunner().invoke(cli, ["check", "posts", "--no-cache", "--format", "concise"]).output


def test_files_changed_as_the_run_starts_are_not_indexed(tmp_path, monkeypatch, not_racy):
    posts = _repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    future = time.time() + 60  # "changed after the run started": as racy as a file can be
    os.utime(posts / "plain.txt", (future, future))
    _check(tmp_path)
    bodies = [parse_index(e.read_bytes().partition(b"\n")[2]) for e in (tmp_path / "cache").glob("*/*/*.entry")]
    names = {name for body in bodies for name in body if name in POSTS}
    assert "launch.md" in names and "plain.txt" not in names


def test_fix_and_diff_never_use_the_index(tmp_path, monkeypatch, not_racy):
    _repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    _check(tmp_path)
    monkeypatch.setattr("authlint.cli.check.indexed.IndexedResults.lookup",
                        lambda *a, **k: pytest.fail("--fix/--diff read the index"))
    assert _check(tmp_path, "--diff")[0] in (0, 1)
    assert _check(tmp_path, "--fix")[0] in (0, 1)


def test_no_cache_writes_no_index(tmp_path, monkeypatch, not_racy):
    _repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    CliRunner().invoke(cli, ["check", "posts", "--no-cache"])
    assert not (tmp_path / ".authlint_cache").exists()


def test_unit_hits_need_the_same_signature_and_planted_indexes_read_empty(tmp_path, not_racy):
    post = tmp_path / "p.md"
    post.write_text("hello\n", encoding="utf-8")
    os.utime(post, (OLD, OLD))
    index = FileIndex(tmp_path / "cache", "0" * 32)
    payload = {"platform": None, "report": {"score": 100.0}}
    index.put(str(post), os.stat(post), payload)
    index.save()
    again = FileIndex(tmp_path / "cache", "0" * 32)
    assert again.get(str(post), os.stat(post)) == payload
    assert FileIndex(tmp_path / "cache", "1" * 32).get(str(post), os.stat(post)) is None  # another namespace
    post.write_text("hullo\n", encoding="utf-8")
    assert again.get(str(post), os.stat(post)) is None
    # An entry rewritten by someone without this user's key reads as empty.
    entry = next((tmp_path / "cache").glob("*/*/*.entry"))
    header, _, body = entry.read_bytes().partition(b"\n")
    forged = parse_index(body)
    forged["p.md"] = (signature(os.stat(post)), forged["p.md"][1])
    entry.write_bytes(header + b"\n" + format_index(forged))
    assert FileIndex(tmp_path / "cache", "0" * 32).get(str(post), os.stat(post)) is None


def test_a_warm_indexed_run_never_parses_front_matter_or_imports_spacy(tmp_path):
    _repo(tmp_path)
    written = time.time()
    run = [sys.executable, "-X", "importtime", "-m", "authlint", "check", "posts", "--format", "concise"]
    runs = [subprocess.run(run, capture_output=True, text=True, cwd=tmp_path, check=False)]
    # The first run sees files written a moment ago (not indexed yet), the second indexes them:
    # once they are older than the racy window, however fast the first run was.
    time.sleep(max(0.0, written + file_index.RACY_SECONDS + 0.2 - time.time()))
    runs += [subprocess.run(run, capture_output=True, text=True, cwd=tmp_path, check=False) for _ in range(2)]
    imported = lambda r: {line.split("|")[-1].strip() for line in r.stderr.splitlines() if "|" in line}  # noqa: E731
    assert {r.returncode for r in runs} == {1} and runs[0].stdout == runs[1].stdout == runs[2].stdout
    assert "yaml" in imported(runs[1])  # the result cache's hits still read front matter
    assert not {"yaml", "spacy", "pydantic"} & imported(runs[2])


@pytest.mark.parametrize("named", [False, True])
def test_an_unchanged_rerun_stats_each_file_once(tmp_path, monkeypatch, not_racy, named):
    """Discovery's stat is the one the index compares: a walked file is stat-ed by the walk
    alone (its directory entry), a named file by one ``os.stat``."""
    posts = _repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = [f"posts/{name}" for name in sorted(POSTS)] if named else ["posts"]
    cache = ["--cache-dir", str(tmp_path / "cache"), "--format", "json"]
    first = CliRunner().invoke(cli, ["check", *args, *cache])
    post_files = {os.path.realpath(posts / name) for name in POSTS}
    calls: list[str] = []
    real_stat = os.stat

    def counting_stat(path, *a, **k):
        if isinstance(path, (str, os.PathLike)) and os.path.realpath(path) in post_files:
            calls.append(os.path.realpath(path))
        return real_stat(path, *a, **k)

    monkeypatch.setattr(os, "stat", counting_stat)
    monkeypatch.setattr("authlint.cli.check.collect.extract", lambda *a, **k: pytest.fail("a hit was parsed"))
    again = CliRunner().invoke(cli, ["check", *args, *cache])
    assert (again.exit_code, again.output) == (first.exit_code, first.output)
    assert sorted(calls) == (sorted(post_files) if named else [])


@pytest.mark.parametrize("name", ["plain.md", "tab\there.md", "line\nbreak.md", 'quote"d.md', '"leading.md',
                                  "back\\slash.md", "caf\u00e9.md", "\udcff-undecodable.md", "\u2028sep.md"])
def test_every_file_name_survives_the_index_text(name):
    entries = {name: ("1,2,3,4,5", '{"report":{}}'), "other.md": ("6,7,8,9,10", "{}")}
    assert parse_index(format_index(entries)) == entries


def test_a_damaged_index_line_is_a_miss_and_the_rest_still_hit():
    body = format_index({"a.md": ("1,2,3,4,5", "{}"), "b.md": ("6,7,8,9,10", "{}")})
    damaged = body.replace(b"\t", b" ", 1) + b"\nno tabs here\n\t\"unterminated\t{}"
    assert parse_index(damaged) == {"b.md": ("6,7,8,9,10", "{}")}


def test_a_payload_that_is_not_an_object_is_a_miss(tmp_path, not_racy):
    post = tmp_path / "p.md"
    post.write_text("hello\n", encoding="utf-8")
    os.utime(post, (OLD, OLD))
    index = FileIndex(tmp_path / "cache", "0" * 32)
    index.put(str(post), os.stat(post), {"platform": None})
    index._entries(str(tmp_path))["p.md"] = (signature(os.stat(post)), "[1, 2]")
    assert index.get(str(post), os.stat(post)) is None
    index._entries(str(tmp_path))["p.md"] = (signature(os.stat(post)), "{not json")
    assert index.get(str(post), os.stat(post)) is None


def test_unchanged_files_stream_out_one_at_a_time(tmp_path, monkeypatch, not_racy):
    """A hit that comes while no post is in flight is given back before the next file is
    looked up: a re-run of a big repo holds one job, not every job behind a Linter that an
    edited file may need. The changed file in the middle is still reported in its place."""
    from authlint.cli.check import lint as lint_stage

    posts = _repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    first = _check(tmp_path, "--format", "concise")
    (posts / "plain.txt").write_text("Buy now!!! Last chance, link in bio.\n", encoding="utf-8")
    os.utime(posts / "plain.txt", (OLD, OLD))
    waiting: list[int] = []
    real = lint_stage._post_of

    def spy(job):
        post = real(job)
        waiting.append(post is None)
        return post

    monkeypatch.setattr(lint_stage, "_post_of", spy)
    given_back: list[str] = []
    real_group = lint_stage._lint_group

    def group(jobs, progress):
        for job in real_group(jobs, progress):
            given_back.append(job.result.label)
            assert len(waiting) - len(given_back) <= 1  # at most the job being looked at
            yield job

    monkeypatch.setattr(lint_stage, "_lint_group", group)
    code, out = _check(tmp_path, "--format", "concise")
    assert code == 1 and waiting.count(False) == 1  # only the edited file was checked
    assert [line.split(":")[0] for line in out.splitlines() if line.startswith("posts")] == \
        sorted(line.split(":")[0] for line in out.splitlines() if line.startswith("posts"))
    assert "plain.txt" in out and out != first[1]


def test_clean_posts_share_one_decoded_payload_and_still_print_as_their_own(tmp_path, monkeypatch, not_racy):
    """Every clean post of a platform stores the same payload text; it is decoded once. Each
    post still prints under its own name and counts in the totals, and a post with findings is
    never shared (its spans belong to its own text)."""
    from authlint.cli.check import indexed

    posts = tmp_path / "posts"
    posts.mkdir()
    for i in range(6):
        (posts / f"clean-{i}.md").write_text(f"We planted {i + 3} trees at the school on Saturday.\n", encoding="utf-8")
    (posts / "loud.md").write_text("Buy now!!! Only 3 left, link in bio.\n", encoding="utf-8")
    for path in posts.iterdir():
        os.utime(path, (OLD, OLD))
    monkeypatch.chdir(tmp_path)
    first = _check(tmp_path, "--format", "json")
    decoded: list[str] = []
    real = indexed.report_from_dict
    monkeypatch.setattr(indexed, "report_from_dict", lambda data: decoded.append("x") or real(data))
    again = _check(tmp_path, "--format", "json")
    assert again == first
    files = json.loads(again[1])["files"]
    assert sorted(f["path"] for f in files) == sorted(f"posts/{p.name}" for p in posts.iterdir())
    assert sum(bool(f["findings"]) for f in files) == 1
    assert len(decoded) == 2  # one clean payload, one with findings


@pytest.mark.parametrize("given", ["posts", "./posts", "posts/", "{abs}", "sub/../posts"])
def test_walked_names_print_as_pathlib_would_and_hit_the_index(tmp_path, monkeypatch, not_racy, given):
    """The walk joins plain strings; the names it prints are ``str(Path(given) / ...)`` and a
    re-run, from any spelling of the folder, is answered from the index."""
    _repo(tmp_path)
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    given = given.format(abs=str(tmp_path / "posts"))
    cache = ["--cache-dir", str(tmp_path / "cache"), "--format", "concise"]
    first = CliRunner().invoke(cli, ["check", given, *cache])
    expected = {str(Path(given) / name) for name in POSTS if name != "plain.txt" and name != "thanks.md"}
    assert {line.split(":")[0] for line in first.output.splitlines() if line} >= expected
    monkeypatch.setattr("authlint.cli.check.collect.extract", lambda *a, **k: pytest.fail("a hit was parsed"))
    again = CliRunner().invoke(cli, ["check", given, *cache])
    assert (again.exit_code, again.output) == (first.exit_code, first.output)


def test_a_file_named_through_a_parent_folder_hits_the_index(tmp_path, monkeypatch, not_racy):
    posts = _repo(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    cache = ["--cache-dir", str(tmp_path / "cache"), "--format", "concise"]
    first = CliRunner().invoke(cli, ["check", "../posts/launch.md", *cache])
    monkeypatch.setattr("authlint.cli.check.collect.extract", lambda *a, **k: pytest.fail("a hit was parsed"))
    again = CliRunner().invoke(cli, ["check", "../posts/launch.md", *cache])
    assert first.output.startswith("../posts/launch.md:") and (again.exit_code, again.output) == (first.exit_code, first.output)
    assert posts.is_dir()


def test_a_rerun_takes_each_folders_absolute_path_once(tmp_path, monkeypatch, not_racy):
    """The index is keyed by absolute paths; a re-run makes one per folder, not one per file
    (discovery and the config lookup resolve the folder too: a few calls, however many files)."""
    posts = _repo(tmp_path)
    for i in range(30):
        (posts / f"note-{i:02d}.md").write_text(f"We planted {i + 3} trees on Saturday.\n", encoding="utf-8")
        os.utime(posts / f"note-{i:02d}.md", (OLD, OLD))
    monkeypatch.chdir(tmp_path)
    first = _check(tmp_path, "--format", "concise")
    real = os.path.abspath
    asked: list[str] = []
    monkeypatch.setattr(os.path, "abspath", lambda p: asked.append(os.fspath(p)) or real(p))
    monkeypatch.setattr("authlint.cli.check.collect.extract", lambda *a, **k: pytest.fail("a hit was parsed"))
    again = _check(tmp_path, "--format", "concise")
    assert again == first
    assert asked.count("posts") <= 3 and not [p for p in asked if p.startswith("posts" + os.sep)]
