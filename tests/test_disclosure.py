"""The disclosure rule (IMP207): sponsorship cues without a disclosure, and its safe #ad fix."""

from __future__ import annotations

import pytest

from authlint import Linter
from authlint.detectors.disclosure_rules import DisclosureRules, DisclosureSettings, disclosure_data
from authlint.io.source import extract
from authlint.report.fix import apply_edits, edits_for


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter({"select": ["IMP207"]})


def fixed(linter: Linter, text: str, **kwargs) -> str:
    report = linter.check(text, **kwargs)
    return apply_edits(text, edits_for(text, report.findings))


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Loving this serum, use my code GLOW15!", "use my code"),
        ("Huge thanks to @glowco for sending me their new palette.", "thanks to @glowco for sending"),
        ("I was gifted this jacket and it's so warm.", "was gifted"),
        ("Partnered with Acme on this recipe, so good.", "Partnered with"),
        ("Grab yours here https://amzn.to/3xYzAbc before it sells out.", "https://amzn.to/3xYzAbc"),
        ("My favourite boots: https://shop.example.com/boots?ref=jane22", "https://shop.example.com/boots?ref=jane22"),
        ("20% off with my code SPRING20 this week.", "with my code"),
        ("Grab it with code JANE10, that's my code MAYA10 too.", "my code MAYA10"),
    ],
)
def test_cue_without_disclosure_is_an_error_with_a_safe_fix(linter: Linter, text: str, cue: str) -> None:
    [finding] = linter.check(text).findings
    assert (finding.rule, finding.category, finding.severity.value) == ("IMP207", "impersonation", "error")
    assert finding.start == 0 and f"('{cue}')" in finding.message
    [fix] = [s for s in finding.suggestions if s.replacement is not None]
    assert fix.applicability == "safe"
    assert fixed(linter, text) == "#ad " + text


@pytest.mark.parametrize(
    "text",
    [
        "#ad Loving this serum, use my code GLOW15.",
        "Loving this serum, use my code GLOW15. #sponsored",
        "Ad: I partnered with Acme on this recipe.",
        "Paid partnership with Acme: use my code ACME10.",
        "Loving this jacket (gifted) from @coatco.",
        "My friend sent me this meme and I can't stop laughing.",
        "She is a gifted musician and her album is out.",
        "Here is my code for the parser: https://github.com/me/parser",
        "Use code SAVE20 for 20% off everything this weekend only.",  # a brand's own sale, not a paid post
    ],
)
def test_disclosed_or_unsponsored_posts_pass(linter: Linter, text: str) -> None:
    assert linter.check(text).findings == []


def test_fix_goes_after_a_replys_leading_mentions(linter: Linter) -> None:
    text = "@sam @lee yes! use my code SAM10 for 10% off"
    assert fixed(linter, text) == "@sam @lee #ad yes! use my code SAM10 for 10% off"


def test_fix_keeps_a_markdown_heading_a_heading(linter: Linter) -> None:
    text = "# My spring haul\n\nLoving this serum, use my code GLOW15!"
    assert fixed(linter, text) == "# #ad My spring haul\n\nLoving this serum, use my code GLOW15!"


def test_fix_keeps_front_matter_and_offsets_in_a_markdown_file(linter: Linter) -> None:
    post = "---\ntitle: haul\n---\n\nLoving this serum, use my code GLOW15!\n"
    source = extract(post, "markdown")
    [finding] = linter.check(source.prose).findings
    assert (finding.line, finding.column, finding.text) == (5, 1, "Loving")
    assert apply_edits(post, edits_for(post, [finding])) == "---\ntitle: haul\n---\n\n#ad Loving this serum, use my code GLOW15!\n"


def test_fixed_post_is_clean(linter: Linter) -> None:
    after = fixed(linter, "Partnered with Acme on this recipe, so good.")
    assert linter.check(after).findings == []


