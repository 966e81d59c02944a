"""Issue 16, round 3: drive-by plugs, sales listings, launch pitches, live-activity social proof
and thank-yous addressed to the reader. Texts are our own, written for these cue families."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from authlint import Linter
from authlint.cli import cli

ROUND3 = ("PRO121", "PRO122", "PRO123", "IMP108", "CON101")


@pytest.fixture(scope="module")
def only_round3() -> Linter:
    """These rules alone: another rule on the same words (merged as one finding) hides nothing."""
    return Linter({"select": list(ROUND3)}, claims=False)


def rules(linter: Linter, text: str) -> set[str]:
    return {f.rule for f in linter.check(text).findings}


@pytest.mark.parametrize(("text", "rule"), [
    ("Check out the latest remix by DJ Ferro on soundcloud, it slaps", "PRO121"),
    ("Yo check this out www.clips.example/v/77", "PRO121"),
    ("Share please!", "PRO121"),
    ("Our shelter is full this winter, would you all please donate? https://give.example/shelter", "PRO121"),
    ("I'm a small streamer and it would be awesome if you checked me out", "PRO121"),
    ("Headphones $30, speakers $45, chargers $5, cables $2. Order through the page.", "PRO122"),
    ("We sell handmade mugs from $12, on Etsy only.", "PRO122"),
    ("Want more TikTok followers? Visit grow.example today", "PRO122"),
    ("Introducing Ledgerly, budgeting for freelancers.\n\nSign up today: https://ledgerly.example", "PRO123"),
    ("Our plugin is now available for every editor. Download it now.", "PRO123"),
])
def test_plug_listing_and_launch_pitch_families(only_round3: Linter, text: str, rule: str) -> None:
    assert rule in rules(only_round3, text)


@pytest.mark.parametrize("text", [
    "You should check out the lyrics of the bridge, they change the whole song.",  # no link, no site
    "Like me, she moved here for the job.",                                    # "like me" is a comparison
    "I paid $12 for lunch, $30 for the train and $8 for coffee. London is expensive.",
    "I'm selling my old bike to a neighbour; she's paying me in cake.",
    "We launched the beta last year and learned a lot. Here is what went wrong.",  # launch, no call to act
    "Try turning it off and on again; then tell me what the light does.",        # call to act, no launch
    "The new episode is out now and I cried at the ending.",                      # a fan, no call to act
])
def test_ordinary_posts_are_not_plugs_listings_or_pitches(only_round3: Linter, text: str) -> None:
    assert not rules(only_round3, text) & {"PRO121", "PRO122", "PRO123"}


def test_drive_by_plug_is_found_from_the_cli_where_urls_are_stubbed() -> None:
    # The CLI replaces each URL with a same-length stub that keeps its scheme: the cue must
    # still see that a link is there.
    text = "Hey everyone, watch this https://clips.example/v/1234\n"
    result = CliRunner().invoke(cli, ["check", "-", "--select", "PRO121", "--format", "json", "--no-cache"], input=text)
    [post] = json.loads(result.stdout)["files"]
    assert [f["rule"] for f in post["findings"]] == ["PRO121"]


@pytest.mark.parametrize("text", [
    "Someone from Austin, Texas just bought the Explorer bundle",
    "Ana in Lisbon, Portugal purchased a Linen Shirt 3 minutes ago",
    "23 people are viewing this right now",
    "58 shoppers have added this to their carts",
    "12 sold in the past 6 hours",
])
def test_live_activity_notices_are_fabricated_social_proof(only_round3: Linter, text: str) -> None:
    assert "IMP108" in rules(only_round3, text)


@pytest.mark.parametrize("text", [
    "Ana in Accounts ordered lunch for the team.",
    "Someone from the Leeds group asked about Sunday hours.",
    "300 people came to the launch party, and 12 of them were our parents.",
])
def test_real_crowds_and_people_are_not_social_proof(only_round3: Linter, text: str) -> None:
    assert "IMP108" not in rules(only_round3, text)


@pytest.mark.parametrize("text", ["Thank you for explaining, that helps.", "Cheers, thanks mate", "Thank you!", "I appreciate that."])
def test_thanks_to_the_reader_is_connection(only_round3: Linter, text: str) -> None:
    assert "CON101" in rules(only_round3, text)


@pytest.mark.parametrize("text", ["Thanks.", "No thanks, I'll keep the free plan.", "Well, thanks for nothing.", "Thanks, I hate it."])
def test_curt_or_sarcastic_thanks_is_not_connection(only_round3: Linter, text: str) -> None:
    assert "CON101" not in rules(only_round3, text)
