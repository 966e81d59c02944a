"""Self-promotion rules: what the parse and the patterns must (and must not) catch."""

from __future__ import annotations

import pytest

from authlint import Linter


def rules(linter: Linter, text: str) -> set[str]:
    return {f.rule for f in linter.check(text).findings}


@pytest.mark.parametrize("text", [
    "Buy now! Limited stock.",
    "Please subscribe to my channel.",
    "Grab yours today.",
    "Enroll now, doors close Friday.",
])
def test_imperative_sales_roots_are_flagged(linter: Linter, text: str) -> None:
    assert "PRO101" in rules(linter, text)


def test_dm_for_the_price_is_a_pitch_in_private_not_a_command_to_buy(linter: Linter) -> None:
    assert "PRO119" in rules(linter, "DM me for the price.") and "PRO101" not in rules(linter, "DM me for the price.")
    assert not {"PRO101", "PRO119"} & rules(linter, "If you have questions about the role, DM me and I'll answer them.")


@pytest.mark.parametrize("text", [
    "I finally managed to buy a house after saving for years.",  # "buy" is not the root
    "Order matters here: run the migration first.",              # "Order" is a noun subject
    "We will order pizza for the volunteers.",                   # has a subject, not a command
    "Join us on Friday for the meetup.",                          # invitation, no push
])
def test_sales_words_that_are_not_imperative_roots_pass(linter: Linter, text: str) -> None:
    assert "PRO101" not in rules(linter, text)


def test_self_plug_and_engagement_bait(linter: Linter) -> None:
    assert "PRO107" in rules(linter, "Nice song! Check out my channel for covers.")
    assert "PRO109" in rules(linter, "Tag three friends who need this!")
    assert "PRO109" in rules(linter, 'Comment "YES" below and I will send the guide.')
    assert "PRO109" not in rules(linter, "I'd like to share what we learned.")


def test_link_only_and_repeated_links(linter: Linter) -> None:
    assert "PRO112" in rules(linter, "https://example.com/shop?ref=1")
    assert "PRO112" not in rules(linter, "Our outage write-up, with the timeline: https://example.com/pm")
    assert "PRO113" in rules(linter, "Read https://example.com/a and again https://example.com/a")


def test_exclamation_runs_cost_points_but_are_not_a_warning(linter: Linter) -> None:
    report = linter.check("We did it!!!")
    [finding] = [f for f in report.findings if f.rule == "PRO103"]
    assert finding.severity.value == "info"
    assert report.score < 100


def test_honest_product_update_is_clean(linter: Linter) -> None:
    report = linter.check("Version 2.3 is out: faster search and a fix for the export bug some of you reported.")
    assert not [f for f in report.findings if f.category == "self-promotion"]


@pytest.mark.parametrize(("text", "rule"), [
    ("Early holders win. 0x3F9a2B7c1D4e5F6a7B8c9D0e1F2a3B4c5D6e7F8a", "PRO114"),
    ("CA: 9wXyZ2aBcD3eFgH4iJkL5mNoP6qRsT7uVwX8yZaB1cDepump", "PRO114"),
    ("Small accounts, say hi and I'll follow you!", "PRO109"),
    ("Reply to this post and I'll boost you", "PRO109"),
    ("Best answer gets $100.", "PRO110"),
    ("Posting a new cover on my channel every Friday!", "PRO107"),
    ("If I hit 1000 subscribers I'll shave my head", "PRO107"),
    ("Signed up with my link? https://example.com/signup?ref=tom4421", "PRO116"),
    ("This dev just dropped a free 4-hour masterclass on AI agents.", "PRO117"),
    ("Most people still don't know this trick exists. Save this thread.", "PRO117"),
    ("Day 12 of turning $1k into $100k.", "PRO115"),
])
def test_pushy_patterns_from_spam_posts(linter: Linter, text: str, rule: str) -> None:
    assert rule in rules(linter, text)


@pytest.mark.parametrize("text", [
    "We deployed the fix in commit 4e1d9b2c7a3f5e6d8c0b1a2f3e4d5c6b7a8f9e0d.",
    "Come say hi at our booth, we'd love to hear how you use the app.",
    "I made a short video about the trip on my blog.",
    "Our referral scheme is paused while we fix the billing bug.",
    "Most people don't need a standing desk; I did, because of my back.",
    "Revenue grew 12% this quarter and we hired two people.",
    "We picked 20 random users for interviews and paid them for their time.",
])
def test_ordinary_posts_do_not_trip_the_spam_patterns(linter: Linter, text: str) -> None:
    assert not [f for f in linter.check(text).findings if f.category == "self-promotion"]
