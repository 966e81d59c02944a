"""spaCy's attribute ruler computed by lookup: the same annotations, without a Matcher pass.

en_core_web_sm's attribute ruler gives every token its coarse POS and morphology from its
fine-grained tag and fixes the lemma or POS of a few hundred words. spaCy runs it as a Matcher
over 179 entries and builds a Span for each match (about one per token), which costs about as
much as the parser on a tagged post. Almost every entry tests one token for ``TAG``, ``DEP``,
``LOWER``... being equal to, in or not in some values, so which entries set a token depends
only on the token's values: entries that do not test the word itself are worked out once per
(tag, dependency, is-space) and cached, the others are found by looking the word up. Entries
of any other shape (several tokens, ``REGEX``...) still run through spaCy's Matcher, each only
on posts that contain a word it needs.

Exactness: the ruler applies matches in the order its entries were added, a later entry
overwriting what an earlier one set. Gathering every entry that matches a token, in that
order, merging their attributes and setting them once with spaCy's own ``set_token_attrs``
leaves each attribute with the value of the last entry that set it, as the ruler does.
``tests/test_attribute_ruler.py`` compares the two on whole corpora.

Robustness: the entries are read through the ruler's public ``patterns``; the two spaCy
helpers this needs that are not public API (``normalize_token_attrs`` and the retokenizer's
``set_token_attrs``) are looked up in :meth:`FastAttributeRuler.compile`, at start-up, and
:func:`faster_or_same` falls back to spaCy's own ruler on *any* error there, so a spaCy
release that moves them costs speed, never a crash.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

#: Token attributes a one-token entry may test and still be looked up, in key order.
_KEYS = ("TAG", "DEP", "IS_SPACE", "LOWER", "ORTH")
_WORD_KEYS = frozenset({"LOWER", "ORTH"})
_SHAPE_KEYS = 3  # (tag, dep, is_space): the part of the key that entries without words test


@dataclass(frozen=True)
class _Test:
    """One attribute test of a one-token entry: ``key`` (position in the token key) in ``values``."""

    key: int
    values: frozenset[int]
    negated: bool = False

    def passes(self, token_key: Sequence[int]) -> bool:
        return (token_key[self.key] in self.values) != self.negated


@dataclass(frozen=True)
class _Entry:
    attr_id: int
    tests: tuple[_Test, ...]

    def matches(self, token_key: Sequence[int]) -> bool:
        return all(t.passes(token_key) for t in self.tests)


class FastAttributeRuler:
    """Stands in for an ``AttributeRuler`` as a pipeline stage (``__call__`` and ``pipe``)."""

    def __init__(self, attrs: list[dict[Any, Any]], indices: list[int], shape_entries: list[_Entry],
                 word_entries: list[_Entry], matched: list[tuple[frozenset[int] | None, Matcher]],
                 set_attrs: Any) -> None:
        from spacy.attrs import IDS

        self._attrs = attrs
        self._indices = indices
        self._set_attrs = set_attrs
        self._attr_ids = [IDS[k] for k in _KEYS]
        self._shape_entries = shape_entries
        # word hash -> entries testing that LOWER (position 3) or ORTH (position 4) value
        self._by_word: tuple[dict[int, list[_Entry]], dict[int, list[_Entry]]] = ({}, {})
        for entry in word_entries:
            test = next(t for t in entry.tests if t.key >= _SHAPE_KEYS and not t.negated)
            for value in test.values:
                self._by_word[test.key - _SHAPE_KEYS].setdefault(value, []).append(entry)
        self._matched = matched
        self._shape_cache: dict[tuple[int, ...], tuple[int, ...]] = {}

    @classmethod
    def compile(cls, ruler: Any) -> FastAttributeRuler | None:
        """The lookup form of a spaCy ``AttributeRuler``, or None for anything else."""
        from spacy.matcher import Matcher
        from spacy.pipeline import AttributeRuler

        if type(ruler) is not AttributeRuler:
            return None
        from spacy.pipeline.attributeruler import normalize_token_attrs
        from spacy.tokens._retokenize import set_token_attrs

        strings = ruler.vocab.strings
        shape_entries: list[_Entry] = []
        word_entries: list[_Entry] = []
        matched: list[tuple[frozenset[int] | None, Matcher]] = []
        entries_read = list(ruler.patterns)  # public: [{"patterns": [...], "attrs": {...}, "index": i}]
        attrs = [normalize_token_attrs(ruler.vocab, dict(e["attrs"])) for e in entries_read]
        indices = [int(e.get("index", 0)) for e in entries_read]
        for attr_id, read in enumerate(entries_read):
            if "_" in attrs[attr_id]:  # extension attributes: leave such rulers alone
                return None
            patterns = read["patterns"]
            entries = [_entry(attr_id, p, strings) for p in patterns] if indices[attr_id] in (0, -1) else [None]
            if any(e is None for e in entries):
                matcher = Matcher(ruler.vocab)
                matcher.add(str(attr_id), patterns)
                matched.append((_needed_words(patterns, strings), matcher))
                continue
            for entry in entries:
                assert entry is not None
                words = any(t.key >= _SHAPE_KEYS and not t.negated for t in entry.tests)
                (word_entries if words else shape_entries).append(entry)
        return cls(attrs, indices, shape_entries, word_entries, matched, set_token_attrs)

    def __call__(self, doc: Doc) -> Doc:
        set_token_attrs = self._set_attrs
        keys = doc.to_array(self._attr_ids).tolist()
        extra = self._matcher_targets(doc, keys) if self._matched else {}
        attrs = self._attrs
        for i, key in enumerate(keys):
            ids = self._ids_for(key)
            if i in extra:
                ids = tuple(sorted({*ids, *extra[i]}))
            if ids:
                merged: dict[int, Any] = {}
                for attr_id in ids:
                    merged.update(attrs[attr_id])
                set_token_attrs(doc[i], merged)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _ids_for(self, key: list[int]) -> tuple[int, ...]:
        """Entries (in the ruler's order) whose one-token pattern matches a token with ``key``."""
        shape = tuple(key[:_SHAPE_KEYS])
        ids = self._shape_cache.get(shape)
        if ids is None:  # a few hundred distinct shapes: this fills up early and stays small
            ids = self._shape_cache[shape] = tuple(e.attr_id for e in self._shape_entries if e.matches(key))
        lower, orth = self._by_word
        candidates = lower.get(key[3], ()), orth.get(key[4], ())
        if not candidates[0] and not candidates[1]:
            return ids
        found = {e.attr_id for group in candidates for e in group if e.matches(key)}
        return tuple(sorted(found.union(ids))) if found else ids

    def _matcher_targets(self, doc: Doc, keys: list[list[int]]) -> dict[int, list[int]]:
        """Token index -> Matcher-run entries that set it (each entry run only where it could match)."""
        present = {k[3] for k in keys} | {k[4] for k in keys}
        strings = doc.vocab.strings
        out: dict[int, list[int]] = {}
        for needed, matcher in self._matched:
            if needed is not None and needed.isdisjoint(present):
                continue
            for match_id, start, end in matcher(doc, allow_missing=True):
                attr_id = int(strings[match_id])
                index = self._indices[attr_id]
                target = start + index if index >= 0 else end + index
                if not start <= target < end:
                    raise ValueError(f"attribute ruler entry {attr_id}: index {index} is outside its match")
                out.setdefault(target, []).append(attr_id)
        return out


def faster_or_same(ruler: Any) -> Any:
    """The lookup form of ``ruler`` when it can be built, else ``ruler`` itself (spaCy's own):
    any error while building it (a spaCy release that changed what this relies on) falls back."""
    try:
        return FastAttributeRuler.compile(ruler) or ruler
    except Exception:  # noqa: BLE001 -- any failure means "use spaCy's ruler", never a crash
        return ruler


def _entry(attr_id: int, pattern: list[dict[str, Any]], strings: Any) -> _Entry | None:
    """A one-token pattern as attribute tests; None when it needs the Matcher (several tokens,
    an operator, another attribute or predicate)."""
    if len(pattern) != 1 or not pattern[0]:
        return None
    tests = []
    for key, value in pattern[0].items():
        name = str(key).upper()
        if name not in _KEYS:
            return None
        negated = False
        if isinstance(value, Mapping):
            if len(value) != 1 or not isinstance(next(iter(value.values())), list):
                return None
            op, options = next(iter(value.items()))
            if op not in ("IN", "NOT_IN"):
                return None
            negated = op == "NOT_IN"
        else:
            options = [value]
        coded = [_code(name, v, strings) for v in options]
        if any(c is None for c in coded):
            return None
        tests.append(_Test(_KEYS.index(name), frozenset(c for c in coded if c is not None), negated))
    # Word tests first: they rule most tokens out.
    return _Entry(attr_id, tuple(sorted(tests, key=lambda t: -t.key)))


def _needed_words(patterns: list[list[dict[str, Any]]], strings: Any) -> frozenset[int] | None:
    """Hashes of words (``LOWER``/``ORTH`` values) of which a post must contain one for the
    patterns to match, or None if some pattern needs no particular word."""
    needed: set[int] = set()
    for pattern in patterns:
        options: list[set[int]] = []
        for spec in pattern:
            if spec.get("OP") not in (None, "1", "+"):
                continue
            for key, value in spec.items():
                if str(key).upper() not in _WORD_KEYS:
                    continue
                words = value.get("IN") if isinstance(value, Mapping) and set(value) == {"IN"} else [value]
                if isinstance(words, list) and all(isinstance(w, str) for w in words):
                    options.append({int(strings.add(w)) for w in words})
        if not options:
            return None
        needed |= min(options, key=len)
    return frozenset(needed)


def _code(key: str, value: Any, strings: Any) -> int | None:
    """``value`` as ``Doc.to_array`` gives it for ``key``: a string's hash, a flag's 0 or 1."""
    if key == "IS_SPACE":
        return int(value) if isinstance(value, bool) else None
    return int(strings.add(value)) if isinstance(value, str) else None
