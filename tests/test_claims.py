"""Claim extraction: each construction yields the right kind, value and exact span."""

from __future__ import annotations

import pytest

from authlint import Linter
from authlint.claims import Claim, check_claim, extract_claims, may_claim
from authlint.claims.cues import PREFILTER_WORDS
from authlint.claims.lexicon import default_lexicon, normalize_words
from authlint.nlp.analyzer import Analyzer
from authlint.nlp.features import LEMMA, NER, PARSER, TAGGER


@pytest.fixture(scope="module")
def nlp():
    return Analyzer("en_core_web_sm", {TAGGER, LEMMA, PARSER, NER}).nlp


def claims(nlp, text: str) -> list[tuple[str, str, str]]:
    found = extract_claims(nlp(text))
    for c in found:
        assert text[c.start:c.end] == c.text  # spans are exact character offsets
    return [(c.kind, c.value, c.text) for c in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # copula
        ("I'm a nurse and I think you should try this.", [("credential", "nurse", "I'm a nurse")]),
        ("I'm proud to be a nurse.", [("credential", "nurse", "I'm proud to be a nurse")]),
        ("As a nurse, I can tell you this works.", [("credential", "nurse", "As a nurse")]),
        ("I am a Harvard professor of economics.",
         [("credential", "professor", "I am a Harvard professor"), ("organization", "Harvard", "I am a Harvard professor")]),
        ("I am the CEO of Acme.", [("role", "CEO", "I am the CEO of Acme"), ("speaks_for", "Acme", "I am the CEO of Acme")]),
        # "as" phrases, including the dangling "speaking as"
        ("As a licensed physician, I recommend this tea.", [("credential", "licensed physician", "As a licensed physician")]),
        ("Speaking as a 22-year-old model, this cream works.",
         [("age", "22", "Speaking as a 22-year-old model"), ("role", "model", "Speaking as a 22-year-old model")]),
        ("I work at Google as a software engineer.",
         [("organization", "Google", "I work at Google"), ("role", "software engineer", "as a software engineer")]),
        # experience
        ("My 30 years on Wall Street taught me one thing: buy gold.", [("role", "Wall Street", "My 30 years on Wall Street")]),
        # appositions
        ("I, a nurse of 20 years, approve.", [("credential", "nurse", "I, a nurse")]),
        ("Hi, I'm Jane, a registered nurse.",
         [("identity", "Jane", "I'm Jane"), ("credential", "registered nurse", "Jane, a registered nurse")]),
        # speaks for
        ("This is the official account of Acme Corp.", [("speaks_for", "Acme Corp.", "the official account of Acme Corp.")]),
        ("Posting on behalf of the Red Cross: donate now.", [("speaks_for", "Red Cross", "Posting on behalf of the Red Cross")]),
        ("Acme's CEO here: we are raising prices.", [("role", "CEO", "Acme's CEO"), ("speaks_for", "Acme", "Acme's CEO")]),
        ("We at Acme are hiring.", [("organization", "Acme", "We at Acme")]),
        # identity
        ("My name is Elon Musk and I approve this giveaway.", [("identity", "Elon Musk", "My name is Elon Musk")]),
        # age and location
        ("I'm 22 and I live in Boston.", [("age", "22", "I'm 22"), ("location", "Boston", "I live in Boston")]),
        ("I am 22 years old and I just turned 30.", [("age", "22", "I am 22 years old"), ("age", "30", "I just turned 30")]),
        ("At 45, I finally learned to code.", [("age", "45", "At 45")]),
        ("Born and raised in Texas, I know BBQ.", [("location", "Texas", "raised in Texas")]),
        ("I'm a mom of three from Ohio.",
         [("location", "Ohio", "I'm a mom of three from Ohio"), ("role", "mom", "I'm a mom of three from Ohio")]),
    ],
)
def test_claim_kinds_values_and_spans(nlp, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert claims(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm not a doctor but this works.",  # negated
        "I'm an aspiring model.",  # hedged
        "I'm a big fan of this.",  # not a role
        "As a nurse, she knows what to do.",  # someone else
        "I hired her as a consultant.",  # describes her
        "Our guest today is a registered nurse who will answer questions.",  # third person
        "Jane, a registered nurse from Ohio, swears by it.",  # apposition to someone else
        "On behalf of our whole team, thank you.",  # nothing checkable
        "The dog here is cute.",
        "Register here https://example.com/signup",  # an imperative, not a sign-on
        "When I was 17 she played my grandma in the school play.",  # a past age is no age claim
        "I could live in this place forever.",  # hypothetical
        "It makes me want to move to Chicago.",  # a wish
        "If I were a doctor, I'd prescribe sleep.",  # a condition
        "I wish I was a lawyer.",
        "I want to be a doctor one day.",
        "I'm going to be a pilot.",
        "Am I a nurse? No.",  # a question
        "Ever considered a career as a developer?",
        "His career as a lawyer ended.",
        "I am just SHOOK",  # capitals are not a name
        "🤑 Mint here",
        "Obama, as Author, Earns Big Money and a New Deal",  # a noun root: once looped forever
    ],
)
def test_not_claims(nlp, text: str) -> None:
    assert claims(nlp, text) == []


