"""Start-up shortcuts of the analyzer must give exactly the pipeline spaCy would load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy
import srsly

from authlint.nlp.analyzer import Analyzer, _data_dir, resolve_model
from authlint.nlp.features import LEMMA, NER, PARSER, TAGGER
from authlint.settings.config import DEFAULT_MODEL


def _settings(tokenizer) -> dict:
    return srsly.msgpack_loads(tokenizer.to_bytes(exclude=["vocab"]))


def test_tokenizer_settings_equal_the_saved_ones() -> None:
    analyzer = Analyzer(DEFAULT_MODEL, {TAGGER})
    target = resolve_model(DEFAULT_MODEL)
    assert _settings(analyzer.nlp.tokenizer.inner) == _settings(spacy.load(target).tokenizer)


def test_a_customised_saved_tokenizer_is_still_loaded(tmp_path: Path) -> None:
    source = _data_dir(resolve_model(DEFAULT_MODEL))
    assert source is not None
    model = tmp_path / "model"
    shutil.copytree(source, model)
    nlp = spacy.load(model, exclude=["tagger", "parser", "ner", "lemmatizer", "attribute_ruler", "tok2vec"])
    nlp.tokenizer.add_special_case("authlintxyz", [{"ORTH": "authlint"}, {"ORTH": "xyz"}])
    nlp.tokenizer.to_disk(model / "tokenizer", exclude=["vocab"])
    analyzer = Analyzer(str(model), {TAGGER})
    assert [t.text for t in analyzer.nlp("try authlintxyz")] == ["try", "authlint", "xyz"]


def test_entity_recognizer_on_demand_is_not_loaded_up_front() -> None:
    analyzer = Analyzer(DEFAULT_MODEL, {TAGGER, LEMMA, PARSER, NER}, on_demand={NER})
    assert "ner" not in analyzer.nlp.pipe_names
    assert [name for name, _ in analyzer.stages()[1]][-1] == "ner"  # still a stage, in model order


def test_annotation_batches_are_capped_in_docs_and_tokens():
    """A batch's activations live until the call returns: batches stay small, in input order."""
    from authlint.nlp.analyzer import ANNOTATE_BATCH, ANNOTATE_TOKENS, _batches

    class Sized:
        def __init__(self, n: int) -> None:
            self.n = n

        def __len__(self) -> int:
            return self.n

    docs = [Sized(n) for n in [10] * 40 + [ANNOTATE_TOKENS * 3] + [400, 400, 400, 5]]
    batches = list(_batches(docs))  # type: ignore[arg-type]
    assert [d for b in batches for d in b] == docs
    assert all(len(b) <= ANNOTATE_BATCH for b in batches)
    assert all(sum(map(len, b)) <= ANNOTATE_TOKENS or len(b) == 1 for b in batches)
    assert [len(b) for b in batches][-3:] == [1, 2, 2]  # the long post alone; then 400+400, 400+5


TEXTS = ["Went for a walk by the river before the rain started.",
         "I just love waiting an hour for the bus in the rain.",
         "As a nurse of ten years I can tell you that Mercy Hospital in Boston is understaffed.",
         "Huge thanks to @maria for reviewing every chapter!\n\nBuy now!!! Link in bio."]
COLUMNS = ["TAG", "POS", "MORPH", "LEMMA", "HEAD", "DEP", "SENT_START"]


@pytest.mark.fresh_pipeline  # watches the weights load: no pipeline an earlier test loaded
def test_weights_load_with_the_first_post_that_needs_them() -> None:
    """The tok2vec, tagger and parser weights are not read to tokenize, bind rules or answer a
    post no rule sends to them; the first analysed post reads them, and annotates exactly as a
    pipeline loaded whole does, through the staged path and the whole pipeline alike."""
    features = {TAGGER, LEMMA, PARSER}
    lazy, eager = Analyzer(DEFAULT_MODEL, features), Analyzer(DEFAULT_MODEL, features, defer_weights=False)
    assert lazy.nlp.pipe_names == eager.nlp.pipe_names
    lazy.tokenize(TEXTS)
    assert not lazy.weights_loaded() and eager.weights_loaded()
    depth = lazy.depth(features)
    staged = lazy.annotate(lazy.tokenize(TEXTS), depth)
    assert lazy.weights_loaded()
    reference = eager.annotate(eager.tokenize(TEXTS), depth)
    whole = list(Analyzer(DEFAULT_MODEL, features).pipe(TEXTS))
    for a, b, c in zip(staged, reference, whole):
        assert a.to_array(COLUMNS).tolist() == b.to_array(COLUMNS).tolist() == c.to_array(COLUMNS).tolist()
        assert any(t.dep_ == "ROOT" for t in a) and all(t.tag_ for t in a if not t.is_space)


@pytest.mark.fresh_pipeline
def test_a_clean_post_is_answered_without_the_weights() -> None:
    from authlint import Linter

    linter = Linter(claims=False)
    assert linter.check(TEXTS[0]).score == 100
    assert not linter.analyzer.weights_loaded()
    assert any(f.rule == "SNK104" for f in linter.check(TEXTS[1]).findings)
    assert linter.analyzer.weights_loaded()
    linter.prepare()  # what a pool calls before forking: everything is loaded
    assert linter.analyzer.weights_loaded()
