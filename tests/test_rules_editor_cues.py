"""Issue 16: cue families, suppressors that don't cancel real problems, the score bands,
one phrase costing once, URL-aware affiliate detection from the CLI, and rewrites that help."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from authlint import Linter
from authlint.cli import cli
from authlint.report.results import Finding
from authlint.report.scoring import (
    HARM_CAP,
    STYLE_FLOOR,
    WARNED_MAX,
    band,
    distinct,
    score,
)
from authlint.severity import Severity


def rules(linter: Linter, text: str) -> set[str]:
    return {f.rule for f in linter.check(text).findings}


def _finding(rule: str, category: str, start: int, end: int, weight: float,
             severity: Severity = Severity.WARNING) -> Finding:
    return Finding(rule=rule, name="x", category=category, severity=severity, message="m", why="w",
                   start=start, end=end, line=1, column=start + 1, end_line=1, end_column=end + 1,
                   text="x", weight=weight)


# --- cue families -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "rule"), [
    ("Humbled and thrilled to be named Young Engineer of the Year.", "SEL106"),
    ("I secured the biggest contract in our region's history.", "SEL107"),
    ("Check your facts before posting, mate.", "SNK107"),
    ("Sure, because nothing bad ever happens when you skip testing.", "SNK108"),
    ("Love how the lift is broken again 🙄", "SNK109"),
    ("As previously mentioned, the form closes at noon.", "SNK103"),
    ("Call our toll free number 0800 555 0100 for support with any airline.", "PRO118"),
    ("Custom cakes for every occasion, inbox me!", "PRO119"),
    ("Awesome video! www.get-rich-now.example", "PRO120"),
    ("Verify your account: send us your password and the 6-digit code.", "IMP210"),
    ("I deposited £500 and withdrew £7,000 a week later, all thanks to her.", "IMP211"),
    ("Got a new phone? Message me on WhatsApp for the group link.", "IMP107"),
    ("So sorry to hear that, hang in there.", "CON106"),
])
def test_new_cue_families_fire(linter: Linter, text: str, rule: str) -> None:
    assert rule in rules(linter, text)


def test_a_brag_with_a_thank_you_tag_is_still_a_brag(linter: Linter) -> None:
    # The tag after the trophy no longer cancels SEL103/SEL105 ...
    assert "SEL103" in rules(linter, "I won the championship again. Thanks @club!")
    assert "SEL105" in rules(linter, "I just got the keys to my new Porsche. Thanks @dealer")
    # ... credit that is the point of the post still does.
    assert "SEL103" not in rules(linter, "I won the championship, and I couldn't have done it without my coach.")


def test_gifted_product_without_disclosure(linter: Linter) -> None:
    assert "IMP207" in rules(linter, "@glowco sent me their new palette and it's stunning")
    assert "IMP207" not in rules(linter, "#gifted @glowco sent me their new palette and it's stunning")


def test_affiliate_link_is_found_from_the_cli_and_other_rules_still_ignore_urls() -> None:
    text = "Loving this kettle, https://amzn.to/abc?tag=me-21\n"
    result = CliRunner().invoke(cli, ["check", "-", "--select", "IMP207", "--format", "json", "--no-cache"], input=text)
    [post] = json.loads(result.stdout)["files"]
    assert [f["rule"] for f in post["findings"]] == ["IMP207"]
    assert "https://amzn.to/abc?tag=me-21" in post["findings"][0]["message"]
    # A phrase inside a URL is still invisible to phrase rules (the stub hides it).
    masked = CliRunner().invoke(cli, ["check", "-", "--select", "SNK101", "--format", "concise", "--no-cache"],
                                input="Read https://example.com/oh-great/slow-clap today\n")
    assert "SNK101" not in masked.stdout


# --- false alarms removed -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "rule"), [
    ("My first pottery class was a disaster and I loved every minute of it.", "SNK104"),
    ("Someone wrote 'oh great, slow clap' under our notes. Fair point: here is what we changed.", "SNK101"),
    ("The new layout makes perfect sense to me.", "SNK101"),
    ("That haircut phase was peak cringe.", "SNK105"),
    ("Run setup.py, then setup.py test, then open docs/index.md and docs/index.md again.", "PRO113"),
    ("Please help me understand this stack trace.", "PRO107"),
    ("Questions about the job? DM me and I'll answer.", "PRO101"),
])
def test_false_alarms_are_gone(linter: Linter, text: str, rule: str) -> None:
    assert rule not in rules(linter, text)


def test_sarcastic_praise_reads_the_relation(linter: Linter) -> None:
    assert "SNK104" in rules(linter, "I just love waiting an hour for the bus.")
    assert "SNK104" in rules(linter, "Stuck in traffic for two hours. Awesome.")
    assert "SNK104" not in rules(linter, "The flight was delayed, but the crew were wonderful.")


def test_profile_claims_no_longer_misread(linter: Linter) -> None:
    nurse = {"name": "Sam", "roles": ["nurse", "barista"], "credentials": ["RN"], "organizations": ["St Mary's"]}
    assert "IMP204" not in {f.rule for f in linter.check("As an ICU nurse, I see how tired everyone is.", author=nurse).findings}
    assert "IMP202" not in {f.rule for f in linter.check("I'm the fastest latte artist in town.", author=nurse).findings}
    verified = linter.check("✅ Verified account of the Riverside Library.", author=nurse)
    assert not any(f.rule == "IMP203" and "Verified" in f.message for f in verified.findings)


# --- score --------------------------------------------------------------------------------------

def test_one_phrase_matched_by_two_rules_costs_once(linter: Linter) -> None:
    report = linter.check("Oh great, another outage.")
    snark = [f for f in report.findings if f.category == "snark"]
    assert len(snark) == 1 and snark[0].rule == "SNK101"
    merged = distinct([_finding("SNK101", "snark", 0, 8, 8), _finding("SNK104", "snark", 3, 8, 8),
                       _finding("PRO101", "self-promotion", 3, 8, 10)])
    assert [f.rule for f in merged] == ["SNK101", "PRO101"]  # other categories are other problems


def test_bands_hold_by_construction() -> None:
    limits: dict[str, int] = {}
    one_warning, _ = score([_finding("SEL105", "selfishness", 0, 3, 4)], limits)
    assert one_warning == WARNED_MAX and band(one_warning) == "second look"
    thanked, _ = score([_finding("SEL105", "selfishness", 0, 3, 4), _finding("CON101", "connection", 5, 9, 6, Severity.INFO)], limits)
    assert thanked <= WARNED_MAX
    style = [_finding(f"SNK10{i}", "snark", i * 10, i * 10 + 5, 30) for i in range(1, 5)]
    assert score(style, limits)[0] == STYLE_FLOOR
    harm = [_finding("IMP207", "impersonation", 0, 3, 15, Severity.ERROR)]
    assert score(harm, limits)[0] <= HARM_CAP < STYLE_FLOOR
    harm_thanked = [*harm, _finding("CON101", "connection", 5, 9, 6, Severity.INFO)]
    assert score(harm_thanked, limits)[0] == score(harm, limits)[0]
    assert band(90) == "ready" and band(89) == "second look" and band(69.9) == "rewrite"


# --- rewrites -----------------------------------------------------------------------------------

def test_every_rule_suggestion_refers_to_the_post(linter: Linter) -> None:
    import string

    for rule in linter.rules:
        fields = [f for s in rule.suggestions for _, f, _, _ in string.Formatter().parse(s.template) if f]
        assert fields, f"{rule.code}: a suggestion with no placeholder is the same whatever the post"


def test_no_fix_turns_a_harmful_post_into_a_clean_scoring_one(linter: Linter) -> None:
    """Apply every fix, safe and unsafe, as ``--fix --unsafe-fixes`` does (re-lint until nothing
    changes). A harmful post may only reach 90 when the fix cured the harm itself: adding the
    missing disclosure (``IMP207``) makes an undisclosed ad a disclosed one."""
    from pathlib import Path

    from authlint.report.evaluate import read_rows
    from authlint.report.fix import MAX_PASSES, apply_edits, edits_for
    from authlint.report.scoring import is_harm

    corpus = Path(__file__).resolve().parent.parent / "examples" / "corpus.jsonl"
    profile = {"name": "Jane", "roles": ["community manager"]}
    texts = [r.text for r in read_rows(corpus) if r.labels]
    texts += ["As a nurse, I can tell you this tea cures the flu.",
              "I'm a licensed physician: skip the vaccine and take zinc instead."]
    for original in texts:
        report = linter.check(original, author=profile)
        harms = {f.rule for f in report.findings if is_harm(f)}
        if not harms:
            continue
        text = original
        for _ in range(MAX_PASSES):
            edits = edits_for(text, linter.check(text, author=profile).findings, unsafe=True)
            if not edits:
                break
            text = apply_edits(text, edits)
        fixed = linter.check(text, author=profile)
        assert fixed.score < 90 or harms <= {"IMP207"}, (original, text, fixed.score)
