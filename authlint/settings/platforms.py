"""Platform profiles (``authlint/data/platforms/*.yaml``): what each platform allows.

A profile is data: the length limit and how the platform counts it (X's weighted characters
with every URL as 23, Bluesky's graphemes, Mastodon's URLs as 23 and remote mentions as the
local part), the hashtag cap and norm, and whether links in the text are clickable. Measuring
a post against a profile is :mod:`authlint.measures.platform`'s job.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from authlint.support.data import data_path
from authlint.settings.platform_names import canonical_platform
from authlint.support.yamlio import fast_safe_load

_DATA = data_path("platforms")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LengthRule(_Strict):
    limit: int = Field(gt=0)
    counting: Literal["characters", "graphemes", "weighted"] = "characters"
    url_length: int | None = Field(None, description="Every URL counts as this many characters.")
    mention_local_part: bool = Field(False, description="@user@server counts as @user (Mastodon).")
    emoji_weight: int = 2
    default_weight: int = 2
    light_ranges: list[tuple[int, int]] = Field(default_factory=list)


class HashtagRule(_Strict):
    max: int | None = Field(None, ge=0, description="Hard cap: more and the platform refuses or drops tags.")
    recommended: int | None = Field(None, ge=0, description="More than this reads as reach-bait there.")


class LinkRule(_Strict):
    clickable: bool = True


class Profile(_Strict):
    name: str
    title: str
    aliases: list[str] = Field(default_factory=list)
    length: LengthRule
    hashtags: HashtagRule = HashtagRule()
    links: LinkRule = LinkRule()


@lru_cache(maxsize=1)
def profiles() -> Mapping[str, Profile]:
    """Every shipped profile by name."""
    out: dict[str, Profile] = {}
    for path in sorted(_DATA.glob("*.yaml")):
        profile = Profile.model_validate(fast_safe_load(path.read_text(encoding="utf-8")))
        out[profile.name] = profile
    return out


def get_profile(name: str) -> Profile:
    """The profile for ``name`` or an alias (any case); unknown names get a "did you mean"."""
    return profiles()[canonical_platform(name)]