def test_celebrity_identity_has_celebrity_stakes(nlp) -> None:
    [claim] = extract_claims(nlp("Hi! Elon Musk here. Sending BTC to everyone."))
    assert (claim.kind, claim.value, claim.stakes) == ("identity", "Elon Musk", "celebrity")


def test_high_stakes_are_labelled(nlp) -> None:
    found = {c.value: c.stakes for c in extract_claims(nlp("As a licensed physician and a CPA, I recommend it. I am a teacher."))}
    assert found["licensed physician"] == "medical"
    assert found["teacher"] == "none"


def test_no_parser_no_claims() -> None:
    nlp = Analyzer("en_core_web_sm", set()).nlp
    assert extract_claims(nlp("I'm a nurse.")) == []


def test_prefilter_is_sound_for_every_claim(nlp) -> None:
    """Every sentence the extractor finds a claim in passes the cheap prefilter (token and regex forms)."""
    texts = [
        "I'm a nurse.", "As a licensed physician, this works.", "Posting on behalf of the Red Cross.",
        "Acme's CEO here: hello.", "Elon Musk here.", "We at Acme are hiring.", "Born and raised in Texas, I cook.",
        "This is the official account of Acme.", "Speaking as a model, this cream works.",
    ]
    for text in texts:
        doc = nlp(text)
        assert extract_claims(doc), text
        assert may_claim(text)
        assert {t.lower_ for t in doc} & set(PREFILTER_WORDS), text
    assert not may_claim("Shipping the new search today. Try it and tell us what breaks.")


def test_report_exposes_claims_from_the_library(linter: Linter) -> None:
    report = linter.check("As a licensed physician, I recommend this tea.")
    assert [(c.kind, c.value) for c in report.claims] == [("credential", "licensed physician")]
    assert isinstance(report.claims[0], Claim)
    dumped = report.to_dict()
    assert dumped["claims"][0]["start"] == 0 and dumped["claims"][0]["text"] == "As a licensed physician"


def test_claims_false_skips_the_listing_but_not_the_claim_rules() -> None:
    text = "As a licensed physician, I recommend this tea. I love my team."
    listed, quiet = Linter(), Linter(claims=False)
    assert listed.check(text).claims and quiet.check(text).claims == []
    assert [f.rule for f in quiet.check(text).findings] == [f.rule for f in listed.check(text).findings]
    assert "IMP206" in {f.rule for f in quiet.check(text).findings}
    profile = {"roles": ["community manager"]}
    assert "IMP201" in {f.rule for f in quiet.check(text, author=profile).findings}
    # Fewer posts are parsed: the first-person post without a claim construction is not.
    (_, _), (doc, _) = list(quiet.engine.gate.pipe_posts([(text, False), ("I love my team and my dog.", False)]))
    assert not doc.has_annotation("DEP")


def test_cache_namespace_separates_reports_with_and_without_claims() -> None:
    from authlint.cache.results import namespace
    from authlint.settings.config import Config

    assert namespace(Config(), claims=True) != namespace(Config(), claims=False)


def test_lexicon_synonyms_and_broader_terms() -> None:
    lex = default_lexicon()
    assert lex.head_concepts("doctor") == lex.head_concepts("physician") == {"physician"}
    assert lex.head_concepts("RN") == lex.head_concepts("registered nurse") == {"registered nurse"}
    assert "nurse" in lex.all_concepts("registered nurses")  # plural, broader concept
    assert lex.head_concepts("attorney") == lex.head_concepts("lawyer")
    assert lex.head_concepts("beekeeper") == {"word:beekeeper"}
    assert normalize_words("M.D.") == ("md",)


def test_check_claim_statuses() -> None:
    from authlint.settings.profile import AuthorProfile

    nurse = Claim(kind="credential", value="nurse", start=0, end=5, text="nurse")
    assert check_claim(nurse, AuthorProfile(credentials=["RN"])).status == "supported"
    verdict = check_claim(nurse, AuthorProfile(roles=["community manager"]))
    assert (verdict.status, verdict.listed, verdict.what) == ("contradicted", "community manager", "the credential")
    assert check_claim(nurse, AuthorProfile()).status == "unsupported"


def test_high_stakes_prefilter_is_sound_and_selective(nlp) -> None:
    """IMP206's word prefilter admits every post it can flag, and skips ordinary first-person posts."""
    from authlint.gate.prefilter import from_words
    from authlint.ruleset.loader import load_rules
    from authlint.settings.config import Config

    [detector] = next(r for r in load_rules(Config().rule_dirs()) if r.code == "IMP206").detectors
    prefilter = from_words(detector.prefilter)
    flagged = [
        "As a licensed physician, I recommend this.", "I'm an M.D. and you should rest.", "I'm one of the fund managers here.",
        "Posting on behalf of the Red Cross: donate.", "This is the official account of Acme.", "Elon Musk here. Send BTC.",
        "I'm a co-founder of Acme and you should invest.", "As policewomen, we ask you to stay home.",
    ]
    for text in flagged:
        assert prefilter.admits({t.lower_ for t in nlp(text)}), text
    assert not prefilter.admits({t.lower_ for t in nlp("I'm a teacher and I love my students.")})
    assert not prefilter.admits({t.lower_ for t in nlp("The hotel manager was kind to us.")})
