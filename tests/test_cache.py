"""The result cache: hits equal fresh results, keys cover everything a report depends on,
concurrent runs are safe, damaged entries are ignored, and a warm run never imports spaCy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_inprocess import authlint

from authlint import Linter
from authlint.cache import results as cache
from authlint.settings.config import Config, config_from_mapping
from authlint.severity import Severity

POSTS = [
    "Buy now!!! Link in bio.",
    "Trust me, I'm a doctor: this supplement works.",
    "Huge thanks to @maria for reviewing every chapter.",
    "The weather is mild today.",
]


def _dump(reports):
    return [r.to_dict() for r in reports]


def _entries(root: Path) -> list[Path]:
    return sorted(root.glob("*/*/*.entry"))


def test_cached_reports_equal_fresh_ones(linter: Linter, tmp_path):
    fresh = _dump(linter.check_many(POSTS))
    first = _dump(Linter(cache_dir=tmp_path).check_many(POSTS))
    assert len(_entries(tmp_path)) == len(POSTS)
    again = _dump(Linter(cache_dir=tmp_path).check_many(POSTS))
    assert first == fresh and again == fresh
    assert (tmp_path / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (tmp_path / ".gitignore").read_text() == "*\n"


def test_hits_do_not_run_the_analysis(tmp_path, monkeypatch):
    list(Linter(cache_dir=tmp_path).check_many(POSTS))
    linter = Linter(cache_dir=tmp_path)
    monkeypatch.setattr(Linter, "analyse", lambda *a, **k: pytest.fail("a hit was re-analysed"))
    assert len(list(linter.check_many(POSTS))) == len(POSTS)


def test_changed_and_new_posts_miss_and_order_is_kept(linter: Linter, tmp_path):
    list(Linter(cache_dir=tmp_path).check_many(POSTS[:2]))
    mixed = [POSTS[2], POSTS[0], POSTS[3], POSTS[1], POSTS[0] + " Really."]
    assert _dump(Linter(cache_dir=tmp_path).check_many(mixed)) == _dump(linter.check_many(mixed))
    assert len(_entries(tmp_path)) == 5


def test_warm_run_never_imports_spacy_or_pydantic(tmp_path):
    script = (
        "import sys\nfrom authlint import Linter\n"
        f"reports = list(Linter(cache_dir={str(tmp_path)!r}).check_many({POSTS!r}))\n"
        "print(len(reports), *(m in sys.modules for m in ('spacy', 'thinc', 'pydantic')))\n"
    )
    cold = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    warm = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert cold.stdout.split() == ["4", "True", "True", "True"]  # loading the rules validates them
    assert warm.stdout.split() == ["4", "False", "False", "False"]  # hits need no rules and no validation


def _header(entry: Path) -> dict:
    return json.loads(entry.read_bytes().partition(b"\n")[0])


def test_corrupt_or_foreign_entries_are_ignored_and_rewritten(linter: Linter, tmp_path):
    expected = _dump(linter.check_many(POSTS))
    list(Linter(cache_dir=tmp_path).check_many(POSTS))
    entries = _entries(tmp_path)
    entries[0].write_text("{not json", encoding="utf-8")
    entries[1].write_bytes(entries[1].read_bytes()[:-7])  # truncated
    header, _, body = entries[2].read_bytes().partition(b"\n")
    moved = {**json.loads(header), "key": "0" * 64}  # a valid entry stored under the wrong name
    entries[2].write_bytes(json.dumps(moved).encode() + b"\n" + body)
    header, _, body = entries[3].read_bytes().partition(b"\n")
    edited = json.loads(body)
    edited["score"] = 1000  # well-formed JSON that no longer matches its checksum
    entries[3].write_bytes(header + b"\n" + json.dumps(edited).encode())
    assert _dump(Linter(cache_dir=tmp_path).check_many(POSTS)) == expected
    for entry in entries:  # rewritten with good content
        assert _header(entry)["key"] == entry.stem


def test_reports_rebuilt_from_their_json_equal_the_originals(linter: Linter):
    from authlint.report.results import report_from_dict
    from authlint.ruleset.loader import load_rules
    from authlint.support.data import builtin_rules_dir

    texts = [b.text for rule in load_rules([builtin_rules_dir()]) for b in rule.examples.bad]
    texts += ["Hola a todos, gracias por venir hoy a la reunión de la comunidad.", "x" * 100_001]
    reports = list(linter.check_many(texts, authors=[{"name": "Sam", "roles": ["teacher"]}] * len(texts)))
    assert any(r.claims for r in reports) and any(r.notices for r in reports)
    assert any(s.replacement for r in reports for f in r.findings for s in f.suggestions)
    for report in reports:
        rebuilt = report_from_dict(json.loads(json.dumps(report.to_dict())))
        assert rebuilt == report
        assert all(isinstance(f.severity, Severity) for f in rebuilt.findings)


@pytest.mark.parametrize("damage", [
    {"start": True}, {"end": "7"}, {"line": -1}, {"start": 9, "end": 3}, {"end": 10**6}, {"message": None},
    {"why": 3}, {"weight": False}, {"text": ["Buy"]},
])
def test_a_rebuilt_report_with_a_wrong_type_or_span_is_not_well_formed(linter: Linter, damage):
    """The second line of defence behind the seal: a report whose fields do not have the types
    and spans formatters rely on is a miss, never a crash (a ``bool`` is not an offset)."""
    from authlint.cache.results import well_formed
    from authlint.report.results import report_from_dict

    text = "Buy now!!! Only 3 left, link in bio."
    data = linter.check(text).to_dict()
    assert well_formed(report_from_dict(data), len(text))
    data["findings"][0].update(damage)
    assert not well_formed(report_from_dict(data), len(text))
    with pytest.raises(ValueError):
        report_from_dict({**data, "findings": [{**data["findings"][0], "severity": "loud"}]})


def test_key_covers_config_rules_platform_and_author(linter: Linter, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    base = cache.namespace(Config())
    assert cache.namespace(config_from_mapping({"allow": ["buy now"]})) != base
    assert cache.namespace(Config(rules=[rules])) != base
    before = cache.rules_fingerprint([rules])
    (rules / "X.yaml").write_text("code: X\n", encoding="utf-8")
    assert cache.rules_fingerprint([rules]) != before
    assert cache.namespace(Config()) == base  # deterministic
    # Per-post settings change the report, so they change the key.
    text = "As a nurse I say drink water. Buy now!"
    c = tmp_path / "c"
    plain = next(iter(Linter(cache_dir=c).check_many([text])))
    on_x = next(iter(Linter(cache_dir=c).check_many([text], platforms=["x"])))
    as_sam = next(iter(Linter(cache_dir=c).check_many([text], author={"name": "Sam", "roles": ["teacher"]})))
    assert len(_entries(c)) == 3
    assert as_sam == linter.check(text, author={"name": "Sam", "roles": ["teacher"]})
    assert plain == linter.check(text)
    assert on_x == linter.check(text, platform="x")


def test_namespace_sees_nested_settings():
    settings = lambda **kw: cache.namespace(config_from_mapping(kw))  # noqa: E731
    assert settings(disclosure={"cues": ["gifted"]}) != settings()
    assert settings(author={"name": "Sam"}) != settings(author={"name": "Kim"})
    assert settings(severity={"PRO": "info"}) != settings(severity={"PRO": "error"})


def test_model_fingerprint_reads_meta_without_spacy():
    print_spacy = subprocess.run(
        [sys.executable, "-c", "import sys; from authlint.cache.results import model_fingerprint as m; "
         "print(m('en_core_web_sm')); print('spacy' in sys.modules)"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    assert print_spacy[0].startswith("en_core_web_sm:en_core_web_sm") and "-3.8" in print_spacy[0]
    assert print_spacy[1] == "False"


def test_two_concurrent_runs_share_a_cache_safely(linter: Linter, tmp_path):
    posts = [f"Post {i}: buy now, link in bio! I am a nurse." for i in range(40)]
    script = (
        "import json, sys\nfrom authlint import Linter\n"
        f"posts = {posts!r}\n"
        f"print(json.dumps([r.score for r in Linter(cache_dir={str(tmp_path)!r}).check_many(posts)]))\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate()[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    expected = [r.score for r in linter.check_many(posts)]
    assert [json.loads(o) for o in outs] == [expected, expected]
    assert len(_entries(tmp_path)) == 40
    assert not list(tmp_path.rglob("*.tmp"))
    assert [r.score for r in Linter(cache_dir=tmp_path).check_many(posts)] == expected


def test_unwritable_cache_is_skipped(linter: Linter, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert _dump(Linter(cache_dir=blocker / "cache").check_many(POSTS)) == _dump(linter.check_many(POSTS))


def test_cache_dir_setting_resolves_against_the_config_file(tmp_path):
    from authlint.settings.config import load_config

    (tmp_path / ".authlint.yaml").write_text("cache-dir: build/lint-cache\n", encoding="utf-8")
    config = load_config(tmp_path / ".authlint.yaml")
    assert config.cache_dir == tmp_path / "build" / "lint-cache"
    # Where the cache lives is not part of what a report depends on.
    assert cache.namespace(config) == cache.namespace(config.replace(cache_dir=None))


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "authlint", "check", *args],
                          capture_output=True, text=True, cwd=cwd, check=False)


def test_cli_uses_the_cache_and_a_warm_run_never_imports_spacy(tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    for i, text in enumerate(POSTS):
        (posts / f"p{i}.md").write_text(text, encoding="utf-8")
    cold = _cli([str(posts)], tmp_path)
    assert (tmp_path / ".authlint_cache" / "CACHEDIR.TAG").is_file()  # the default folder
    warm = _cli([str(posts)], tmp_path)
    assert cold.returncode == warm.returncode == 1
    assert warm.stdout == cold.stdout
    imported = lambda run: {line.split("|")[-1].strip() for line in run.stderr.splitlines() if "|" in line}  # noqa: E731
    assert "spacy" in imported(cold)
    assert "spacy" not in imported(warm) and "thinc" not in imported(warm)
    assert "pydantic" in imported(cold) and "pydantic" not in imported(warm)  # nothing to validate


def test_cli_no_cache_and_cache_dir(tmp_path):
    post = tmp_path / "post.md"
    post.write_text(POSTS[0], encoding="utf-8")
    off = authlint("check", str(post), "--no-cache", cwd=tmp_path)  # in-process: no imports are checked here
    assert not (tmp_path / ".authlint_cache").exists()
    on = authlint("check", str(post), "--cache-dir", "elsewhere", "--jobs", "2", cwd=tmp_path)
    assert on.stdout == off.stdout and "PRO" in on.stdout
    reports = [e for e in _entries(tmp_path / "elsewhere") if "score" in json.loads(e.read_bytes().partition(b"\n")[2])]
    assert len(reports) == 1  # (beside it, maybe, the folder's file index: authlint.cache.files)


def _clean(*args: str):
    from click.testing import CliRunner

    from authlint.cli import cli

    return CliRunner().invoke(cli, ["clean", *args], catch_exceptions=False)


def test_clean_removes_the_cache_check_uses(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text(POSTS[0], encoding="utf-8")
    (tmp_path / ".authlint.yaml").write_text("cache-dir: build/lint-cache\n", encoding="utf-8")
    assert authlint("check", "p.md").returncode == 1
    assert (tmp_path / "build" / "lint-cache" / "CACHEDIR.TAG").is_file()
    assert not (tmp_path / ".authlint_cache").exists()  # nothing is kept where results do not go
    done = _clean()
    assert done.exit_code == 0 and "removed" in done.stdout and "build/lint-cache" in done.stdout
    assert not (tmp_path / "build" / "lint-cache").exists() and (tmp_path / "build").is_dir()
    again = _clean()
    assert again.exit_code == 0 and again.stdout.startswith("authlint: no cache at")


def test_clean_refuses_a_folder_that_is_not_a_cache(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "target"  # e.g. a build folder with its own CACHEDIR.TAG
    target.mkdir()
    (target / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n", encoding="utf-8")
    (target / "keep.bin").write_bytes(b"x")
    refused = _clean("--cache-dir", "target")
    assert refused.exit_code == 2 and "not an authlint cache" in refused.stderr
    assert (target / "keep.bin").is_file()


def test_an_unchanged_config_is_not_validated_again(tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "p.md").write_text("Buy now!!! Link in bio.", encoding="utf-8")
    config = tmp_path / ".authlint.yaml"
    config.write_text("ignore: [PRO101]\nallow: [link in bio]\n", encoding="utf-8")
    cold, warm = _cli([str(posts)], tmp_path), _cli([str(posts)], tmp_path)
    assert warm.stdout == cold.stdout and "PRO101" not in warm.stdout and "PRO103" in warm.stdout
    imported = lambda run: {line.split("|")[-1].strip() for line in run.stderr.splitlines() if "|" in line}  # noqa: E731
    assert {"pydantic", "yaml"} <= imported(cold)
    assert not {"pydantic", "yaml"} & imported(warm)  # the validated config came from the cache
    config.write_text("ignore: [PRO103]\n", encoding="utf-8")  # edited: read and validated afresh
    edited = _cli([str(posts)], tmp_path)
    assert "PRO101" in edited.stdout and "PRO103" not in edited.stdout


def test_cached_configs_rebuild_every_setting():
    from authlint.settings.config import config_from_dict

    config = config_from_mapping({
        "select": ["PRO"], "extend-select": ["SNK101"], "ignore": ["PRO102"], "per-file-ignores": {"a/*.md": ["SNK"]},
        "severity": {"PRO101": "info"}, "fail-on": "error", "min-score": 50, "platform": "x", "model": "m",
        "rules": ["extra"], "builtin-rules": False, "allow": ["buy now"], "check-language": False, "author": "sam",
        "authors": {"sam": {"name": "Sam", "roles": "nurse", "age": 30}},
        "disclosure": {"cues": ["gifted"], "cue-patterns": ["pr ?package"]}, "exclude": ["drafts/"], "cache-dir": "c",
    }, base_dir=Path("/repo"))
    from authlint.settings.selectors import FlagSelection

    config = config.replace(flags=FlagSelection(select=("PRO101",), ignore=("PRO103",)))  # only the CLI sets it
    defaults = Config()
    assert all(getattr(config, f) != getattr(defaults, f) for f in config.__dataclass_fields__)  # every field set
    assert config_from_dict(json.loads(cache.settings_fingerprint(config))) == config
