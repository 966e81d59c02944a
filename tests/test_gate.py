"""The gate's finer tests (word order, vetoes, one sentence) skip analysis only where a rule
cannot match. That findings never change is proven on whole corpora in test_prefilter.py;
these tests show each test actually skips what it should."""

from __future__ import annotations

import pytest

from authlint import Linter
from authlint.gate.prefilter import SurfaceForms, doc_forms, lexical_patterns


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(claims=False)


@pytest.fixture(scope="module")
def forms(linter: Linter) -> SurfaceForms:
    return SurfaceForms(linter.analyzer.nlp)


def _unit(linter: Linter, code: str, index: int | None = None):
    (unit,) = [u for u in linter.engine.gate._units if u.code == code and u.index == index]
    return unit


def _admits(linter: Linter, unit, text: str) -> bool:
    (doc,) = linter.analyzer.tokenize([text])
    return unit.admits(doc, doc_forms(doc))


def _tagged(linter: Linter, text: str) -> bool:
    """Whether the post is tagged when no author profile is set (profile rules cannot match)."""
    ((doc, _),) = linter.engine.gate.pipe_posts([(text, False)])
    return doc.has_annotation("TAG")


def test_lexical_patterns_drop_what_only_analysis_knows(forms):
    relaxed = lexical_patterns([
        [{"LOWER": "thanks"}, {"LOWER": "to"}, {"POS": "PROPN", "OP": "+"}],
        [{"LEMMA": "love", "POS": "VERB"}, {"LOWER": {"IN": ["when", "how"]}}],
        [{"LOWER": "not"}, {"POS": "ADJ", "OP": "!"}, {"IS_SENT_START": True, "TAG": "VB", "LOWER": "buy"}],
    ], forms)
    assert relaxed is not None
    thanks, love, negated = relaxed
    assert thanks == [{"LOWER": "thanks"}, {"LOWER": "to"}, {"OP": "+"}]
    assert love[0] == {"LOWER": {"IN": sorted(forms.lemma("love"))}} and "loved" in love[0]["LOWER"]["IN"]
    # "a token that is not an adjective" relaxes to "any one token", never to "no token"
    assert negated == [{"LOWER": "not"}, {}, {"IS_SENT_START": True, "LOWER": "buy"}]


def test_lexical_patterns_with_nothing_lexical_left(forms):
    assert lexical_patterns([[{"POS": "PROPN", "OP": "+"}], [{"DEP": "nsubj"}]], forms) is None


def test_word_order_keeps_the_tagger_off_thanks_that_credit_no_one(linter):
    """CON101's tagged pattern needs "thanks ... to <name>" in that order, not both words anywhere."""
    unit = _unit(linter, "CON101", 1)
    assert _admits(linter, unit, "Thanks so much to Maria Lopez for the review.")
    assert not _admits(linter, unit, "Thanks! I went to the shop.")
    assert not _tagged(linter, "Thanks! I went to the shop.")


def test_a_mixed_rules_lexical_detector_runs_only_where_its_own_words_are(linter):
    """CON101 needs the tagger for one detector; its plain "thanks ... @name" patterns still
    run only on posts with one of their words, not on every post."""
    unit = _unit(linter, "CON101", 0)
    assert not unit.needs  # gating it never makes a post pay for analysis
    assert _admits(linter, unit, "Huge thanks to @maria for the review.")
    assert not _admits(linter, unit, "The train was late again this morning.")
    ((_, plan),) = linter.engine.gate.pipe_posts([("The train was late again this morning.", False)])
    assert 0 not in (plan.get("CON101") or ())
    assert "CON101" in {f.rule for f in linter.check("Huge thanks to @maria for the review.").findings}


def test_a_lexical_unless_vetoes_analysis_for_a_post_wide_conditional(linter):
    """SEL103 stands down when the post says "we", "thanks"... so such posts are not parsed for it."""
    unit = _unit(linter, "SEL103")
    assert _admits(linter, unit, "I won the hackathon.")
    assert not _admits(linter, unit, "I won the hackathon with my team.")
    assert not _tagged(linter, "I won the hackathon with my team.")
    findings = {f.rule for f in linter.check("I won the hackathon.").findings}
    assert "SEL103" in findings


def test_a_regex_cue_is_its_own_shadow(linter):
    """IMP101's cue is a regex; its requirement (the author's profile) needs the parser. The
    regex itself decides which posts are parsed for it: a title in the pattern is checked (no
    word list to forget it in), and the title word alone parses nothing."""
    unit = _unit(linter, "IMP101", 0)
    assert unit.needs and unit.shadow is not None
    assert _admits(linter, unit, "As a board-certified cardiologist, I can tell you this works.")
    assert not _admits(linter, unit, "My cardiologist says the new tablets are working.")
    assert "IMP101" in {f.rule for f in linter.check("As a board-certified cardiologist, I can tell you this works.").findings}


def test_claim_words_must_share_a_sentence(linter):
    """A high-stakes claim needs the role word and a first-person cue in one sentence."""
    unit = _unit(linter, "IMP206")
    assert _admits(linter, unit, "As a doctor, I say: take two of these daily.")
    assert not _admits(linter, unit, "My cat is fine. The doctor says rest.")
    assert not _admits(linter, unit, "The doctor says rest.")  # no cue at all
    assert unit.by_sentence


def test_the_gate_changes_nothing_on_posts_built_to_cross_its_tests():
    """Posts that pass one test and fail another: same reports with and without the gate."""
    texts = [
        "I won the hackathon. We celebrated after.",
        "I won. Thanks, everyone!",
        "Thanks to\nMaria for the help",
        "thanks, to be fair, Maria did it",
        "As a doctor. I recommend rest.",
        "I'm a doctor, trust me: take this.",
        "I love it when the train is late.",
        "Loved it. When is the next one?",
        "Buy it now. I bought two.",
    ]
    gated, full = Linter(), Linter(prefilter=False)
    assert list(gated.check_many(texts)) == list(full.check_many(texts))