def test_platform_markers_and_placement() -> None:
    data = disclosure_data()
    custom = {
        **data,
        "platforms": {
            "default": {"marker": "#ad", "placement": "start"},
            "blog": {"marker": "[ad]", "placement": "end", "markers": ["this post contains ads"]},
        },
    }
    blog = DisclosureRules(custom, platform="blog")
    assert blog.fix("Use my code X1. Thanks!") == (16, 23, "Thanks! [ad]")
    assert blog.markers("This post contains ads. Use my code X1.")
    assert not DisclosureRules(custom, platform="x").markers("This post contains ads. Use my code X1.")
    assert DisclosureRules(custom, platform="unknown").platform.marker == "#ad"
    assert (DisclosureRules(data, platform="Instagram").platform.marker, DisclosureRules(data).platform.placement) == ("#ad", "start")


def test_platform_from_the_linter_reaches_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    import authlint.detectors.disclosure as detector

    data = {**disclosure_data(), "platforms": {"default": {"marker": "#ad"}, "linkedin": {"marker": "#sponsored", "placement": "end"}}}
    monkeypatch.setattr(detector, "disclosure_data", lambda: data)
    text = "Use my code TUBE5 today"
    on_linkedin = Linter({"select": ["IMP207"], "platform": "linkedin"})
    assert fixed(on_linkedin, text) == "Use my code TUBE5 today #sponsored"
    assert fixed(Linter({"select": ["IMP207"]}), text) == "#ad Use my code TUBE5 today"
    assert fixed(Linter({"select": ["IMP207"]}), text, platform="linkedin") == "Use my code TUBE5 today #sponsored"


def test_cue_and_marker_lists_extend_from_config() -> None:
    linter = Linter({
        "select": ["IMP207"],
        "disclosure": {"cues": ["thanks @brand"], "markers": ["#werbung"], "cue-patterns": [r"\bcollab with @\w+"]},
    })
    assert [f.rule for f in linter.check("Big thanks @brand, love it.").findings] == ["IMP207"]
    assert [f.rule for f in linter.check("My collab with @acme is live!").findings] == ["IMP207"]
    assert linter.check("#werbung Big thanks @brand, love it.").findings == []


def test_bad_config_pattern_is_a_config_error() -> None:
    from authlint.errors import ConfigError

    with pytest.raises(ConfigError, match=r"disclosure\.cue-patterns"):
        Linter({"disclosure": {"cue-patterns": ["(unclosed"]}})
    assert DisclosureSettings(cues=["x"]).cues == ["x"]


def _texts_with_cues() -> list[str]:
    import json
    from pathlib import Path

    from authlint.ruleset.loader import load_rules
    from authlint.support.data import builtin_rules_dir

    root = Path(__file__).resolve().parent.parent
    texts = [json.loads(line)["text"] for line in (root / "examples" / "corpus.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    for rule in load_rules([builtin_rules_dir()]):
        texts += [b.text for b in rule.examples.bad] + list(rule.examples.good)
    return texts


@pytest.mark.parametrize("shape", ["as is", "upper", "odd letters"])
def test_literal_pretests_never_skip_a_pattern_that_matches(shape: str) -> None:
    """Each cue and marker pattern runs only on posts with the literals it needs; on every
    corpus post and rule example (also upper-cased, and with letters such as U+017F and the
    Kelvin sign that match ASCII case-insensitively), the pre-tested search finds exactly
    what running every pattern finds."""
    from dataclasses import replace

    rules = DisclosureRules(disclosure_data())
    tested = sum(test is not None for *_, test in rules._cues.each)
    assert tested >= len(rules._cues.each) - 1  # all but, at most, one pattern have literals
    for text in _texts_with_cues():
        if shape == "upper":
            text = text.upper()
        elif shape == "odd letters":
            text = text.replace("s", "\u017f").replace("k", "\u212a").replace("I", "\u0130")
        for patterns in (rules._cues, rules._markers):
            every = replace(patterns, each=tuple((pattern, part, None) for pattern, part, _ in patterns.each))
            assert rules._search(patterns, text) == rules._search(every, text), text
