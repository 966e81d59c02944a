"""Prefilters skip the tagger/parser only where no rule could match: findings never change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from authlint import Linter
from authlint.gate.prefilter import (
    SENT_START,
    Prefilter,
    SurfaceForms,
    dependency_patterns,
    doc_forms,
    from_words,
    token_patterns,
    union,
)
from authlint.ruleset.loader import load_rules
from authlint.support.data import builtin_rules_dir

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

VARIED = [
    "",
    "   \n\n  ",
    "Buy now!!! Link in bio.",
    "buy now. BUY NOW. Bought it yesterday, buying more today.",
    "Please subscribe to my channel, it means a lot!",
    "Sign up today and save 20%.",
    "Huge thanks to @maria for reviewing every chapter. Thanks to Priya Patel too.",
    "I crushed my targets this quarter. I achieved everything I set out to do.",
    "We won the league! I'm so proud of this team.",
    "Trust me, I'm a doctor: this supplement works.",
    "As a nurse of ten years I can tell you to drink more water.",
    "I just love waiting an hour for the bus in the rain.",
    "Love it when the app logs me out mid-order.",
    "Stuck in traffic for two hours. Awesome.",
    "Oh great, another Monday. Sure, because that always works.",
    "I'm speaking on behalf of the company: we are sorry.",
    "Born and raised in Leeds, based in Berlin, I live for good coffee.",
    "Use my code GLOW15 for 15% off! #gifted",
    "#ad Use my code GLOW15 for 15% off!",
    "Check out https://example.com and https://example.com again!!!",
    "THIS IS THE BEST DEAL EVER. DON'T MISS IT.",
    "Grateful for everyone who came. What should we build next?",
    "We got this wrong in the first beta. That's on us, and it's fixed.",
    "So glad that the meeting ran two hours over.",
    "Limited time only — only 3 left, hurry!",
    "Free crypto giveaway: send 1 ETH to get 2 back, connect your wallet.",
    "🎉🎉 Launch day 🚀 #startup #launch #saas #founder #growth #ai",
    "Great job team.\nReally great job.\r\nThanks all",
    "I I I me me my mine myself.",
    "Got it now, get yours now before they're gone.",
    "Try it free today. Join us now. Book here.",
    "Nothing to see here, you guys.",
    "Congrats to the whole team, and shout-out to @dev_sam!",
    "Clearly you haven't read the docs. Per my last email, it's in there.",
]


def _example_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*")) if p.suffix in (".md", ".txt")]
    for table in ("corpus.jsonl", "drafts.jsonl"):  # the labelled corpus and the new-user drafts
        path = EXAMPLES / table
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    texts.append(json.loads(line)["text"])
    return texts


def _rule_example_texts() -> list[str]:
    texts: list[str] = []
    for rule in load_rules([builtin_rules_dir()]):
        texts += [b.text for b in rule.examples.bad] + list(rule.examples.good)
    return texts


@pytest.fixture(scope="module")
def linters() -> tuple[Linter, Linter]:
    return Linter(), Linter(prefilter=False)


@pytest.fixture(scope="module")
def forms(linters: tuple[Linter, Linter]) -> SurfaceForms:
    staged, _ = linters
    staged.check("warm up")
    return SurfaceForms(staged.analyzer.nlp)


def _dump(linter: Linter, texts: list[str]) -> list[dict]:
    return [r.to_dict() for r in linter.check_many(texts)]


@pytest.mark.parametrize("name,texts", [
    ("examples corpus", _example_texts()),
    ("varied texts", VARIED),
    ("every rule's examples", _rule_example_texts()),
])
def test_findings_identical_with_and_without_prefilter(linters, name, texts):
    staged, full = linters
    assert staged.engine.gate.staged, "the default pipeline should be staged"
    with_prefilter, without = _dump(staged, texts), _dump(full, texts)
    assert len(with_prefilter) == len(texts)
    for text, a, b in zip(texts, with_prefilter, without):
        assert a == b, f"{name}: prefiltering changed the report of {text[:80]!r}"
    assert any(r["findings"] for r in with_prefilter) or name == "varied texts"


def test_findings_identical_with_and_without_prefilter_under_a_profile():
    """Profile rules read entity types on demand (deferred NER): same reports as a full run."""
    author = {"name": "Jane Doe", "roles": ["community manager"], "organizations": ["Acme"], "locations": ["Leeds"]}
    texts = _example_texts() + _rule_example_texts() + VARIED
    staged, full = Linter({"author": author}), Linter({"author": author}, prefilter=False)
    assert _dump(staged, texts) == _dump(full, texts)


def test_entity_recognizer_runs_only_when_a_claim_needs_it(linters):
    staged, _ = linters
    (plain, _), (_claim, _) = staged.engine.gate.pipe(["I love my team.", "I am Elon Musk and I double your BTC."])
    assert plain.has_annotation("DEP") and not plain.has_annotation("ENT_IOB")
    report = staged.check("I am Elon Musk and I double your BTC.")
    assert [(c.kind, c.value) for c in report.claims] == [("identity", "Elon Musk")]


@pytest.mark.fresh_pipeline  # watches the entity recognizer load: no pipeline an earlier test loaded
def test_entity_recognizer_loads_only_when_first_needed():
    linter = Linter(claims=False)
    analyzer = linter.analyzer
    assert "ner" not in analyzer.nlp.pipe_names  # read on demand only: not loaded up front
    linter.check("Buy now! Limited stock.")
    (_, lazy), = analyzer._lazy
    assert lazy._proc is None
    report = linter.check("I am Elon Musk and I will double your BTC.")
    assert lazy._proc is not None and any(f.rule == "IMP206" for f in report.findings)


def test_prefilter_actually_skips_analysis(linters):
    """A post with none of the gated rules' words is never tagged or parsed."""
    staged, _ = linters
    docs = list(staged.engine.gate.pipe(["The weather is mild.", "Buy now! Limited stock."]))
    (plain, plain_rules), (sell, sell_rules) = docs
    assert not plain.has_annotation("TAG") and not plain.has_annotation("DEP")
    assert sell.has_annotation("TAG") and sell.has_annotation("DEP")
    assert "PRO101" in sell_rules and "PRO101" not in plain_rules


