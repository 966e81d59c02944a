"""The per-Doc plain-data views say exactly what spaCy's own Doc says."""

from __future__ import annotations

import pytest

from authlint import Linter
from authlint.nlp.views import doc_folded, doc_text, sentences, tokens

TEXTS = [
    "",
    "   ",
    "One. Two! Three?",
    "no punctuation\nnew line here\r\n\r\nand a blank one",
    "Launch day 🚀🚀 #startup @maria https://example.com/x?y=1 ... ok!!!",
    "İstanbul ſtraße KELVIN K — “quoted” text… end",
    "a",
]


@pytest.fixture(scope="module")
def docs():
    linter = Linter()
    analyzer = linter.analyzer
    return list(analyzer.tokenize(TEXTS)) + list(analyzer.pipe(TEXTS))


def test_table_matches_the_tokens(docs):
    for doc in docs:
        table = tokens(doc)
        assert len(table) == len(doc)
        for row, token in zip(table, doc):
            assert (row.i, row.idx, row.text, row.lower, row.is_punct, row.is_space, row.like_url) == (
                token.i, token.idx, token.text, token.lower_, token.is_punct, token.is_space, token.like_url
            )
            assert row.end == token.idx + len(token.text)


def test_sentences_split_where_spacy_splits(docs):
    for doc in docs:
        assert [(s[0].i, s[-1].i + 1) for s in sentences(doc)] == [(s.start, s.end) for s in doc.sents]


def test_text_views_are_computed_once(docs):
    doc = docs[4]
    assert doc_text(doc) == doc.text and doc_text(doc) is doc_text(doc)
    assert doc_folded(doc) == doc.text.lower() and doc_folded(doc) is doc_folded(doc)
    assert tokens(doc) is tokens(doc) and sentences(doc) is sentences(doc)
