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
    "DM me for the price.",
    "Enroll now, doors close Friday.",
])
def test_imperative_sales_roots_are_flagged(linter: Linter, text: str) -> None:
    assert "PRO101" in rules(linter, text)


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
