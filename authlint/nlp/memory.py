"""Flat memory on long runs: spaCy's vocabulary, and the caches keyed by it, kept to a budget.

spaCy keeps every string and lexeme it has ever seen, and its lemmatizer every word's forms:
on a stream of unseen text (handles, URLs, numbers, typos) a process grows by 1-2 KB a post,
so a worker that lints millions of posts runs out of memory. Once the vocabulary has grown by
:data:`VOCAB_GROWTH` strings past its size at the first batch (the words seen by then, frequent
ones first, stay and keep the tokenizer's cache warm), each batch runs in a spaCy memory zone
(``Language.memory_zone``): what the batch adds is freed when it ends.

The contract of a zone is the caller's: Docs made inside one are invalid after it, so a batch
must turn its Docs into plain data (reports) before the zone closes, one batch at a time (zones
do not nest), and nothing loaded inside may outlive it -- hence deferred components are loaded
before the first zone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

#: New strings the vocabulary may gain past its size at the first batch before batches run in
#: memory zones: ~30 MB of strings, lexemes and tokenizer cache.
VOCAB_GROWTH = 50_000
#: Entries the lemmatizer's cache ((word, POS) -> forms) may hold; past that it is emptied.
LEMMA_CACHE_ENTRIES = 100_000


class VocabBudget:
    """The budget of one pipeline; :meth:`zone` is what a batch of posts runs in."""

    def __init__(self, nlp: Language, settle: Callable[[], None], growth: int | None = None) -> None:
        """``settle`` loads whatever the pipeline would load later on demand (it must not be
        loaded inside a zone, which would free its strings); ``growth``: default :data:`VOCAB_GROWTH`."""
        self._nlp, self._settle = nlp, settle
        self._growth = VOCAB_GROWTH if growth is None else growth
        self._base: int | None = None
        self._settled = False

    @property
    def spent(self) -> bool:
        """True once the vocabulary has grown by the budget: batches run in zones from then on."""
        size = len(self._nlp.vocab.strings)
        if self._base is None:
            self._base = size
        return size - self._base >= self._growth

    @contextmanager
    def zone(self) -> Iterator[None]:
        """A memory zone once the budget is spent (else nothing); never nested."""
        _trim_lemma_caches(self._nlp)
        if self._nlp.vocab.in_memory_zone or not self.spent:
            yield
            return
        if not self._settled:
            self._settle()
            self._settled = True
        with self._nlp.memory_zone():
            yield


def _trim_lemma_caches(nlp: Language) -> None:
    for _, proc in nlp.pipeline:
        cache = getattr(proc, "cache", None)  # spaCy's Lemmatizer: (orth, POS) -> forms
        if isinstance(cache, dict) and len(cache) > LEMMA_CACHE_ENTRIES:
            cache.clear()
