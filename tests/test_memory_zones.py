"""Long runs keep flat memory: spaCy's vocabulary held to a budget (authlint.nlp.memory).

Once a pipeline's vocabulary has grown by the budget, every batch of posts runs in a spaCy
memory zone, which frees what the batch added; the findings must not change, and nothing loaded
later may lose its strings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language

from authlint import Linter
from authlint.engine.blocks import BlockChecker
from authlint.nlp import memory
from authlint.nlp.memory import VocabBudget

ROOT = Path(__file__).resolve().parent.parent


def _add_words(nlp: Language, prefix: str, n: int) -> None:
    for i in range(n):
        nlp.vocab.strings.add(f"{prefix}{i}")


def test_no_zone_until_the_budget_is_spent() -> None:
    nlp = spacy.blank("en")
    budget = VocabBudget(nlp, lambda: None, growth=10)
    with budget.zone():  # the first batch sets the base: nothing spent yet
        assert not nlp.vocab.in_memory_zone
        _add_words(nlp, "early", 5)
    assert "early4" in nlp.vocab.strings  # kept: added before the budget was spent
    _add_words(nlp, "more", 10)
    with budget.zone():
        assert nlp.vocab.in_memory_zone
        nlp("zonedword appears once")
        assert "zonedword" in nlp.vocab.strings
    assert not nlp.vocab.in_memory_zone
    assert "zonedword" not in nlp.vocab.strings  # freed with the zone
    assert "early4" in nlp.vocab.strings and "more9" in nlp.vocab.strings


def test_strings_stop_growing_once_spent() -> None:
    nlp = spacy.blank("en")
    budget = VocabBudget(nlp, lambda: None, growth=50)
    sizes = []
    for batch in range(6):
        with budget.zone():
            for i in range(40):
                nlp(f"post {batch}-{i} says hello to @user{batch}x{i}")
        sizes.append(len(nlp.vocab.strings))
    assert sizes[-1] == sizes[-2] == sizes[-3]  # flat from the batch after the budget was spent
    assert sizes[-1] - sizes[0] < 50 + 40 * 3  # grew at most by the budget and one batch


def test_deferred_components_load_once_before_the_first_zone() -> None:
    nlp = spacy.blank("en")
    calls: list[bool] = []
    budget = VocabBudget(nlp, lambda: calls.append(nlp.vocab.in_memory_zone), growth=0)
    for _ in range(3):
        with budget.zone():
            assert nlp.vocab.in_memory_zone
    assert calls == [False]  # once, and outside any zone


def test_zones_never_nest() -> None:
    nlp = spacy.blank("en")
    budget = VocabBudget(nlp, lambda: None, growth=0)
    with nlp.memory_zone():
        nlp("outerword")
        with budget.zone():
            nlp("innerword")
        # an inner zone would have freed the outer zone's strings on leaving
        assert "outerword" in nlp.vocab.strings and "innerword" in nlp.vocab.strings
    assert "outerword" not in nlp.vocab.strings


def test_lemmatizer_cache_is_emptied_past_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = spacy.blank("en")

    class Cached:
        def __init__(self) -> None:
            self.cache: dict[Any, Any] = {}

        def __call__(self, doc: Any) -> Any:
            return doc

    cached = Cached()
    Language.component("authlint_test_cached", func=cached)
    nlp.add_pipe("authlint_test_cached")
    monkeypatch.setattr(memory, "LEMMA_CACHE_ENTRIES", 3)
    budget = VocabBudget(nlp, lambda: None, growth=10**9)
    cached.cache.update({i: i for i in range(3)})
    with budget.zone():
        pass
    assert len(cached.cache) == 3  # at the limit: kept
    cached.cache[3] = 3
    with budget.zone():
        pass
    assert cached.cache == {}


def _corpus(n: int) -> list[str]:
    rows = [json.loads(line) for line in (ROOT / "examples" / "corpus.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["text"] for r in rows][:n]


@pytest.mark.fresh_pipeline  # its own pipeline and rules: every matcher is built by this Linter
def test_findings_are_the_same_inside_zones(monkeypatch: pytest.MonkeyPatch, linter: Linter) -> None:
    """Every batch in a zone (budget 0) against no zone at all: the same reports, claims
    (the deferred entity recognizer loaded before the first zone) included. The zoned Linter
    binds its rules and builds its gate in its first batch, which must happen outside the zone."""
    posts = [*_corpus(300), "As a nurse at St. Mary's Hospital in Boston I recommend GLOW15 zzqxv."]
    expected = [r.to_dict() for r in linter.check_many(posts)]
    monkeypatch.setattr(memory, "VOCAB_GROWTH", 0)
    zoned = Linter()
    got = [r.to_dict() for r in zoned.check_many(posts)]
    assert got == expected
    assert any(r["claims"] for r in got)
    again = [r.to_dict() for r in zoned.check_many(posts)]  # the zones left nothing broken behind
    assert again == expected


def test_a_linter_keeps_its_vocabulary_flat_on_unseen_posts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "VOCAB_GROWTH", 500)
    zoned = Linter()
    strings = zoned.engine.analyzer.nlp.vocab.strings
    sizes = []
    for batch in range(5):
        posts = [f"Thanks @maker{batch}x{i} for shipping build {batch}{i:04d}qz today!" for i in range(300)]
        reports = list(zoned.check_many(posts))
        assert all(0 <= r.score <= 100 for r in reports)
        sizes.append(len(strings))
    assert sizes[-1] == sizes[-2]  # 1,200+ new words per batch, none kept once the budget is spent


def test_the_language_servers_block_cache_never_runs_in_a_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its cached block Docs outlive the check that made them: even with the budget spent,
    no zone opens, and edits reuse the cached blocks with the same findings as a full check."""
    monkeypatch.setattr(memory, "VOCAB_GROWTH", 0)
    zoned = Linter()
    nlp = zoned.engine.analyzer.nlp
    opened: list[bool] = []
    real_zone = nlp.memory_zone

    def counting_zone(*args: Any, **kwargs: Any) -> Any:
        opened.append(True)
        return real_zone(*args, **kwargs)

    monkeypatch.setattr(nlp, "memory_zone", counting_zone)
    checker = BlockChecker(zoned)
    text = "Oh great, the qzvbus was late again. Thanks for nothing.\n\nAs a nurse at Qzv Hospital I know best."
    for edit in (text, text + " Honestly.", text.replace("late", "very late")):
        assert checker.check(edit).to_dict() == checker.check_whole(edit).to_dict()
    assert not opened
    list(zoned.check_many(["A batch outside the editor runs in a zone: qzvword."]))
    assert opened