def test_every_lemma_maps_back_to_its_surface_form(linters, forms):
    """The inverted lemmatizer tables are sound: each analysed token's text is among the surface
    forms derived for its lemma (the property every LEMMA prefilter relies on)."""
    _, full = linters
    texts = _example_texts() + VARIED + _rule_example_texts()
    checked = 0
    for doc in full.analyzer.pipe(texts):
        for token in doc:
            surfaces = forms.lemma(token.lemma_)
            if surfaces is None:
                continue
            assert token.lower_ in surfaces, (token.text, token.lemma_, token.pos_)
            checked += 1
    assert checked > 1000


def test_irregular_lemmas(forms):
    assert {"buy", "buys", "bought", "buying"} <= forms.lemma("buy")
    assert {"am", "is", "are", "was", "were", "'m", "'s"} <= forms.lemma("be")
    assert "won" in forms.lemma("win")


def test_token_pattern_requirements(forms):
    prefilter = token_patterns([
        [{"LOWER": "get"}, {"LOWER": {"IN": ["yours", "it"]}, "OP": "?"}, {"POS": "ADV"}],
        [{"IS_SENT_START": True, "LEMMA": {"IN": ["buy", "shop"]}}, {"LOWER": "now", "OP": "!"}],
    ], forms)
    assert prefilter is not None
    first, second = prefilter.clauses
    assert first == (frozenset({"get"}),)  # optional and literal-free tokens add nothing
    assert second == (frozenset(SENT_START + f for f in forms.lemma("buy") | forms.lemma("shop")),)
    assert prefilter.admits({"get"}) and not prefilter.admits({"bought"})
    assert prefilter.admits({SENT_START + "bought"})


def test_pattern_without_literals_cannot_be_prefiltered(forms):
    assert token_patterns([[{"POS": "PROPN", "OP": "+"}]], forms) is None
    assert token_patterns([[{"LOWER": {"REGEX": "^buy"}}]], forms) is None
    assert token_patterns([[{"LOWER": "x", "OP": "*"}]], forms) is None
    assert token_patterns([[{"LOWER": "hi"}], [{"ENT_TYPE": "PERSON"}]], forms) is None


def test_dependency_pattern_needs_every_node(forms):
    prefilter = dependency_patterns([[
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": "win", "POS": "VERB"}},
        {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "subj", "RIGHT_ATTRS": {"DEP": "nsubj", "LOWER": {"IN": ["i", "we"]}}},
        {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "obj", "RIGHT_ATTRS": {"DEP": "dobj"}},
    ]], forms)
    assert prefilter is not None
    assert prefilter.admits({"we", "won"}) and not prefilter.admits({"we", "lost"}) and not prefilter.admits({"won"})


def test_union_and_explicit_words():
    a = from_words(["so glad", "love"])
    assert a.admits({"so", "glad"}) and a.admits({"love"}) and not a.admits({"glad"})
    assert union([a, Prefilter(((frozenset({"x"}),),))]).admits({"x"})
    assert union([a, None]) is None


