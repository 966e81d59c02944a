"""Long posts are annotated in pieces of whole sentences, so the statistical components never
hold a whole long post's activations; the Doc keeps its tokens and gets the same kind of
annotations, nearly all of them identical to annotating it in one go."""

from __future__ import annotations

import pytest

from authlint.nlp import pieces
from authlint.nlp.analyzer import Analyzer, complete
from authlint.nlp.features import LEMMA, NER, PARSER, TAGGER
from authlint.settings.config import DEFAULT_MODEL

SENTENCES = [
    "Maria Lopez from Lisbon reviewed every chapter of the book last spring.",
    "We shipped the new search page on Tuesday and the team celebrated.",
    "Honestly, the release notes explain what changed and why it matters.",
    "Thanks to everyone in Berlin who tested the beta on slow phones!",
    "The venue moved again, so please check the map before you leave.",
]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(DEFAULT_MODEL, {TAGGER, LEMMA, PARSER, NER}, on_demand={NER})


@pytest.fixture
def small_pieces(monkeypatch):
    """Pieces of about two sentences, for posts of a few hundred tokens."""
    monkeypatch.setattr(pieces, "PIECES_ABOVE", 40)
    monkeypatch.setattr(pieces, "PIECE_TOKENS", 30)
    monkeypatch.setattr(pieces, "SENTENCE_TOKENS", 120)


def _text(n: int) -> str:
    return " ".join(SENTENCES[i % len(SENTENCES)] for i in range(n))


def _annotated(analyzer: Analyzer, text: str):
    doc = analyzer.tokenize([text])[0]
    depth, through = analyzer.depth({TAGGER, LEMMA, PARSER}), analyzer.depth({TAGGER, LEMMA, PARSER, NER})
    return analyzer.annotate([doc], depth, through)[0]


def _columns(doc):
    return [(t.text, t.idx, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i, t.is_sent_start) for t in doc]


def test_piece_spans_cover_the_doc_at_sentence_starts(analyzer, small_pieces):
    doc = analyzer.tokenize([_text(12)])[0]
    spans = pieces.piece_spans(doc, pieces.PIECE_TOKENS)
    starts = {s.start for s in doc.sents}
    assert spans[0][0] == 0 and spans[-1][1] == len(doc)
    assert all(a == prev_end for (a, _), (_, prev_end) in zip(spans[1:], spans)), "no gap, no overlap"
    assert all(a in starts for a, _ in spans)
    assert all(b - a <= pieces.PIECE_TOKENS or sum(1 for s in starts if a < s < b) == 0 for a, b in spans)
    assert len(spans) > 3


def test_a_sentence_longer_than_the_cap_is_cut_inside(analyzer, small_pieces):
    doc = analyzer.tokenize([" ".join(["word"] * 300)])[0]
    spans = pieces.piece_spans(doc, pieces.PIECE_TOKENS)
    assert spans[0][0] == 0 and spans[-1][1] == len(doc) and all(b - a <= pieces.PIECE_TOKENS for a, b in spans)


def test_a_long_doc_in_pieces_keeps_its_tokens_and_nearly_every_annotation(analyzer, small_pieces, monkeypatch):
    text = _text(20)
    whole = _annotated(analyzer, text)  # short enough? no: it is cut; compare with an uncut run below
    monkeypatch.setattr(pieces, "PIECES_ABOVE", 10**9)
    one_go = _annotated(analyzer, text)
    assert whole.text == one_go.text == text and len(whole) == len(one_go)
    same = sum(a == b for a, b in zip(_columns(whole), _columns(one_go)))
    assert same / len(whole) >= 0.95
    for sent in whole.sents:  # every arc stays inside its sentence, and so inside its piece
        assert all(sent.start <= t.head.i < sent.end for t in sent)
    assert all(t.tag_ and t.lemma_ for t in whole)


def test_entities_of_a_long_doc_come_from_its_pieces_on_demand(analyzer, small_pieces):
    doc = _annotated(analyzer, _text(20))
    assert not doc.ents  # deferred: the entity recognizer has not run
    complete(doc)
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("Lisbon", "GPE") in found and ("Berlin", "GPE") in found
    assert len([e for e in doc.ents if e.text == "Berlin"]) == 4  # one per repetition: every piece


def test_short_docs_are_never_cut(analyzer, monkeypatch):
    cut = []
    monkeypatch.setattr(pieces, "piece_spans", lambda *a, **k: cut.append(1) or [])
    doc = _annotated(analyzer, _text(30))
    assert not cut and len(doc) <= pieces.PIECES_ABOVE and doc.has_annotation("DEP")


def test_linter_reports_on_a_long_post_match_the_post_checked_in_one_go(small_pieces, monkeypatch):
    """Findings of a post long enough to be cut equal those of the same post analysed whole
    (the rules see one Doc either way; only the models' view is cut)."""
    from authlint import Linter

    text = "\n\n".join([_text(6), "Oh great, another outage. Just what we needed!", "Buy now!!! Link in bio.", _text(6)])
    cut = Linter(jobs=1).check(text)
    monkeypatch.setattr(pieces, "PIECES_ABOVE", 10**9)
    whole = Linter(jobs=1).check(text)
    assert [(f.rule, f.start, f.end) for f in cut.findings] == [(f.rule, f.start, f.end) for f in whole.findings]
    assert cut.findings and cut.score == whole.score
