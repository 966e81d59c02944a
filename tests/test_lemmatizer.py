"""The faster rule lemmatizer (authlint.nlp.lemmatizer) gives spaCy's own lemmas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy

from authlint.nlp.analyzer import resolve_model
from authlint.nlp.lemmatizer import speed_up

ROOT = Path(__file__).resolve().parent.parent
#: Inflections that reach every branch: suffix rules with the form in the index or not,
#: exceptions, base forms (singular nouns, infinitives), proper nouns, numbers, emoji, URLs.
WORDS = (
    "The children were running faster than the geese, and she'd bought three better mice. "
    "I was studying; they studied; he studies. Dr. Smith's analyses were the happiest ones. "
    "We've written 12 posts 🙏 https://example.com/a_b?x=1 #launching @makers Berkeleys wolves "
    "leaves ladies oxen feet teeth axes bases criteria phenomena dwarves worst went gone did."
)


def _texts() -> list[str]:
    rows = (ROOT / "examples" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    return [WORDS, *(json.loads(line)["text"] for line in rows if line.strip())]


@pytest.fixture(scope="module")
def pipelines() -> tuple[Any, Any]:
    model = resolve_model("en_core_web_sm")
    plain = spacy.load(model, exclude=["parser", "ner"])
    fast = spacy.load(model, exclude=["parser", "ner"])
    assert speed_up(fast.get_pipe("lemmatizer"))
    return plain, fast


def test_same_lemmas_as_spacy(pipelines: tuple[Any, Any]) -> None:
    plain, fast = pipelines
    texts = _texts()
    expected = [[(t.text, t.lemma_) for t in doc] for doc in plain.pipe(texts)]
    assert [[(t.text, t.lemma_) for t in doc] for doc in fast.pipe(texts)] == expected
    # and again, now from the cache
    assert [[(t.text, t.lemma_) for t in doc] for doc in fast.pipe(texts)] == expected
    assert sum(map(len, expected)) > 4_000


def test_early_answers_are_cached_too(pipelines: tuple[Any, Any]) -> None:
    """A singular noun is its own lemma without the rule tables (spaCy does not cache it)."""
    plain, fast = pipelines
    for nlp in (plain, fast):
        nlp.get_pipe("lemmatizer").cache.clear()
        doc = nlp("The cat sat.")
        assert doc[1].lemma_ == "cat" and doc[1].pos_ == "NOUN"
    key = lambda doc: (doc[1].orth, doc[1].pos, doc[1].morph.key)  # noqa: E731
    assert key(fast("The cat sat.")) in fast.get_pipe("lemmatizer").cache
    assert key(plain("The cat sat.")) not in plain.get_pipe("lemmatizer").cache


def test_other_components_are_left_alone(pipelines: tuple[Any, Any]) -> None:
    plain, _ = pipelines
    assert not speed_up(plain.get_pipe("tagger"))
    assert not speed_up(object())
