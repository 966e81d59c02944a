"""Start-up shortcuts of the analyzer must give exactly the pipeline spaCy would load."""

from __future__ import annotations

import shutil
from pathlib import Path

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
