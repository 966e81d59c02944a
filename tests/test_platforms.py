"""Platform profiles: counted the way each platform counts, and the PLT rules built on them."""

from __future__ import annotations

import pytest

from authlint import Linter
from authlint.engine.examples import verify_examples
from authlint.errors import ConfigError
from authlint.measures.platform import measure_length
from authlint.ruleset.loader import load_rules
from authlint.settings.config import Config
from authlint.settings.platforms import get_profile, profiles

PLATFORM_RULES = [r for r in load_rules(Config().rule_dirs()) if r.category == "platform"]
# The platform each rule's YAML examples are written for (noted in each rule file).


def test_every_required_platform_has_a_profile() -> None:
    assert {"x", "bluesky", "mastodon", "threads", "linkedin", "instagram", "facebook"} <= set(profiles())
    assert get_profile("Twitter").name == "x" and get_profile("IG").name == "instagram"
    assert get_profile("instagram").hashtags.max == 30


def test_unknown_platform_has_a_hint() -> None:
    with pytest.raises(ConfigError, match="unknown platform 'blusky'; did you mean 'bluesky'"):
        get_profile("blusky")


def count(platform: str, text: str) -> int:
    return measure_length(text, get_profile(platform).length).count


def test_names_resolve_without_loading_the_profiles() -> None:
    from authlint.settings.platform_names import canonical_platform

    for profile in profiles().values():
        for name in [profile.name, *profile.aliases]:
            assert canonical_platform(f" {name.upper()} ") == get_profile(name).name == profile.name
    with pytest.raises(ConfigError, match="unknown platform 'myspace'"):
        canonical_platform("myspace")


def test_a_cached_run_naming_a_platform_imports_no_pydantic(tmp_path) -> None:
    import subprocess
    import sys

    (tmp_path / ".authlint.yaml").write_text("platform: twitter\n", encoding="utf-8")
    (tmp_path / "p.md").write_text("---\nplatform: linkedin\n---\nBuy now!!! #a #b #c #d #e #f\n", encoding="utf-8")
    run = lambda: subprocess.run(  # noqa: E731
        [sys.executable, "-X", "importtime", "-m", "authlint", "check", "p.md"], capture_output=True, text=True, cwd=tmp_path
    )
    cold, warm = run(), run()
    assert warm.stdout == cold.stdout and "[linkedin]" in warm.stdout
    assert "pydantic" not in {line.split("|")[-1].strip() for line in warm.stderr.splitlines() if "|" in line}


def test_x_weighted_counting() -> None:
    assert count("x", "a" * 280) == 280
    assert count("x", "日本語") == 6            # CJK weighs 2
    assert count("x", "café") == 4             # Latin-1 and accents weigh 1
    assert count("x", "hi 👩‍👩‍👧") == 5         # an emoji sequence weighs 2
    url = "https://example.com/" + "a" * 100
    assert count("x", f"see {url}") == 4 + 23   # every URL is 23
    assert count("x", "see www.example.com") == 4 + 23
    assert count("x", "e\u0301") == 1           # NFC first: e + combining acute is U+00E9, which weighs 1
    assert count("x", "\u2014") == 1            # em dash is in a light range


def test_bluesky_counts_graphemes() -> None:
    assert count("bluesky", "👩‍👩‍👧🇫🇷e\u0301") == 3
    assert count("bluesky", "a" * 300) == 300


def test_mastodon_urls_and_remote_mentions() -> None:
    url = "https://example.com/" + "a" * 100
    assert count("mastodon", url) == 23
    assert count("mastodon", "hi @alice@social.example.org") == len("hi @alice")


def test_masked_space_counts_once_and_ends_not_at_all() -> None:
    assert count("linkedin", "   Hello      world   ") == len("Hello world")
    assert count("linkedin", "Para one.\n\n\n\n\nPara two.") == len("Para one.\n\nPara two.")


def test_limit_boundary_and_span(linter: Linter) -> None:
    ok = "word " * 55 + "ends"  # 279 characters
    assert count("x", ok) == 279
    assert not [f for f in linter.check(ok, platform="x").findings if f.rule == "PLT101"]
    over = ok + " and more"
    found = [f for f in linter.check(over, platform="x").findings if f.rule == "PLT101"]
    assert len(found) == 1 and found[0].text == "and more" and found[0].message.startswith("8 characters over")
    assert found[0].severity == "error"


def test_platform_rules_only_run_with_a_platform(linter: Linter) -> None:
    text = "Our notes are up #python #community #meetup #events"
    assert not [f for f in linter.check(text).findings if f.category == "platform"]
    assert [f.rule for f in linter.check(text, platform="x").findings if f.category == "platform"] == ["PLT103"]
    assert not [f for f in linter.check(text, platform="instagram").findings if f.category == "platform"]


def test_config_platform_and_ignore_and_severity() -> None:
    text = "Our notes are up #python #community #meetup #events"
    linter = Linter({"platform": "x", "severity": {"PLT103": "warning"}})
    found = [f for f in linter.check(text).findings if f.rule == "PLT103"]
    assert found and found[0].severity == "warning"
    assert not [f for f in Linter({"platform": "x", "ignore": ["platform"]}).check(text).findings if f.category == "platform"]


def test_threads_allows_one_tag() -> None:
    linter = Linter({"select": ["platform"]})
    found = linter.check("Launch day #one #two", platform="threads").findings
    assert [(f.rule, f.text) for f in found] == [("PLT102", "#two")]


@pytest.mark.parametrize("rule", PLATFORM_RULES, ids=lambda r: r.code)
def test_platform_rule_examples(rule) -> None:
    assert rule.examples.platform, "a platform rule's examples name their platform"
    linter = Linter({"select": [rule.code]})
    assert verify_examples(linter, [r for r in linter.rules if r.code == rule.code]) == []