def test_a_requirement_shared_by_every_clause():
    """``requiring`` adds a word group to every clause (a claim's first-person cue): it is
    tested once, and what remains of each clause as before."""
    roles = from_words(["doctor", "nurse", "chief medical officer"]).requiring(["i", "my"])
    assert roles.admits({"i", "doctor"}) and roles.admits({"my", "chief", "medical", "officer"})
    assert not roles.admits({"doctor"}) and not roles.admits({"i", "chief", "officer"})
    assert not roles.admits({"i"})
    only_cue = Prefilter(((frozenset({"i"}),), (frozenset({"i"}), frozenset({"x"}))))
    assert only_cue.admits({"i"}) and not only_cue.admits({"x"})
    assert not Prefilter(()).admits({"anything"})


def test_doc_forms_marks_sentence_starts(linters):
    staged, _ = linters
    (doc,) = staged.analyzer.tokenize(["well. Buy it\nNow go"])
    forms = doc_forms(doc)
    assert {"well", "buy", "now", SENT_START + "well", SENT_START + "buy", SENT_START + "now"} <= forms
    assert SENT_START + "it" not in forms


def test_unknown_detectors_fall_back_to_full_analysis(tmp_path):
    """A rule needing the tagger whose detector authlint cannot read runs on every post."""
    rule = tmp_path / "TST101-any-propn.yaml"
    rule.write_text(
        "code: TST101\nname: any-propn\ncategory: snark\nmessage: m\nwhy: w\n"
        "detectors:\n  - type: token_pattern\n    patterns: [[{POS: PROPN}]]\n"
        "suggestions: [{template: t}]\n"
        "examples: {bad: [{text: 'Paris is nice.', expect: [{match: Paris}]}], good: ['it is nice.']}\n",
        encoding="utf-8",
    )
    linter = Linter({"builtin-rules": False, "rules": [str(tmp_path)]})
    assert [f.text for f in linter.check("We met Alice in Paris.").findings] == ["Alice", "Paris"]
    assert linter.engine.gate.prefilters() == {"TST101": None}


def test_explicit_rule_prefilter(tmp_path):
    rule = tmp_path / "TST102-propn-after-thanks.yaml"
    rule.write_text(
        "code: TST102\nname: propn-after-thanks\ncategory: connection\nmessage: m\nwhy: w\n"
        "prefilter: [thanks]\n"
        "detectors:\n  - type: token_pattern\n    patterns: [[{POS: PROPN}]]\n"
        "suggestions: [{template: t}]\n"
        "examples: {bad: [{text: 'thanks Alice', expect: [{match: Alice}]}], good: ['it is nice.']}\n",
        encoding="utf-8",
    )
    linter = Linter({"builtin-rules": False, "rules": [str(tmp_path)]})
    assert "Alice" in [f.text for f in linter.check("Thanks Alice!").findings]
    # The author promised: no "thanks", no match -- so the post is not even tagged.
    assert linter.check("We met Alice.").findings == []
    unfiltered = Linter({"builtin-rules": False, "rules": [str(tmp_path)]}, prefilter=False)
    assert [f.text for f in unfiltered.check("We met Alice.").findings] == ["Alice"]


CONTRASTS = [
    "I just love waiting an hour for the bus in the rain.",
    "Stuck in traffic for two hours. Awesome.",
    "Great. Another delay.",
    "Loving this #traffic jam, #blessed",
    "The class was a disaster and I loved every minute of it.",
    "Not great being stuck in traffic.",
    "I love my team. Traffic was bad this morning, but we shipped anyway.",
    "My flight got cancelled, but the crew were wonderful about it.",
    "Such a great day at the beach with friends.",
    "Traffic was terrible. We spent the afternoon at the lake. The sunset was beautiful.",
    "Oh wonderful, the wifi died again during my call",
]


def test_sentiment_contrast_lexical_test_is_a_superset(linters, forms):
    """Wherever the analysed measure is non-zero, the lexical test on the tokenized post holds,
    and it does rule out posts where praise and misery never meet in a sentence."""
    from authlint.measures.metrics import METRICS

    measure = METRICS["sentiment_contrast"]
    could = measure.could(forms.lemma)
    _, full = linters
    analyzer = full.analyzer
    texts = [*CONTRASTS, *VARIED, *_example_texts()]
    ruled_out = 0
    for text, tokenized, analysed in zip(texts, analyzer.tokenize(texts), analyzer.pipe(texts)):
        if measure(analysed).value > 0:
            assert could(tokenized), text
        ruled_out += not could(tokenized)
    assert not could(analyzer.tokenize(["Traffic was terrible. We spent the afternoon at the lake. "
                                        "The sunset was beautiful."])[0])
    assert ruled_out > len(texts) // 2
