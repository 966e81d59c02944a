"""Compare a claim with the author's profile: supported, unsupported (the profile is silent)
or contradicted (the profile lists something else for that kind of claim)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from authlint.claims.lexicon import Lexicon, default_lexicon, normalize_words
from authlint.claims.model import Claim
from authlint.settings.profile import AuthorProfile

Status = Literal["supported", "unsupported", "contradicted"]
# Words that do not tell two organisation names apart ("Acme" ~ "Acme Inc.").
_NAME_NOISE = frozenset({"the", "inc", "corp", "corporation", "co", "ltd", "llc", "plc", "gmbh", "company", "group", "official"})

#: Profile fields that can support each kind of claim, and the word used in messages.
FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "role": (("roles", "credentials"), "the role"),
    "credential": (("roles", "credentials"), "the credential"),
    "identity": (("name", "handles"), "the name or handle"),
    "organization": (("organizations", "speaks_for"), "the organisation"),
    "speaks_for": (("speaks_for",), "the organisation (under speaks-for)"),
    "age": ((), "your age (age or birth-year)"),
    "location": (("locations",), "the location"),
}


@dataclass(frozen=True)
class Verdict:
    claim: Claim
    status: Status
    listed: str  # what the profile lists for this kind ("community manager, registered nurse" or "nothing")
    what: str  # the thing to add to the profile ("credential", "location", ...)

    @property
    def supported(self) -> bool:
        return self.status == "supported"


def _name_words(text: str) -> frozenset[str]:
    return frozenset(w for w in normalize_words(text.lstrip("@")) if w not in _NAME_NOISE)


def same_name(a: str, b: str) -> bool:
    """Loose name equality: one name's words contain the other's ("Acme" ~ "Acme Corp.", "Jane" ~ "Jane Doe")."""
    wa, wb = _name_words(a), _name_words(b)
    if not wa or not wb:
        return False
    if wa <= wb or wb <= wa:
        return True
    # handles are often run together: "@janedoe" ~ "Jane Doe"
    return "".join(sorted(wa)) == "".join(sorted(wb)) or "".join(normalize_words(a)) == "".join(normalize_words(b.lstrip("@")))


def check_claim(claim: Claim, profile: AuthorProfile, lexicon: Lexicon | None = None) -> Verdict:
    """Whether ``profile`` supports ``claim`` (lemma- and synonym-aware for roles and credentials)."""
    lexicon = lexicon or default_lexicon()
    fields, what = FIELDS[claim.kind]
    listed_items = [item for f in fields if f != "name" for item in getattr(profile, f)]
    if claim.kind in ("role", "credential"):
        wanted = lexicon.head_concepts(claim.value)
        have: set[str] = set()
        for item in listed_items:
            have |= lexicon.all_concepts(item)
        ok = bool(wanted & have)
    elif claim.kind == "identity":
        names = ([profile.name] if profile.name else []) + list(profile.handles)
        listed_items = names
        ok = any(same_name(claim.value, n) for n in names)
    elif claim.kind in ("organization", "speaks_for"):
        names = list(listed_items)
        if claim.kind == "speaks_for":  # the official account of oneself is fine
            names += ([profile.name] if profile.name else []) + list(profile.handles)
        ok = any(same_name(claim.value, n) for n in names)
    elif claim.kind == "age":
        ages = profile.ages()
        listed_items = [] if ages is None else [str(ages[0]) if ages[0] == ages[1] else f"{ages[0]}-{ages[1]}"]
        ok = ages is not None and ages[0] <= int(claim.value) <= ages[1]
    else:  # location
        keys = lexicon.place_keys(claim.value)
        ok = any(same_name(claim.value, loc) or (keys & lexicon.place_keys(loc)) for loc in listed_items)
    if ok:
        status: Status = "supported"
    else:
        status = "contradicted" if listed_items else "unsupported"
    return Verdict(claim, status, ", ".join(listed_items) if listed_items else "nothing", what)


def describe_claim(claim: Claim) -> str:
    """The claim as a phrase after "You claim ...": 'to be a nurse', 'to speak for Acme'."""
    value = claim.value
    if claim.kind in ("role", "credential"):
        if claim.form == "experience":
            text = claim.text
            return "to have " + (text[3:] if text.lower().startswith("my ") else text)
        return f"to be {article(value)} {value}"
    return {
        "identity": f"to be {value}",
        "organization": f"to be affiliated with {value}",
        "speaks_for": f"to speak for {value}",
        "age": f"to be {value}",
        "location": f"to be based in {value}",
    }[claim.kind]


def article(phrase: str) -> str:
    words = normalize_words(phrase)
    first = words[0] if words else ""
    # initialisms read letter by letter: "an RN", "an MD", "a CPA"
    if phrase[:1].isupper() and phrase.split()[0].isupper() and len(phrase.split()[0]) <= 4:
        return "an" if first[:1] in "aefhilmnorsx" else "a"
    return "an" if first[:1] in "aeiou" and not first.startswith(("uni", "use", "eu")) else "a"
