"""The lookup attribute ruler sets exactly what spaCy's AttributeRuler sets."""

from __future__ import annotations

import pytest
import spacy
from test_prefilter import VARIED, _example_texts, _rule_example_texts

from authlint.nlp.analyzer import resolve_model
from authlint.nlp.attribute_ruler import FastAttributeRuler

# Words the ruler's multi-token and REGEX entries are about ("ain't", "gonna", "y'all"...).
COLLOQUIAL = [
    "I ain't gonna do it, y'all. Let's go! There's a cat. C'mon, we gotta go.",
    "Y'all ain't ready for nothin'. There are two. There were three, there's one.",
    "gonna gonna gotta ta let's 's all y all",
    "\n\n  \t Spaces , and\n\nbreaks .",
]


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(resolve_model("en_core_web_sm"), exclude=["ner"])


def _annotations(doc):
    return [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.norm_, t.dep_, t.is_sent_start) for t in doc]


def test_same_annotations_as_spacy_on_every_corpus(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    fast = FastAttributeRuler.compile(ruler)
    assert fast is not None
    texts = _example_texts() + _rule_example_texts() + VARIED + COLLOQUIAL
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        docs = list(nlp.pipe(texts))
    lemmatizer = nlp.get_pipe("lemmatizer")
    for text, doc in zip(texts, docs):
        reference, ours = ruler(doc.copy()), fast(doc.copy())
        assert _annotations(reference) == _annotations(ours), text[:80]
        # and what the lemmatizer then reads from them
        assert _annotations(lemmatizer(reference)) == _annotations(lemmatizer(ours)), text[:80]


def test_colloquial_entries_still_apply(nlp):
    fast = FastAttributeRuler.compile(nlp.get_pipe("attribute_ruler"))
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        doc = nlp("We are gonna win, y'all.")
    lemmas = [t.lemma_ for t in fast(doc)]
    assert lemmas[2:4] == ["go", "to"]  # "gonna": two tokens, lemmas from a two-token entry


def test_other_components_and_extension_attributes_are_left_alone(nlp):
    assert FastAttributeRuler.compile(nlp.get_pipe("tagger")) is None
    custom = spacy.blank("en").add_pipe("attribute_ruler")
    from spacy.tokens import Token

    Token.set_extension("authlint_test_flag", default=False, force=True)
    custom.add([[{"LOWER": "x"}]], {"_": {"authlint_test_flag": True}})
    assert FastAttributeRuler.compile(custom) is None


def test_the_staged_pipeline_uses_it():
    from authlint import Linter

    stages = dict(Linter().analyzer.stages()[1])
    assert isinstance(stages["attribute_ruler"].component, FastAttributeRuler)


def test_any_start_up_error_falls_back_to_spacys_own_ruler(nlp, monkeypatch: pytest.MonkeyPatch):
    """A spaCy release that moved the private helper (or changed ``patterns``) costs speed only."""
    import spacy.tokens._retokenize as retokenize

    from authlint.nlp.attribute_ruler import faster_or_same

    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(faster_or_same(ruler), FastAttributeRuler)
    monkeypatch.delattr(retokenize, "set_token_attrs")
    assert faster_or_same(ruler) is ruler
    monkeypatch.undo()
    monkeypatch.setattr(type(ruler), "patterns", property(lambda self: [{"attrs": {}}]))  # no "patterns" key
    assert faster_or_same(ruler) is ruler
    # and spaCy's ruler, used in its place, still annotates
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        doc = nlp("We are gonna win.")
    monkeypatch.undo()
    assert [t.pos_ for t in faster_or_same(ruler)(doc)][:2] == ["PRON", "AUX"]


def test_analyzer_pipeline_falls_back_when_the_fast_ruler_cannot_be_built(monkeypatch: pytest.MonkeyPatch):
    from authlint.nlp import attribute_ruler
    from authlint.nlp.analyzer import _faster

    def broken(cls, ruler):
        raise AttributeError("spaCy moved something")

    monkeypatch.setattr(attribute_ruler.FastAttributeRuler, "compile", classmethod(broken))
    sentinel = object()
    assert _faster(sentinel) is sentinel
